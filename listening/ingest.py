"""Read a user's file (CSV/TSV/TXT, Excel .xlsx, hearing notes) into a RawTable.

Every problem with the file's bytes becomes an :class:`InputError` that names the
file and, where known, the row and column; no decoder, zip or parser exception
escapes.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path, PurePath

import pandas as pd

from .encoding import decode_bytes, detect_encoding
from .notes import parse_notes
from .types import InputError, RawTable

_SAMPLE = 65_536  # characters looked at when sniffing delimiters
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc, or an encrypted .xlsx
_TEXT_EXT = {".csv", ".tsv", ".txt", ".md", ".markdown"}
_EXCEL_EXT = {".xlsx", ".xlsm"}

__all__ = ["detect_encoding", "list_sheets", "read_path", "read_table"]


def read_table(data: bytes, filename: str, *, sheet: str | None = None,
               max_bytes: int = 200_000_000) -> RawTable:
    """Read a user's file into a :class:`RawTable` of strings.

    Dispatches on the extension and the content: ``.csv``/``.tsv`` and ``.txt``
    that hold delimited rows are tables; ``.xlsx``/``.xlsm`` are read with openpyxl
    (cached formula values, never evaluated; first non-empty sheet unless
    ``sheet``); ``.md`` and non-tabular ``.txt`` are hearing notes (kind
    ``"hearing"``). A ``.csv``/``.tsv``/``.txt`` whose bytes are really an Excel
    workbook is read as the workbook it is. Legacy ``.xls``, binary or undecodable
    bytes, corrupt workbooks, empty files, header-only files and files over
    ``max_bytes`` raise InputError.
    """
    name = PurePath(filename).name or filename
    ext = PurePath(name).suffix.lower()
    if len(data) > max_bytes:
        raise InputError(f"the file is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB "
                         "limit. Split it into smaller files.", file=name)
    if not data:
        raise InputError("the file is empty.", file=name)
    digest = hashlib.sha256(data).hexdigest()
    is_zip, is_ole = data.startswith(_ZIP_MAGIC), data.startswith(_OLE_MAGIC)
    if is_ole or (ext == ".xls" and not is_zip):
        raise InputError("this is an old Excel .xls file (or a password-protected workbook), which "
                         "cannot be read. Open it in Excel and save as .xlsx or CSV UTF-8.", file=name)
    if ext in _EXCEL_EXT or ext == ".xls" or (is_zip and ext in _TEXT_EXT):
        if not is_zip:
            raise InputError("this is not a valid Excel workbook (expected an .xlsx zip archive). "
                             "If it is a CSV file, rename it to .csv.", file=name)
        if ext in _TEXT_EXT and not _is_workbook(data):
            raise InputError(f"this is a zip archive, not a {ext} file. Unzip it and upload the "
                             "file inside.", file=name)
        return _read_xlsx(data, name, digest, sheet)
    if ext not in _TEXT_EXT:
        raise InputError(f"unsupported file type '{ext or '(none)'}'. Use .csv, .tsv, .txt, .md "
                         "or .xlsx.", file=name)
    text, encoding = decode_bytes(data, name)
    if not text.strip():
        raise InputError("the file is empty.", file=name)
    if ext in (".md", ".markdown") or (ext == ".txt" and not _looks_delimited(text)):
        frame = parse_notes(text, name)
        if frame["body"].str.strip().eq("").all():
            raise InputError("no hearing notes found: the file has headings but no text under them.",
                             file=name)
        return RawTable(frame=frame, filename=name, kind="hearing", input_hash=digest,
                        encoding=encoding, first_row=1)
    delimiter = "\t" if ext == ".tsv" else _sniff_delimiter(text)[0]
    frame, first_row = _parse_delimited(text, name, delimiter)
    return RawTable(frame=frame, filename=name, kind="survey", input_hash=digest,
                    encoding=encoding, first_row=first_row)


def list_sheets(data: bytes, filename: str) -> list[str]:
    """Names of the worksheets of an .xlsx/.xlsm workbook, in order; ``[]`` for other files."""
    name = PurePath(filename).name or filename
    if not data.startswith(_ZIP_MAGIC):
        if PurePath(name).suffix.lower() in _EXCEL_EXT:
            raise InputError("this is not a valid Excel workbook (expected an .xlsx zip archive).",
                             file=name)
        return []
    wb = _open_workbook(data, name)
    try:
        return [ws.title for ws in wb.worksheets]
    finally:
        wb.close()


def read_path(path: str | Path, *, sheet: str | None = None,
              max_bytes: int = 200_000_000) -> RawTable:
    """Read the file at ``path`` with :func:`read_table`, named by its file name."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB "
                             "limit. Split it into smaller files.", file=p.name)
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror or err}.", file=p.name) from None
    return read_table(data, p.name, sheet=sheet, max_bytes=max_bytes)


# ---- delimited text -------------------------------------------------------------------


def _sniff_delimiter(text: str) -> tuple[str, int, float, int]:
    """Pick the delimiter among , TAB ; whose first records agree on a field count.

    Returns (delimiter, header field count, share of records with that count, records seen).
    """
    sample = text[:_SAMPLE]
    truncated = len(text) > _SAMPLE
    best = (",", 1, 0.0, 0)
    best_key: tuple = (False, 0.0, 0)
    for delim in (",", "\t", ";"):
        try:
            records = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delim) if r]
        except csv.Error:
            continue
        if truncated and len(records) > 1:
            records.pop()  # the sample may end inside a record
        records = records[:50]
        if not records:
            continue
        n = len(records[0])
        agree = sum(len(r) == n for r in records[1:]) / (len(records) - 1) if len(records) > 1 else 1.0
        key = (n > 1, round(agree, 2), n)
        if key > best_key:
            best_key, best = key, (delim, n, agree, len(records))
    return best


