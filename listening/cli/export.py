"""CLI for exports: the --report/--public options of ``analyze`` and the ``export`` command."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from listening.analysis import Analysis
from listening.views import suggested_attributes
from listening.workspace import Workspace, open_workspace

from .stored import latest_curated
from .weights import cli_weighting


def add_report_options(p: argparse.ArgumentParser, always: bool = False) -> None:
    if not always:
        p.add_argument("--report", action="store_true",
                       help="also write report.html (self-contained), summary.xlsx, answers_bom.csv "
                            "(UTF-8 with BOM for Excel) and export.json")
    p.add_argument("--public", action="store_true",
                   help="write only the public versions: personal data masked, groups and crosstab cells of "
                        "fewer than 5 people shown as <5, no respondent ids"
                        + ("" if always else "; implies --report, and the internal CSVs are not written"))
    p.add_argument("--force", action="store_true",
                   help="with --public: release even when a printed count differs from an earlier public release of "
                        "the dataset by fewer than 5 people (comparing the two could show who changed); logged")
    p.add_argument("--report-lang", choices=("ja", "ko", "en"), metavar="LANG",
                   help="language of the report and workbook: ja, ko or en (default: the answers' main language)")
    p.add_argument("--crosstab", action="append", default=None, metavar="ATTR",
                   help="attribute to cross-tabulate against the themes in the report; repeatable "
                        "(default: every --attr; for export, the attributes most answers have with 2-20 values)")
    p.add_argument("--answer-attr", action="append", default=None, metavar="ATTR",
                   help="attribute printed beside each answer in the exports; repeatable "
                        "(default: the crosstab attributes for internal exports, none for public ones; public "
                        "exports withhold combinations of cluster and attributes held by fewer than 5 people)")
    p.add_argument("--topic", action="append", type=int, default=None, metavar="ID",
                   help="publish only these topics (ids as in clusters.csv); repeatable (default: all)")
    p.add_argument("--title", metavar="TEXT", help="report title (default: the dataset name)")
    p.add_argument("--period", metavar="TEXT",
                   help="collection period as it should read, used when the answers have no date attribute "
                        "(default: from the dates; without either, the report says it is unknown)")
    p.add_argument("--date-attr", metavar="ATTR",
                   help="attribute holding each answer's date, for the collection period (default: one named like "
                        "a date, such as 回答日 or 날짜)")
    p.add_argument("--goals", action="store_true",
                   help="add the goal coverage section: answers per vision goal (goals stored with `goals import`)")


def export_command(args, db: str, user) -> int:
    with open_workspace(db, user) as ws:
        analysis = latest_curated(ws, args.dataset)
        write_export(args, ws, analysis, Path(args.out),
                     default_crosstabs=suggested_attributes(analysis.answers, analysis.attributes),
                     weighting=cli_weighting(args, analysis, ws))
    return 0


def write_export(args, ws: Workspace, analysis: Analysis, out: Path, default_crosstabs: list[str],
                 weighting=None) -> list[Path]:
    from listening.export import ExportOptions, write_exports

    dates = [args.date_attr] if getattr(args, "date_attr", None) else []
    unknown = [a for a in (args.crosstab or []) + (args.answer_attr or []) + dates if a not in analysis.attributes]
    if unknown:
        raise ValueError(f"unknown attribute(s) {', '.join(unknown)}; the dataset has: {', '.join(analysis.attributes)}")
    topics = set(analysis.answers["topic"].unique().tolist())
    if args.topic and (missing := sorted(set(args.topic) - topics)):
        raise ValueError(f"no topic(s) {', '.join(map(str, missing))}; topics are {min(topics)}-{max(topics)}")
    crosstabs = tuple(args.crosstab if args.crosstab is not None else default_crosstabs)
    options = ExportOptions(
        audience="public" if args.public else "internal",
        language=args.report_lang or report_language(analysis),
        topics=tuple(args.topic) if args.topic else None,
        crosstabs=crosstabs,
        # Demographics beside public answers are opt-in: the crosstabs are where they belong.
        answer_attributes=tuple(args.answer_attr if args.answer_attr is not None
                                else (() if args.public else crosstabs)),
        title=args.title, period=args.period, date_attribute=getattr(args, "date_attr", None),
        include_goals=args.goals,
    )
    # Checks the role, adds the goal section and the weighted shares, writes the audit log.
    data = ws.export(analysis, options, weighting=weighting)
    differences = ws.release_check(analysis, data)
    if differences and not args.force:
        print(release_warning(differences, options.min_cell), file=sys.stderr)
        raise ValueError("nothing was written: this public release could show who changed since an earlier one; "
                         "add --force to release anyway (logged)")
    written = write_exports(data, out)
    ws.record_release(analysis, data, differences, forced=bool(differences))
    print(f"{options.audience} export ({options.language}): " + ", ".join(p.name for p in written), file=sys.stderr)
    return written


def report_language(analysis: Analysis) -> str:
    """ja or ko when most answers are in it, else en."""
    counts = analysis.answers["language"].value_counts()
    top = str(counts.index[0]) if len(counts) else "other"
    return top if top in ("ja", "ko") else "en"


def release_warning(differences: list, min_cell: int) -> str:
    """What staff read before releasing counts that differ from an earlier release by a few people."""
    dates = sorted({d.released_at[:10] for d in differences})
    lines = [f"warning: {len(differences)} printed counts differ by fewer than {min_cell} from the public "
             f"release(s) of {', '.join(dates)}:"]
    lines += [f"  {d.cell}: {d.before} -> {d.after}" for d in differences[:10]]
    if len(differences) > 10:
        lines.append(f"  ... and {len(differences) - 10} more")
    lines.append("Anyone holding both releases can subtract them and learn about the few people who changed "
                 "(for example the district and age group of an excluded answer).")
    return "\n".join(lines)
