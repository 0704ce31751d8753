"""Flat export files: the answers as a spreadsheet-ready CSV, everything as JSON.

The CSV is for people who open it in Excel: UTF-8 with a byte-order mark (so
Excel reads Japanese and Korean correctly), CRLF line ends, headers in the
report language, written by ``privacy.write_csv_file`` (a text that would start
a formula gets a leading apostrophe). The JSON is for programs:
raw values and column names, nothing escaped, "<5" kept as the string it is.
"""
from __future__ import annotations

import json
import math
import numbers
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd

from listening.privacy import write_csv_file

from .model import ExportData
from .words import column_title

SCHEMA_VERSION = 1


def plain(value: object) -> object:
    """``value`` as a JSON value: numpy scalars unwrapped, NaN/NA as None, containers recursed."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def write_csv(data: ExportData, path: str | Path) -> Path:
    """The published answers as ``path`` (UTF-8 with BOM, CRLF), headers in the report language."""
    frame = data.answers
    rows = [[column_title(data.options.language, c) for c in frame.columns]]
    rows += [[plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return write_csv_file(path, rows)


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{str(k): plain(v) for k, v in zip(frame.columns, row)}
            for row in frame.itertuples(index=False, name=None)]


def export_dict(data: ExportData) -> dict:
    """Everything in one export as JSON-ready values; crosstab totals are the last row and column."""
    return {
        "schema_version": SCHEMA_VERSION,
        "options": plain(asdict(data.options)),
        "meta": plain(data.meta),
        "themes": _records(data.themes),
        "topics": _records(data.topics),
        "crosstabs": {
            str(attribute): {
                "attribute": str(attribute),
                "rows": [plain(r) for r in table.index],
                "columns": [plain(c) for c in table.columns],
                "counts": [[plain(v) for v in row] for row in table.itertuples(index=False, name=None)],
            }
            for attribute, table in data.crosstabs.items()
        },
        "answers": _records(data.answers),
        "map_points": _records(data.map_points),
        "goals": None if getattr(data, "goals", None) is None else _records(data.goals),
    }


def write_json(data: ExportData, path: str | Path) -> Path:
    """Everything in one export as UTF-8 JSON (readable Japanese and Korean, no NaN)."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as f:
        json.dump(export_dict(data), f, ensure_ascii=False, indent=1, allow_nan=False)
        f.write("\n")
    return path
