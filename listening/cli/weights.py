"""CLI for weighting to the population: --weights-from/--weight-by on analyze and export, and ``weights``."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from listening.analysis import Analysis
from listening.ingest import read_path
from listening.privacy import write_csv_file
from listening.weighting import (
    METHODS,
    MISSING_RULES,
    Weighting,
    combine,
    proposed_setup,
    read_mapping,
    read_population,
    weigh_answers,
)
from listening.workspace import open_workspace

from .stored import latest_curated


def add_weight_options(p: argparse.ArgumentParser, required: bool = False) -> None:
    p.add_argument("--weights-from" if not required else "--from", dest="weights_from", action="append",
                   required=required, metavar="FILE",
                   help="table of resident counts (CSV/TSV/XLSX, any supported encoding; long or wide) to weight "
                        "the respondents to; repeatable (an age table and a district table)"
                        + ("" if required else "; then clusters.csv gains weighted_share, the crosstab files "
                           "weighted counts and shares, run.json the diagnostics, and exports their method note"))
    p.add_argument("--weight-by" if not required else "--by", dest="weight_by", action="append", metavar="ATTR",
                   help="survey attribute to weight by, or ATTR=COLUMN to name the population column; repeatable "
                        "(default: every attribute the population table matches)")
    p.add_argument("--weight-cap", type=float, default=5.0, metavar="X",
                   help="trim weights above X times the mean weight, re-raking after each cap (default 5; 0: no trimming)")
    p.add_argument("--weight-method", choices=METHODS, default="auto",
                   help="auto (post-stratify when the table gives every combination and each cell has "
                        "respondents, else rake), rake or poststratify (default auto)")
    p.add_argument("--weight-missing", choices=MISSING_RULES, default="keep",
                   help="respondents missing a weighting attribute: keep (weight 1, default) or exclude "
                        "(left out of weighted figures)")
    p.add_argument("--weights-source", default="", metavar="TEXT",
                   help="where the counts come from, for the method note (e.g. 住民基本台帳)")
    p.add_argument("--weights-date", default=None, metavar="DATE",
                   help="the date the counts refer to (default: read from the table's title line if it has one)")
    p.add_argument("--mapping", default=None, metavar="FILE",
                   help="an edited mapping (CSV written by `weights --mapping-out`) instead of the guessed one")
    if not required:
        p.add_argument("--weighted", action="store_true",
                       help="weight to the margins stored for the dataset (Weighting page, or `weights --save`) "
                            "instead of reading --weights-from")


def _by_and_names(values: list[str] | None) -> tuple[list[str] | None, dict[str, str]]:
    if not values:
        return None, {}
    by, names = [], {}
    for value in values:
        attr, _, column = value.partition("=")
        by.append(attr.strip())
        if column.strip():
            names[attr.strip()] = column.strip()
    return by, names


def cli_weighting(args, analysis: Analysis, ws=None) -> Weighting | None:
    """The weighting the command line asks for: from --weights-from, else with --weighted the
    dataset's stored margins (``ws``), else None."""
    if not getattr(args, "weights_from", None):
        if not getattr(args, "weighted", False):
            return None
        weighting = ws.weights_for(analysis) if ws is not None else None
        if weighting is None:
            raise ValueError("--weighted: this dataset has no population margins stored yet; set them on the "
                             "Weighting page or with `weights --dataset NAME --from FILE --save`, or pass --weights-from")
        return weighting
    populations = []
    for path in args.weights_from:
        p = Path(path)
        if not p.is_file():
            raise ValueError(f"{path}: file not found")
        populations.append(read_population(p.read_bytes(), p.name, source=args.weights_source, as_of=args.weights_date))
    population = combine(*populations)
    by, names = _by_and_names(args.weight_by)
    mapping = None
    if args.mapping:
        mapping = read_mapping(read_path(args.mapping).frame)
        by = by or list(dict.fromkeys(mapping["attribute"]))
    elif by is None:
        by, mapping = proposed_setup(analysis.answers, population, analysis.attributes)
    return weigh_answers(analysis.answers, population, list(by), mapping=mapping, attribute_map=names,
                         method=args.weight_method, max_ratio=args.weight_cap or None, missing=args.weight_missing)


