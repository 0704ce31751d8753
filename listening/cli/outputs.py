"""The files ``analyze`` and ``batch add`` write: answers.csv, clusters.csv, crosstab_<attr>.csv, run.json."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from listening.analysis import Analysis
from listening.privacy import write_csv_file
from listening.views import (
    cluster_shares,
    crosstab,
    crosstab_frame,
    crosstab_summary,
    weighted_crosstab,
    weighted_crosstab_frame,
    weighted_crosstab_summary,
)
from listening.weighting import answer_weights, weighting_note


# Files for programs as much as for people: UTF-8 without BOM, one \n per line; no cell is a formula.
_PLAIN = {"bom": False, "line_end": "\n"}


def safe_filename(name: str) -> str:
    """A column name as a file-name part: keeps Japanese/Korean, replaces path and shell-hostile characters."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "attribute"


def write_outputs(
    analysis: Analysis, out: Path, crosstab_attrs: list[str] | None = None, total_seconds: float | None = None,
    weighting=None,
) -> list[Path]:
    """answers.csv, clusters.csv, crosstab_<attr>.csv (for ``crosstab_attrs``, default every
    attribute) and run.json, all UTF-8. clusters.csv gives each theme and topic its keyword
    label, its name in words and the sentence that stands for it (summary_id, summary). With
    ``weighting`` (listening.weighting.Weighting) answers.csv gains ``weight``, clusters.csv
    ``weighted_share`` beside ``share``, the crosstab files weighted counts and shares, and
    run.json the weighting diagnostics."""
    weights = None if weighting is None else answer_weights(analysis.answers, weighting.weights)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    attrs = list(analysis.attributes)
    base = ["answer_id", "respondent_id", "question", "source", "text", "language", "theme", "theme_label",
            "topic", "topic_label", "confidence", "low_confidence", "x", "y"]
    answers = analysis.answers.reindex(columns=base + attrs)
    if weights is not None:
        answers.insert(len(base), "weight", weights.to_numpy())
    write_csv_file(out / "answers.csv", answers, **_PLAIN)
    written.append(out / "answers.csv")
    clusters = analysis.clusters.rename(columns={"cluster_id": "id", "representatives": "representative_ids"})
    clusters = clusters.assign(
        keywords=[" ".join(k) for k in clusters["keywords"]],
        representative_ids=["; ".join(r) for r in clusters["representative_ids"]],
    ).reindex(columns=["level", "id", "parent", "size", "share", "label", "name", "keywords", "representative_ids",
                       "summary_id", "summary"])
    if weights is not None:
        clusters.insert(5, "weighted_share", _weighted_shares(analysis, clusters, weights))
    write_csv_file(out / "clusters.csv", clusters, **_PLAIN)
    written.append(out / "clusters.csv")
    stats = {}
    for attr in attrs if crosstab_attrs is None else crosstab_attrs:
        frames = []
        for level in ("theme", "topic"):
            ct = crosstab(analysis.answers, level, attr)
            frame = crosstab_frame(ct)
            stats[f"{level}:{attr}"] = crosstab_summary(ct)
            if weights is not None:
                wct = weighted_crosstab(analysis.answers, level, attr, weights)
                extra = weighted_crosstab_frame(wct).drop(columns=["attribute", "count"])
                frame = frame.merge(extra, on=["cluster", "value"], how="left", sort=False)
                stats[f"{level}:{attr}"] |= {"weighted": weighted_crosstab_summary(wct)}
            frames.append(frame.assign(level=level))
        path = out / f"crosstab_{safe_filename(attr)}.csv"
        write_csv_file(path, pd.concat(frames, ignore_index=True), **_PLAIN)
        written.append(path)
    info = analysis.info.to_dict() | {"run_id": analysis.run_id, "crosstabs": stats}
    if weighting is not None:
        info["weighting"] = weighting_note(weighting) | {
            "missing_by_attribute": weighting.diagnostics.get("missing_by_attribute"),
            "iterations": weighting.diagnostics.get("iterations"),
            "cap_limits_margins": weighting.diagnostics.get("cap_limits_margins"),
            "population_notes": [s.get("notes", []) for s in weighting.diagnostics.get("sources", [])],
        }
    if total_seconds is not None:
        info["timings"] = dict(analysis.info.timings) | {"total": round(total_seconds, 3)}
    (out / "run.json").write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(out / "run.json")
    return written


def _weighted_shares(analysis: Analysis, clusters: pd.DataFrame, weights: pd.Series) -> list[float]:
    shares = {}
    for level in ("theme", "topic"):
        table = cluster_shares(analysis.answers, level, weights)
        shares |= {(level, int(i)): float(s) for i, s in zip(table["cluster_id"], table["weighted_share"])}
    return [shares.get((lv, int(i)), 0.0) for lv, i in zip(clusters["level"], clusters["id"])]


def write_waves(table: pd.DataFrame, out: Path) -> Path:
    """waves.csv: the wave table of ``batch add``."""
    return write_csv_file(out / "waves.csv", table, **_PLAIN)


def print_summary(analysis: Analysis, out: Path) -> None:
    n = len(analysis.answers)
    themes = analysis.clusters[analysis.clusters["level"] == "theme"]
    info = analysis.info
    print(f"{n} answers -> {len(themes)} themes, {info.clusters.n_topics} topics "
          f"({info.answers.low_confidence} low-confidence)")
    for row in themes.itertuples():
        name = getattr(row, "name", None) or row.label
        print(f"  theme {row.cluster_id}: {name} ({row.size}, {row.share:.0%})  [{row.label}]")
    print(f"results in {out}/")
