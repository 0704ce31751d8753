"""Excel workbooks (.xlsx/.xlsm) as sparse grids of text, read without trusting the file.

openpyxl reads cached values only: formulas are never computed and macros never
run. Before openpyxl sees the bytes, the zip's member sizes are checked, so a
small file that expands to gigabytes (a zip bomb) is refused unopened; while
rows are read, limits on rows and cells stop sheets that claim the whole grid.
"""
from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile

from listening.types import InputError

MAX_UNPACKED_MB = 1_000  # all parts of a workbook together, uncompressed
MAX_MEMBER_RATIO = 200  # real sheets compress 5-20x; repeated filler compresses 300x+
_RATIO_FLOOR = 32_000_000  # small parts may compress as well as they like
# Cells openpyxl hands over, empty ones included: one value far to the right pads
# every row to 16,384 cells, so a small file can describe billions.
MAX_SHEET_CELLS = 20_000_000  # a 100,000-row survey with 90 columns is 9 million

Grid = list[dict[int, str]]  # one dict per row from the header on: column index -> text


def check_zip(data: bytes, name: str) -> None:
    """Refuse a workbook whose parts unpack to too much, or compress suspiciously well.

    The sizes come from the zip's directory; a part that claims less than it holds is
    no way round this, as zipfile stops inflating at the claimed size (then fails CRC).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        raise _damaged(name, err) from None
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_MB * 1_000_000:
        raise InputError(
            f"the workbook would unpack to {total / 1e6:,.0f} MB, over the {MAX_UNPACKED_MB:,} MB "
            "limit. Save the sheet you need as CSV UTF-8.", file=name,
            code="workbook_too_large_unpacked",
            params={"unpacked_mb": round(total / 1e6), "limit_mb": MAX_UNPACKED_MB})
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > MAX_MEMBER_RATIO:
            raise InputError(
                f"part '{info.filename}' of the workbook expands {ratio:,.0f} times: this looks like "
                "a zip bomb, not a spreadsheet, and was not opened.", file=name,
                code="workbook_zip_bomb", params={"part": info.filename, "ratio": round(ratio)})


def is_workbook(data: bytes) -> bool:
    """Whether a zip archive holds an Excel workbook (damaged zips count: openpyxl will say)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "xl/workbook.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return True


def sheet_names(data: bytes, name: str) -> list[str]:
    check_zip(data, name)  # openpyxl unpacks shared strings even to list sheets
    wb = _open_workbook(data, name)
    try:
        return [ws.title for ws in wb.worksheets]
    finally:
        wb.close()


def read_grid(data: bytes, name: str, sheet: str | None, max_rows: int) -> tuple[str, int, Grid]:
    """(sheet title, 0-based row index of the header, rows from the header on).

    Takes ``sheet`` or else the first sheet with a non-blank cell. Trailing blank
    rows are dropped; blank rows in between stay, so row numbers match Excel.
    """
    check_zip(data, name)
    wb = _open_workbook(data, name)
    try:
        titles = [ws.title for ws in wb.worksheets]
        if sheet is not None and sheet not in titles:
            raise InputError(f"there is no sheet '{sheet}'. Sheets: {', '.join(titles)}.", file=name,
                             code="no_such_sheet", params={"sheet": sheet, "sheets": ", ".join(titles)})
        for ws in wb.worksheets:
            if sheet is not None and ws.title != sheet:
                continue
            rows = _sheet_rows(ws, name, max_rows)
            header_at = next((i for i, r in enumerate(rows) if not _blank(r)), None)
            if header_at is not None:
                return ws.title, header_at, rows[header_at:]
            if sheet is not None:
                raise InputError(f"sheet '{sheet}' is empty.", file=name, code="sheet_empty",
                                 params={"sheet": sheet})
        raise InputError("the workbook has no sheet with data.", file=name, code="no_sheet_with_data")
    finally:
        wb.close()


def _sheet_rows(ws, name: str, max_rows: int) -> Grid:
    rows: Grid = []
    cells = 0
    empty: dict[int, str] = {}  # shared by every blank row; rows are never changed
    try:
        ws.reset_dimensions()  # stored dimensions can be wrong and would cut columns
        for i, values in enumerate(ws.iter_rows(values_only=True)):
            if not values:  # a row missing from the file: cheap, even a million of them
                if i <= max_rows:
                    rows.append(empty)
                continue
            cells += len(values)
            if cells > MAX_SHEET_CELLS:
                raise InputError(
                    f"sheet '{ws.title}' spans more than {MAX_SHEET_CELLS:,} cells (a value far to the "
                    "right or far down stretches the sheet). Delete stray cells, or save the columns "
                    "you need as CSV UTF-8.", file=name, code="sheet_too_large",
                    params={"sheet": ws.title, "limit": MAX_SHEET_CELLS})
            row = {j: t for j, v in enumerate(values) if v is not None and (t := _cell_text(v))}
            if i > max_rows:  # the header row is row 0 at the earliest
                if not _blank(row):
                    _raise_too_many_rows(name, i + 1, max_rows)
                continue
            rows.append(row)
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001  (zip CRC, XML and openpyxl errors all mean "damaged")
        raise InputError(f"sheet '{ws.title}' cannot be read: the workbook is damaged "
                         f"({_kind(err)}). Re-save it in Excel.", file=name, code="sheet_damaged",
                         params={"sheet": ws.title, "error": _kind(err)}) from None
    while rows and _blank(rows[-1]):
        rows.pop()
    return rows


def _blank(row: dict[int, str]) -> bool:
    return not any(t.strip() for t in row.values())


def _raise_too_many_rows(name: str, row: int, max_rows: int) -> None:
    raise InputError(f"there is data on row {row:,}, beyond the {max_rows:,}-row limit. Split the file, "
                     "or delete stray cells below your data.", file=name, row=row,
                     code="too_many_rows", params={"limit": max_rows})


def _open_workbook(data: bytes, name: str):
    import openpyxl  # noqa: PLC0415  (heavy; only Excel files need it)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "unsupported extension" chatter about parts we skip
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                          keep_links=False)
    except Exception as err:  # noqa: BLE001  (zip, XML and openpyxl errors all mean "damaged")
        raise _damaged(name, err) from None


def _damaged(name: str, err: BaseException) -> InputError:
    return InputError(f"the Excel workbook cannot be opened: it is damaged, incomplete or not an "
                      f"Excel file ({_kind(err)}). Re-save it in Excel.", file=name,
                      code="workbook_damaged", params={"error": _kind(err)})


def _kind(err: BaseException) -> str:
    name = type(err).__name__
    return f"{type(err).__module__}.{name}" if name == "error" else name  # zlib.error, not "error"


def _cell_text(value: object) -> str | None:
    """Excel cell value as the text a person sees: 3 not 3.0, dates in ISO form."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)
