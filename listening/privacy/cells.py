"""Spreadsheet cells that Excel will show as text, never run as a formula.

Every CSV and workbook the project writes goes through here: :func:`csv_bytes` /
:func:`write_csv_file` for CSV (the export's answers, goal files, goal coverage, the
audit log, the CLI's outputs, the pages' downloads) and :func:`sheet_cell` for each
workbook cell. A text that would start a formula gets a leading apostrophe;
:func:`from_spreadsheet` takes it off again where a file of ours is read back.
"""
from __future__ import annotations

import csv
import io
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

_FORMULA_START = ("=", "+", "-", "@")
_PLAIN_NEGATIVE_RE = re.compile(r"-\d[\d,]*(?:\.\d+)?")


def spreadsheet_safe(value: object) -> str:
    """``value`` as cell text that a spreadsheet will not run as a formula.

    Text starting with ``= + - @``, a tab or a carriage return (also after leading
    whitespace) gets a leading apostrophe; plain negative numbers stay; None is "".
    """
    if value is None:
        return ""
    s = value if isinstance(value, str) else str(value)
    if s.startswith(("\t", "\r")):
        return "'" + s
    head = s.lstrip()
    if head.startswith(_FORMULA_START) and not _PLAIN_NEGATIVE_RE.fullmatch(head):
        return "'" + s
    return s


def from_spreadsheet(value: object) -> object:
    """Undo :func:`spreadsheet_safe` on a cell read back from a file of ours (other values as they are)."""
    if isinstance(value, str) and value.startswith("'") and spreadsheet_safe(value[1:]) == value:
        return value[1:]
    return value


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def sheet_cell(value: object) -> object:
    """One workbook cell: numbers stay numbers, missing stays empty (None), a list is one line
    per item, everything else text that never runs as a formula (and holds no character XML
    cannot)."""
    if _missing(value):
        return None
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple)):
        value = "\n".join(map(str, value))
    return ILLEGAL_CHARACTERS_RE.sub("", spreadsheet_safe(value))


def _csv_cell(value: object) -> str:
    if _missing(value):
        return ""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, (list, tuple)):
        value = "\n".join(map(str, value))
    return spreadsheet_safe(value)


def csv_bytes(table: pd.DataFrame | Iterable[Sequence], *, bom: bool = True, line_end: str = "\r\n") -> bytes:
    """``table`` as UTF-8 CSV (with a byte-order mark, so Excel reads Japanese and Korean, unless
    ``bom=False``) in which no cell, header included, runs as a formula.

    ``table``: a DataFrame (its columns are the header, the index is left out) or rows
    whose first row is the header. Missing values are empty cells, numbers are written
    as numbers, lists one item per line.
    """
    if isinstance(table, pd.DataFrame):
        rows: Iterable[Sequence] = [list(table.columns), *table.itertuples(index=False, name=None)]
    else:
        rows = table
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def write_csv_file(path: str | Path, table: pd.DataFrame | Iterable[Sequence], **options) -> Path:
    """Write :func:`csv_bytes` of ``table`` to ``path`` (same options)."""
    path = Path(path)
    path.write_bytes(csv_bytes(table, **options))
    return path