def add_weights_command(sub, db_help: str) -> None:
    w = sub.add_parser("weights", help="weight a dataset's respondents to population margins and print the diagnostics",
                       description="Read a table of resident counts, map the survey's attribute values onto its "
                                   "categories and weight the respondents of the dataset's latest analysis: prints the "
                                   "mapping (unmatched values listed), the method, margins before and after, Kish's "
                                   "effective sample size, the design effect and the largest weights.")
    w.add_argument("--dataset", required=True, metavar="NAME", help="dataset name in the store (see `datasets`)")
    add_weight_options(w, required=True)
    w.add_argument("--mapping-out", metavar="FILE",
                   help="write the mapping as CSV (UTF-8 with BOM) to edit and pass back with --mapping")
    w.add_argument("--save", action="store_true",
                   help="store the table (and the --mapping, if given) as the dataset's margins for the app")
    w.add_argument("--json", action="store_true", help="print the diagnostics as JSON")
    w.add_argument("--db", default=None, metavar="PATH", help=db_help)


def weights_command(args, db: str, user) -> int:
    with open_workspace(db, user) as ws:
        analysis = latest_curated(ws, args.dataset)
        dataset_id = analysis.dataset_id
        weighting = cli_weighting(args, analysis)
        if args.save:
            if len(args.weights_from) > 1:
                raise ValueError("--save stores one table: combine the counts into one file first")
            path = Path(args.weights_from[0])
            ws.set_population(dataset_id, path.read_bytes(), path.name, source=args.weights_source,
                              as_of=args.weights_date, by=weighting.diagnostics["by"])
            ws.set_weighting(dataset_id, mapping=weighting.mapping, method=args.weight_method,
                             max_ratio=args.weight_cap or None, missing=args.weight_missing)
    if args.mapping_out:
        out = Path(args.mapping_out)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_csv_file(out, weighting.mapping)  # UTF-8 with BOM for Excel; no cell runs as a formula
    if args.json:
        print(json.dumps(weighting.diagnostics | {"margins": weighting.margins.to_dict(orient="records")},
                         ensure_ascii=False, indent=1, default=str))
    else:
        print_diagnostics(weighting)
    return 0


def print_diagnostics(weighting: Weighting) -> None:
    d = weighting.diagnostics
    for s in d.get("sources", []):
        print(f"margins: {s['filename']} ({s['layout']})" + (f", {s['source']}" if s.get("source") else "")
              + (f", as of {s['as_of']}" if s.get("as_of") else ""))
    print(f"method: {d['method']} ({d['reason']}); by {', '.join(d['by'])}; cap {d['max_ratio'] or 'none'}; "
          f"missing attributes: {d['missing_rule']}")
    print(f"respondents: {d['n_respondents']}, weighted {d['n_weighted']}, kept at weight 1 {d['n_kept_at_1']}, "
          f"excluded {d['n_excluded']}; answers {d['n_answers']}, without a respondent (not weighted) "
          f"{d['n_answers_without_respondent']}")
    for a in d["by"]:
        lost_v, lost_c = d["unmatched_values"].get(a, {}), d["unmatched_categories"].get(a, {})
        if lost_v:
            print(f"  {a}: survey values without a population group: "
                  + ", ".join(f"{v} ({int(n or 0)})" for v, n in lost_v.items()))
        if lost_c:
            print(f"  {a}: population categories outside the survey: "
                  + ", ".join(f"{v} ({int(n or 0):,})" for v, n in lost_c.items()))
        if d["empty_groups"].get(a):
            print(f"  {a}: groups without respondents (not represented): {', '.join(d['empty_groups'][a])}")
    print(f"effective n (Kish): {d['effective_n']:.0f} of {d['n_weighted'] + d['n_kept_at_1']}; design effect "
          f"{d['design_effect']:.2f}; weights {d['min_weight']:.2f}-{d['max_weight']:.2f}, {d['n_trimmed']} at the cap; "
          f"largest margin gap {d['max_margin_error'] * 100:.2f} pt")
    margins = weighting.margins.assign(
        population_share=lambda m: (m["population_share"] * 100).round(1),
        sample_share=lambda m: (m["sample_share"] * 100).round(1),
        weighted_share=lambda m: (m["weighted_share"] * 100).round(1))
    with pd.option_context("display.width", 160, "display.max_rows", 500):
        print(margins[["attribute", "group", "population_share", "sample_share", "weighted_share", "respondents"]]
              .to_string(index=False))
    print("largest weights: " + ", ".join(f"{w['weight']:.2f}" for w in d["largest_weights"][:5]))
