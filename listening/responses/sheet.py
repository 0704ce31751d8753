"""The response table as an Excel workbook staff can draft in, and reading their edits back.

Staff often write the city's responses in Excel. The workbook carries each row's key in a hidden
last column, so a round trip matches rows by key: a sorted, filtered or reordered sheet still puts
every response on its row. Rows whose key was lost are matched by number only when their number,
item and count still agree with the table, otherwise the import stops and says which rows differ:
it never shifts a response onto another row. Only the editable columns are read back.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from listening.ingest import read_grid, sheet_names
from listening.privacy import from_spreadsheet, sheet_cell
from listening.types import InputError

from .model import COLUMN_TITLES, EDITABLE, STATUS_WORDS, ResponseRow, ResponseTable
from .publish import APPENDIX_TITLES, appendix_frame, published_rows, table_frame

SHEET_TITLES = {"ja": ("対応表", "意見全文"), "ko": ("처리 결과", "의견 전문"), "en": ("Responses", "Opinions")}
_WIDTHS = {"number": 6, "item": 22, "summary": 48, "count": 12, "answer_numbers": 16, "response": 60,
           "disposition": 16, "location": 24, "status": 10, "row_key": 8}


@dataclass(frozen=True)
class SheetEdit:
    """One cell staff changed in the workbook: row key, field, new value."""

    key: str
    number: int
    field: str
    value: str


def write_xlsx(table: ResponseTable, path: str | Path, public: bool, include_drafts: bool = False) -> Path:
    """Workbook: the table (status and hidden row keys in the internal version), then every opinion."""
    path = Path(path)
    _workbook(table, public, include_drafts).save(path)
    return path


def workbook_bytes(table: ResponseTable, public: bool, include_drafts: bool = False) -> bytes:
    out = io.BytesIO()
    _workbook(table, public, include_drafts).save(out)
    return out.getvalue()


def _workbook(table: ResponseTable, public: bool, include_drafts: bool) -> Workbook:
    rows = published_rows(table, public, include_drafts)
    lang = table.language
    titles = COLUMN_TITLES[lang]
    frame = table_frame(table, rows, with_status=not public)
    if not public:
        frame[titles["row_key"]] = [r.key for r in rows]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLES[lang][0]
    ws.append([sheet_cell(c) for c in frame.columns])
    for values in frame.itertuples(index=False):
        ws.append([sheet_cell(v) for v in values])
    fields = [*("number", "item", "summary", "count", "answer_numbers", "response", "disposition", "location"),
              *(() if public else ("status", "row_key"))]
    for i, name in enumerate(fields, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = _WIDTHS[name]
        if name == "row_key":
            ws.column_dimensions[letter].hidden = True
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "C2"
    if not public and rows:
        _choices(ws, fields.index("disposition") + 1, table.dispositions, len(rows))
        _choices(ws, fields.index("status") + 1, tuple(STATUS_WORDS[lang].values()), len(rows))
    opinions = wb.create_sheet(SHEET_TITLES[lang][1])
    appendix = appendix_frame(table, rows, public)
    opinions.append([sheet_cell(c) for c in appendix.columns])
    for values in appendix.itertuples(index=False):
        opinions.append([sheet_cell(v) for v in values])
    opinions.column_dimensions["A"].width = 8
    opinions.column_dimensions["B"].width = 90
    for row in opinions.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    return wb


def read_sheet_edits(table: ResponseTable, data: bytes, filename: str) -> list[SheetEdit]:
    """The cells of a returned workbook that differ from ``table``, checked row by row.

    Raises InputError (with the rows named) when a row cannot be placed for sure: an unknown key,
    a number whose item or count no longer agree, a key or number given twice.
    """
    lang_titles = _header_titles()
    sheet = sheet_names(data, filename)[0]
    _, _, grid = read_grid(data, filename, sheet, max_rows=100_000)
    header = {text.strip(): col for col, text in grid[0].items()}
    columns = {field: header[t] for t, field in lang_titles.items() if t in header}
    if "number" not in columns and "row_key" not in columns:
        raise InputError("the first sheet has neither a number column nor row keys: is this a response table "
                         "exported by listening?", file=filename, code="responses_no_key")
    by_key = {r.key: r for r in table.rows}
    by_number = {r.number: r for r in table.rows}
    status_of = {word: code for words in STATUS_WORDS.values() for code, word in words.items()}
    edits, seen, problems = [], set(), []
    for excel_row, cells in enumerate(grid[1:], start=2):
        value = {field: _uncell(cells.get(col) or "") for field, col in columns.items()}
        if not any(value.values()):
            continue
        row = _place(value, by_key, by_number, table.language)
        if row is None:
            problems.append(str(excel_row))
            continue
        if row.key in seen:
            problems.append(str(excel_row))
            continue
        seen.add(row.key)
        for field in EDITABLE:
            if field not in value:
                continue
            new = status_of.get(value[field].strip(), value[field].strip()) if field == "status" else value[field]
            old = row.shown_summary if field == "summary" else getattr(row, field)
            if new.strip() != (old or "").strip():
                edits.append(SheetEdit(row.key, row.number, field, new))
    if problems:
        raise InputError(f"rows {', '.join(problems)} of the workbook do not match the response table (unknown "
                         "key, or a number whose item and count changed, or a row given twice); nothing was "
                         "imported.", file=filename, code="responses_rows_differ",
                         params={"rows": ", ".join(problems)})
    bad_status = [e for e in edits if e.field == "status" and e.value not in STATUS_WORDS["en"]]
    if bad_status:
        raise InputError(f"unknown status in rows {', '.join(str(e.number) for e in bad_status)}.", file=filename,
                         code="responses_bad_status", params={"rows": ", ".join(str(e.number) for e in bad_status)})
    return edits


def _place(value: dict, by_key: dict, by_number: dict, lang: str) -> ResponseRow | None:
    key = value.get("row_key", "").strip()
    if key:
        return by_key.get(key)
    try:
        row = by_number.get(int(float(value.get("number", ""))))
    except ValueError:
        return None
    if row is None:
        return None
    # Without its key a row counts only if what identifies it to a reader is unchanged.
    item_ok = "item" not in value or value["item"].strip() == row.item.strip()
    count_ok = "count" not in value or value["count"].strip().startswith(str(row.count))
    return row if item_ok and count_ok else None


def _header_titles() -> dict[str, str]:
    """Every language's column title -> field (a Japanese sheet may come back from a Korean office)."""
    out = {}
    for words in COLUMN_TITLES.values():
        for field, title in words.items():
            out[title] = field
    for words in APPENDIX_TITLES.values():
        out.pop(words[0], None)
    return out


def _choices(ws, column: int, options: tuple[str, ...], n_rows: int) -> None:
    """A drop-down of the allowed values (Excel keeps free text possible with a warning)."""
    letter = ws.cell(row=1, column=column).column_letter
    listed = ",".join(o.replace(",", " ").replace('"', "'") for o in options)
    if len(listed) > 250:  # Excel's limit for an inline list
        return
    check = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True, showErrorMessage=False)
    check.add(f"{letter}2:{letter}{n_rows + 1}")
    ws.add_data_validation(check)


def _uncell(text: str) -> str:
    """A cell as staff meant it: the apostrophe the formula guard added is not part of the text."""
    return str(from_spreadsheet(text))
