"""The files ``analyze`` and ``batch add`` write: answers.csv, clusters.csv, crosstab_<attr>.csv, run.json."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from listening.analysis import Analysis
from listening.privacy import write_csv_file
from listening.views import crosstab, crosstab_frame, crosstab_summary


# Files for programs as much as for people: UTF-8 without BOM, one \n per line; no cell is a formula.
_PLAIN = {"bom": False, "line_end": "\n"}


def safe_filename(name: str) -> str:
    """A column name as a file-name part: keeps Japanese/Korean, replaces path and shell-hostile characters."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "attribute"


def write_outputs(
    analysis: Analysis, out: Path, crosstab_attrs: list[str] | None = None, total_seconds: float | None = None
) -> list[Path]:
    """answers.csv, clusters.csv, crosstab_<attr>.csv (for ``crosstab_attrs``, default every
    attribute) and run.json, all UTF-8."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    attrs = list(analysis.attributes)
    base = ["answer_id", "respondent_id", "question", "source", "text", "language", "theme", "theme_label",
            "topic", "topic_label", "confidence", "low_confidence", "x", "y"]
    write_csv_file(out / "answers.csv", analysis.answers.reindex(columns=base + attrs), **_PLAIN)
    written.append(out / "answers.csv")
    clusters = analysis.clusters.rename(columns={"cluster_id": "id", "representatives": "representative_ids"})
    clusters = clusters.assign(
        keywords=[" ".join(k) for k in clusters["keywords"]],
        representative_ids=["; ".join(r) for r in clusters["representative_ids"]],
    )[["level", "id", "parent", "size", "share", "label", "keywords", "representative_ids"]]
    write_csv_file(out / "clusters.csv", clusters, **_PLAIN)
    written.append(out / "clusters.csv")
    stats = {}
    for attr in attrs if crosstab_attrs is None else crosstab_attrs:
        frames = []
        for level in ("theme", "topic"):
            ct = crosstab(analysis.answers, level, attr)
            frames.append(crosstab_frame(ct).assign(level=level))
            stats[f"{level}:{attr}"] = crosstab_summary(ct)
        path = out / f"crosstab_{safe_filename(attr)}.csv"
        write_csv_file(path, pd.concat(frames, ignore_index=True), **_PLAIN)
        written.append(path)
    info = dict(analysis.info) | {"run_id": analysis.run_id, "crosstabs": stats}
    if total_seconds is not None:
        info["timings"] = dict(info.get("timings", {})) | {"total": round(total_seconds, 3)}
    (out / "run.json").write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(out / "run.json")
    return written


def write_waves(table: pd.DataFrame, out: Path) -> Path:
    """waves.csv: the wave table of ``batch add``."""
    return write_csv_file(out / "waves.csv", table, **_PLAIN)


def print_summary(analysis: Analysis, out: Path) -> None:
    n = len(analysis.answers)
    themes = analysis.clusters[analysis.clusters["level"] == "theme"]
    info = analysis.info
    print(f"{n} answers -> {len(themes)} themes, {info['clusters']['n_topics']} topics "
          f"({info['answers']['low_confidence']} low-confidence)")
    for row in themes.itertuples():
        print(f"  theme {row.cluster_id}: {row.label} ({row.size}, {row.share:.0%})")
    print(f"results in {out}/")
