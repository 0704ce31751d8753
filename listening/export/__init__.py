"""Exports for staff and for public comment: one ``ExportData``, several file formats.

``build_export`` decides what goes in (and protects public exports); the writers
only render it: ``write_xlsx`` (workbook), ``write_csv`` (answers for spreadsheets),
``write_json`` (everything, machine-readable) and the HTML report.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .build import build_export
from .flat import write_csv, write_json
from .goals import goal_section
from .model import MARKS, SECONDARY, SUPPRESSED, ExportData, ExportOptions
from .releases import Difference, release_cells, release_differences, release_digest
from .weighting import with_weighting
from .xlsx import write_xlsx

FILE_NAMES = {"html": "report.html", "xlsx": "summary.xlsx", "csv": "answers_bom.csv", "json": "export.json",
              "briefing": "briefing.html"}


def write_exports(data: ExportData, out_dir: str | Path,
                  formats: Sequence[str] = ("html", "xlsx", "csv", "json", "briefing")) -> list[Path]:
    """Write the chosen formats of one export into ``out_dir``; the paths written, in that order
    (the briefing only where the export has one)."""
    unknown = [f for f in formats if f not in FILE_NAMES]
    if unknown:
        raise ValueError(f"unknown export format {', '.join(unknown)}: use {', '.join(FILE_NAMES)}.")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out / FILE_NAMES[fmt]
        if fmt == "briefing":
            if data.briefing is None:
                continue
            from listening.briefing import render_briefing

            path.write_text(render_briefing(data.briefing), encoding="utf-8")
        elif fmt == "html":
            # Imported here: the report pulls in chart rendering, which the other formats do not need.
            from .report import render_report

            path.write_text(render_report(data), encoding="utf-8")
        elif fmt == "xlsx":
            write_xlsx(data, path)
        elif fmt == "csv":
            write_csv(data, path)
        else:
            write_json(data, path)
        written.append(path)
    return written


__all__ = ["FILE_NAMES", "MARKS", "SECONDARY", "SUPPRESSED", "Difference", "ExportData", "ExportOptions",
           "build_export", "goal_section", "release_cells", "release_differences", "release_digest", "with_weighting",
           "write_csv", "write_exports", "write_json", "write_xlsx"]
