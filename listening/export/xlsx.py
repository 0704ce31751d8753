"""The export as an Excel workbook: summary, topics, one sheet per crosstab, answers.

Every cell goes through ``privacy.sheet_cell`` (text that would start a formula
gets a leading apostrophe, which Excel then shows), so a cell is never
stored as a formula; counts are numbers, shares are percentages and suppressed
counts the text "<5" (fewer than min_cell people) or "x" (hidden with them). A weighted
export adds the weighting note to the summary, a weighted share beside each theme's share
and, under each crosstab's counts, its weighted column shares (blank where a count is
hidden). Headers are
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
from .method_note import weighting_paragraphs
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
    for paragraph in weighting_paragraphs(meta, lang):  # what the weighted shares are matched to
        rows.append([t(lang, "meta.weighting"), paragraph.text])
        rows += [["", item] for item in paragraph.items]
    rows.append([])
    header = len(rows)
    columns = ["theme_id", "label", "keywords", "size", "share", "n_topics"]
    themes = data.themes[columns]
    if data.weighted is not None:  # the weighted share beside the share (empty where the size is hidden)
        weighted = dict(zip(data.weighted["themes"]["theme_id"], data.weighted["themes"]["weighted_share"]))
        themes = themes.assign(weighted_share=[weighted.get(i) for i in themes["theme_id"]])
        themes = themes[["theme_id", "label", "keywords", "size", "share", "weighted_share", "n_topics"]]
    rows.append([column_title(lang, c) for c in themes.columns])
    rows += [list(r) for r in themes.itertuples(index=False, name=None)]
    return rows, [0, header]


def _table_rows(frame: pd.DataFrame, lang: str) -> list[list]:
    rows = [[column_title(lang, c) for c in frame.columns]]
    return rows + [list(r) for r in frame.itertuples(index=False, name=None)]


def _crosstab_rows(table: pd.DataFrame, lang: str, weighted: pd.DataFrame | None = None) -> tuple[list[list], list[int]]:
    """The counts, and with ``weighted`` (column percentages laid out like ``table``, None where
    a count is hidden) the weighted shares below them; the header rows' positions."""
    # The totals are the last row and column (by position: a value may be called "total").
    total = t(lang, "total")
    header = [t(lang, "export.theme"), *table.columns[:-1], total]

    def body(frame: pd.DataFrame, scale: float = 1.0) -> list[list]:
        rows = [[label, *(v / scale if isinstance(v, (int, float)) and scale != 1.0 else v for v in values)]
                for label, values in zip(frame.index, frame.itertuples(index=False, name=None))]
        if rows and frame.index[-1] == TOTAL:
            rows[-1][0] = total
        return rows

    rows = [header, *body(table)]
    if weighted is None:
        return rows, [0]
    rows += [[], [t(lang, "export.weighted_crosstab")]]
    heads = [0, len(rows) - 1, len(rows)]
    rows += [header, *body(weighted, 100.0)]  # percentages -> fractions, shown as 0.0%
    return rows, heads


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
    weighted = (data.weighted or {}).get("crosstabs", {})
    for attribute, table in data.crosstabs.items():
        name = sheet_name(t(lang, "sheet.crosstab", attribute=attribute), taken)
        rows, heads = _crosstab_rows(table, lang, weighted.get(attribute))
        _write_sheet(wb, name, rows, heads, "B2")
    _write_sheet(wb, sheet_name(t(lang, "sheet.answers"), taken), _table_rows(data.answers, lang), [0], "A2")
    wb.save(path)
    return path