def _looks_delimited(text: str) -> bool:
    """Whether a .txt file is a table (Excel's "Unicode text" export) rather than notes."""
    if text.lstrip("\ufeff \t\r\n").startswith(("#", "＃")):
        return False
    delim, n, agree, records = _sniff_delimiter(text)
    if n < 2 or records < 2 or agree < (0.8 if delim == "\t" else 0.95):
        return False
    # Prose lines that happen to share a comma count make long "header cells" ending a sentence.
    first = next((r for r in csv.reader(io.StringIO(text[:_SAMPLE], newline=""), delimiter=delim)
                  if r), [])
    return all(len(c) <= 40 and not c.rstrip().endswith(tuple("。.!?！？")) for c in first)


def _parse_delimited(text: str, name: str, delimiter: str) -> tuple[pd.DataFrame, int]:
    """Parse delimited text; return the frame and the file row of its first data row."""
    csv.field_size_limit(2**31 - 1)  # one long free-text answer must not abort the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_row = 0
    rows: list[list[str]] = []
    try:
        for record in reader:
            if header is None:
                header_row += 1
                if any(c.strip() for c in record):
                    header = record
                continue
            rows.append(record)
    except csv.Error as err:
        raise InputError(f"the file cannot be parsed as delimited text ({err}).", file=name,
                         row=header_row + len(rows) + 1) from None
    if header is None:
        raise InputError("the file is empty.", file=name)
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    width = len(header)
    for i, record in enumerate(rows):
        if len(record) > width:
            if any(c.strip() for c in record[width:]):
                raise InputError(
                    f"this row has {len(record)} fields but the header has {width}. A cell probably "
                    f"contains the delimiter {_delimiter_name(delimiter)} without quotes.",
                    file=name, row=header_row + 1 + i)
            rows[i] = record[:width]
    return _build_frame(header, rows, name), header_row + 1


def _delimiter_name(delimiter: str) -> str:
    return {"\t": "TAB", ",": "','", ";": "';'"}[delimiter]


def _build_frame(header: list, rows: list[list], name: str) -> pd.DataFrame:
    """Frame of string columns from a header and ragged rows (missing cells are NA)."""
    if not rows:
        raise InputError("the file has a header row but no data rows.", file=name)
    width = max(len(header), max(len(r) for r in rows))
    columns: list[tuple[str | None, list]] = []
    for j in range(width):
        values = [r[j] if j < len(r) and r[j] != "" and r[j] is not None else None for r in rows]
        title = header[j] if j < len(header) else None
        title = title.replace("\ufeff", "").strip() if isinstance(title, str) else None
        if not title and all(v is None for v in values):
            continue  # Excel's trailing delimiters and blank spacer columns carry nothing
        columns.append((title or f"列{j + 1}", values))
    names: list[str] = []
    for title, _ in columns:
        new, k = title, 1
        while new in names:
            k += 1
            new = f"{title} ({k})"
        names.append(new)
    return pd.DataFrame({n: pd.Series(v, dtype="str") for n, (_, v) in zip(names, columns)})


# ---- Excel ----------------------------------------------------------------------------


def _is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "xl/workbook.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return True  # let openpyxl report the damage as a damaged workbook


def _open_workbook(data: bytes, name: str):
    import openpyxl  # noqa: PLC0415  (heavy; only Excel files need it)

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001  (zip, XML and openpyxl errors all mean "damaged")
        raise InputError(f"the Excel workbook cannot be opened: it is damaged, incomplete or not an "
                         f"Excel file ({type(err).__name__}). Re-save it in Excel.", file=name) from None


def _read_xlsx(data: bytes, name: str, digest: str, sheet: str | None) -> RawTable:
    wb = _open_workbook(data, name)
    try:
        sheets = list(wb.worksheets)
        if sheet is not None and sheet not in [ws.title for ws in sheets]:
            listed = ", ".join(ws.title for ws in sheets)
            raise InputError(f"there is no sheet '{sheet}'. Sheets: {listed}.", file=name)
        for ws in sheets:
            if sheet is not None and ws.title != sheet:
                continue
            try:
                ws.reset_dimensions()  # stored dimensions can be wrong and would cut columns
                grid = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            except Exception as err:  # noqa: BLE001
                raise InputError(f"sheet '{ws.title}' cannot be read: the workbook is damaged "
                                 f"({type(err).__name__}). Re-save it in Excel.", file=name) from None
            header_at = next((i for i, r in enumerate(grid) if any(v and v.strip() for v in r)), None)
            if header_at is None:
                if sheet is not None:
                    raise InputError(f"sheet '{sheet}' is empty.", file=name)
                continue
            rows = grid[header_at + 1:]
            while rows and not any(v and v.strip() for v in rows[-1]):
                rows.pop()
            frame = _build_frame(list(grid[header_at]), rows, name)
            return RawTable(frame=frame, filename=name, kind="survey", input_hash=digest,
                            sheet=ws.title, first_row=header_at + 2)
        raise InputError("the workbook has no sheet with data.", file=name)
    finally:
        wb.close()


def _cell_text(value: object) -> str | None:
    """Excel cell value as the text a person sees: 3 not 3.0, dates in ISO form."""
    if value is None:
        return None
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
