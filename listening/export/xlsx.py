"""The export as an Excel workbook: summary, topics, one sheet per crosstab, answers.

Every cell goes through ``privacy.sheet_cell`` (text that would start a formula
gets a leading apostrophe, which Excel then shows), so a cell is never
stored as a formula; counts are numbers, shares are percentages and suppressed
counts the text "<5" (fewer than min_cell people) or "x" (hidden with them). Headers are
bold and frozen, columns are as wide as their
content (a Japanese or Korean character counts twice), long texts wrap.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from listening.i18n import t
from listening.privacy import TOTAL, sheet_cell

from .flat import plain
from .model import SECONDARY, SUPPRESSED, ExportData
from .words import column_title

MAX_WIDTH = 60
_SAMPLE_ROWS = 2000  # rows measured for column widths; enough to see typical lengths
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: wide (CJK) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unused sheet name: no []:*?/\\, at most 31 characters, unique ignoring case."""
    base = _SHEET_NAME_BAD.sub("_", wanted).strip("'") or "sheet"
    name, k = base[:31], 1
    while name.casefold() in taken:
        k += 1
        suffix = f"~{k}"
        name = base[:31 - len(suffix)] + suffix
    taken.add(name.casefold())
    return name


def cell_value(value: object) -> object:
    """What a cell holds: numbers stay numbers, everything else safe text (None for empty)."""
    return sheet_cell(plain(value))


def _summary_rows(data: ExportData) -> tuple[list[list], list[int]]:
    lang, meta = data.options.language, data.meta
    counts = meta.get("answers", {})

    def listed(d: dict) -> str:
        return ", ".join(f"{k}: {v}" for k, v in d.items()) or t(lang, "none")

    public = data.options.audience == "public"
    rows: list[list] = [[t(lang, "col.item"), t(lang, "col.value")]]
    rows += [[t(lang, f"meta.{key}"), meta.get(key)] for key in ("title", "dataset")]
    rows.append([t(lang, "meta.audience"), t(lang, f"audience.{meta.get('audience', data.options.audience)}")])
    rows.append([t(lang, "meta.period"), meta.get("period") or t(lang, "period.unknown")])
    rows += [[t(lang, f"meta.{key}"), meta.get(key)] for key in ("created_at", "run_created_at", "model")]
    if not public:  # technical settings are for staff
        rows += [[t(lang, f"meta.{key}"), meta.get(key)] for key in ("fingerprint", "input_hash")]
        rows.append([t(lang, "meta.settings"), json.dumps(plain(meta.get("settings", {})), ensure_ascii=False)])
    rows += [[t(lang, f"meta.{key}"), meta.get(key)] for key in ("n_themes", "n_topics")]
    rows += [[t(lang, f"meta.answers.{key}"), counts.get(key)] for key in ("in", "kept", "dropped")]
    rows.append([t(lang, "meta.answers.dropped_by_reason"), listed(counts.get("dropped_by_reason") or {})])
    rows += [[t(lang, f"meta.answers.{key}"), counts.get(key)] for key in ("analysed", "excluded", "published")]
    rows.append([t(lang, "meta.masking"), listed(meta.get("masking") or {})])
    rows += [[t(lang, f"meta.{key}"), meta.get(key)] for key in ("topics_published", "topics_total", "min_cell")]
    for s in meta.get("sources", []):
        where = "" if public else f"{s.get('file')} "  # the public version names no files
        rows.append([t(lang, "meta.sources"), f"{where}({s.get('kind')}, {s.get('encoding')}): "
                     f"{s.get('answers_in')} / {s.get('kept')} / {s.get('dropped')}"
                     + ("" if public else f", {s.get('imported_at')}")])
    if public:
        rows.append(["", t(lang, "meta.suppressed_note", suppressed=SUPPRESSED, min_cell=data.options.min_cell)])
        rows.append(["", t(lang, "meta.secondary_note", secondary=SECONDARY, suppressed=SUPPRESSED)])
    rows.append([])
    header = len(rows)
    columns = ["theme_id", "label", "keywords", "size", "share", "n_topics"]
    rows.append([column_title(lang, c) for c in columns])
    rows += [list(r) for r in data.themes[columns].itertuples(index=False, name=None)]
    return rows, [0, header]


def _table_rows(frame: pd.DataFrame, lang: str) -> list[list]:
    rows = [[column_title(lang, c) for c in frame.columns]]
    return rows + [list(r) for r in frame.itertuples(index=False, name=None)]


def _crosstab_rows(table: pd.DataFrame, lang: str) -> list[list]:
    # The totals are the last row and column (by position: a value may be called "total").
    total = t(lang, "total")
    header = [t(lang, "export.theme"), *table.columns[:-1], total]
    body = [[label, *values] for label, values in zip(table.index, table.itertuples(index=False, name=None))]
    if body and table.index[-1] == TOTAL:
        body[-1][0] = total
    return [header, *body]


def _widths(rows: list[list]) -> list[tuple[float, bool]]:
    """(width, wrap) per column from the first rows."""
    measured: dict[int, int] = {}
    for row in rows[:_SAMPLE_ROWS]:
        for i, value in enumerate(row):
            lines = str(value if value is not None else "").split("\n")
            measured[i] = max(measured.get(i, 0), *(display_width(line) for line in lines))
    return [(min(max(measured.get(i, 0), 4), MAX_WIDTH) + 2, measured.get(i, 0) > MAX_WIDTH)
            for i in range(max(measured, default=-1) + 1)]


def _write_sheet(wb: Workbook, title: str, rows: list[list], header_rows: list[int], freeze: str) -> None:
    ws = wb.create_sheet(title)
    values = [[cell_value(v) for v in row] for row in rows]
    widths = _widths(values)
    for i, (width, _) in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = freeze
    bold = set(header_rows)
    wrap = [w for _, w in widths]
    for r, row in enumerate(values):
        # Plain values are much cheaper for openpyxl than cells; only styled cells become cells.
        out = list(row)
        for c, value in enumerate(row):
            style = None
            if r in bold:
                style = {"font": _BOLD}
            elif isinstance(value, float):
                style = {"number_format": "0.0%"}
            if isinstance(value, str) and ((c < len(wrap) and wrap[c]) or "\n" in value):
                style = (style or {}) | {"alignment": _WRAP}
            if style:
                out[c] = cell = WriteOnlyCell(ws, value)
                for name, setting in style.items():
                    setattr(cell, name, setting)
        ws.append(out)


def write_xlsx(data: ExportData, path: str | Path) -> Path:
    """The export as ``path``: summary, topics, goals (when included), crosstabs (one sheet each), answers."""
    path = Path(path)
    lang = data.options.language
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    rows, headers = _summary_rows(data)
    _write_sheet(wb, sheet_name(t(lang, "sheet.summary"), taken), rows, headers, "A2")
    _write_sheet(wb, sheet_name(t(lang, "sheet.topics"), taken), _table_rows(data.topics, lang), [0], "A2")
    if data.goals is not None:
        _write_sheet(wb, sheet_name(t(lang, "sheet.goals"), taken), _table_rows(data.goals, lang), [0], "A2")
    for attribute, table in data.crosstabs.items():
        name = sheet_name(t(lang, "sheet.crosstab", attribute=attribute), taken)
        _write_sheet(wb, name, _crosstab_rows(table, lang), [0], "B2")
    _write_sheet(wb, sheet_name(t(lang, "sheet.answers"), taken), _table_rows(data.answers, lang), [0], "A2")
    wb.save(path)
    return path
