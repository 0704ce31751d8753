"""Read a user's file (CSV/TSV/TXT, Excel .xlsx, hearing notes) into a RawTable.

Every problem with the file's bytes becomes an :class:`InputError` that names the
file and, where known, the row and column, with a stable ``code`` for the message
catalogue (:mod:`listening.messages`); no decoder, zip or parser exception
escapes. Limits on size and rows are checked before the work they bound.
"""
from __future__ import annotations

import csv
import gc
import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath, PureWindowsPath

import pandas as pd

from listening import config
from listening.types import InputError, RawTable

from .encoding import decode_bytes, detect_encoding
from .excel import is_workbook, read_grid, sheet_names
from .notes import parse_notes

MAX_UPLOAD_MB = config.MAX_UPLOAD_MB.default
MAX_ROWS = config.MAX_ROWS.default  # past this, analysis takes hours anyway
_SAMPLE = 65_536  # characters looked at when sniffing delimiters
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc, or an encrypted .xlsx
_TEXT_EXT = {".csv", ".tsv", ".txt", ".md", ".markdown"}
_EXCEL_EXT = {".xlsx", ".xlsm"}

__all__ = ["MAX_ROWS", "MAX_UPLOAD_MB", "detect_encoding", "list_sheets", "max_table_rows",
           "max_upload_bytes", "read_path", "read_table"]


def max_upload_bytes() -> int:
    """The size limit for one file: ``LISTENING_MAX_UPLOAD_MB`` (megabytes) or 200 MB (listening.config)."""
    return config.max_upload_bytes()


def max_table_rows() -> int:
    """The row limit for one table: ``LISTENING_MAX_ROWS`` or 500,000 (listening.config)."""
    return config.max_rows()


def read_table(data: bytes, filename: str, *, sheet: str | None = None,
               max_bytes: int | None = None, max_rows: int | None = None) -> RawTable:
    """Read a user's file into a :class:`RawTable` of strings.

    Dispatches on the extension and the content: ``.csv``/``.tsv`` and ``.txt``
    that hold delimited rows are tables; ``.xlsx``/``.xlsm`` are read with openpyxl
    (cached formula values, never evaluated; macros never run; first non-empty
    sheet unless ``sheet``); ``.md`` and non-tabular ``.txt`` are hearing notes
    (kind ``"hearing"``). A ``.csv``/``.tsv``/``.txt`` whose bytes are really an
    Excel workbook is read as the workbook it is. Legacy ``.xls``, binary or
    undecodable bytes, corrupt workbooks and zip bombs, empty files, header-only
    files, files over ``max_bytes`` (default :func:`max_upload_bytes`) and tables
    over ``max_rows`` data rows (default :func:`max_table_rows`) raise InputError.
    """
    name = PureWindowsPath(filename).name or filename  # browsers may send C:\fakepath\x.csv
    ext = PurePath(name).suffix.lower()
    _check_size(len(data), name, max_bytes)
    limit_rows = max_rows or max_table_rows()
    if not data:
        raise InputError("the file is empty.", file=name, code="empty_file")
    digest = hashlib.sha256(data).hexdigest()
    is_zip, is_ole = data.startswith(_ZIP_MAGIC), data.startswith(_OLE_MAGIC)
    if is_ole or (ext == ".xls" and not is_zip):
        raise InputError("this is an old Excel .xls file (or a password-protected workbook), which "
                         "cannot be read. Open it in Excel and save as .xlsx or CSV UTF-8.", file=name,
                         code="legacy_excel")
    if ext in _EXCEL_EXT or ext == ".xls" or (is_zip and ext in _TEXT_EXT):
        if not is_zip or (ext not in _TEXT_EXT and not is_workbook(data)):
            raise InputError("this is not a valid Excel workbook (expected an .xlsx zip archive). "
                             "If it is a CSV file, rename it to .csv.", file=name,
                             code="not_a_workbook")
        if ext in _TEXT_EXT and not is_workbook(data):
            raise InputError(f"this is a zip archive, not a {ext} file. Unzip it and upload the "
                             "file inside.", file=name, code="zip_archive", params={"ext": ext})
        with _paused_gc():
            title, header_at, grid = read_grid(data, name, sheet, limit_rows)
        used = sorted(set().union(*grid))  # not range(16384): one far cell must not widen every row
        rows = [[r.get(j) for j in used] for r in grid]
        frame = _build_frame(rows[0], rows[1:], name, positions=used)
        return RawTable(frame=frame, filename=name, kind="survey", input_hash=digest,
                        sheet=title, first_row=header_at + 2)
    if ext not in _TEXT_EXT:
        raise InputError(f"unsupported file type '{ext or '(none)'}'. Use .csv, .tsv, .txt, .md "
                         "or .xlsx.", file=name, code="unsupported_type",
                         params={"ext": ext or "(none)"})
    text, encoding = decode_bytes(data, name)
    if not text.strip():
        raise InputError("the file is empty.", file=name, code="empty_file")
    if ext in (".md", ".markdown") or (ext == ".txt" and not _looks_delimited(text)):
        frame = parse_notes(text, name)
        if frame["body"].str.strip().eq("").all():
            raise InputError("no hearing notes found: the file has headings but no text under them.",
                             file=name, code="no_notes")
        return RawTable(frame=frame, filename=name, kind="hearing", input_hash=digest,
                        encoding=encoding, first_row=1)
    delimiter = "\t" if ext == ".tsv" else _sniff_delimiter(text)[0]
    with _paused_gc():
        frame, first_row = _parse_delimited(text, name, delimiter, limit_rows)
    return RawTable(frame=frame, filename=name, kind="survey", input_hash=digest,
                    encoding=encoding, first_row=first_row)


def list_sheets(data: bytes, filename: str) -> list[str]:
    """Names of the worksheets of an .xlsx/.xlsm workbook, in order; ``[]`` for other files."""
    name = PureWindowsPath(filename).name or filename
    if not data.startswith(_ZIP_MAGIC):
        if PurePath(name).suffix.lower() in _EXCEL_EXT:
            raise InputError("this is not a valid Excel workbook (expected an .xlsx zip archive).",
                             file=name, code="not_a_workbook")
        return []
    return sheet_names(data, name)


def read_path(path: str | Path, *, sheet: str | None = None, max_bytes: int | None = None,
              max_rows: int | None = None) -> RawTable:
    """Read the file at ``path`` with :func:`read_table`, named by its file name."""
    p = Path(path)
    try:
        _check_size(p.stat().st_size, p.name, max_bytes)
        data = p.read_bytes()
    except OSError as err:
        detail = err.strerror or str(err)
        raise InputError(f"cannot read the file: {detail}.", file=p.name, code="cannot_read_file",
                         params={"detail": detail}) from None
    return read_table(data, p.name, sheet=sheet, max_bytes=max_bytes, max_rows=max_rows)


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Hold off the cyclic collector while rows pile up: every row list stays alive, so each
    pass finds nothing to free yet rescans them all (a million rows: 3 s instead of 0.8 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_size(size: int, name: str, max_bytes: int | None) -> None:
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    if size > limit:
        raise InputError(f"the file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit. "
                         "Split it into smaller files.", file=name, code="file_too_large",
                         params={"size_mb": f"{size / 1e6:.1f}", "limit_mb": f"{limit / 1e6:.0f}"})


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


def _parse_delimited(text: str, name: str, delimiter: str, limit: int) -> tuple[pd.DataFrame, int]:
    """Parse delimited text; return the frame and the file row of its first data row."""
    csv.field_size_limit(2**31 - 1)  # one long free-text answer must not abort the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_row = 0
    rows: list[list[str]] = []
    lines_before_last = last_start = 0  # physical lines read before the next / the last record
    try:
        for record in reader:
            if header is None:
                header_row += 1
                if any(c.strip() for c in record):
                    header = record
                lines_before_last = reader.line_num
                continue
            if len(rows) >= limit and any(c.strip() for c in record):
                raise InputError(f"the file has more than {limit:,} rows. Split it into smaller "
                                 "files.", file=name, row=header_row + len(rows) + 1,
                                 code="too_many_rows", params={"limit": limit})
            rows.append(record)
            last_start, lines_before_last = lines_before_last, reader.line_num
    except csv.Error as err:
        raise InputError(f"the file cannot be parsed as delimited text ({err}).", file=name,
                         row=header_row + len(rows) + 1, code="csv_parse_error",
                         params={"detail": str(err)}) from None
    if header is None:
        raise InputError("the file is empty.", file=name, code="empty_file")
    if rows and reader.line_num - last_start > 1 and _ends_inside_quotes(text, last_start, delimiter):
        raise InputError("a quote (\") opened in this row is never closed, so the rest of the file "
                         "would become one cell. Close or remove the quote.", file=name,
                         row=header_row + len(rows), code="unclosed_quote")
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    width = len(header)
    for i, record in enumerate(rows):
        if len(record) > width:
            if any(c.strip() for c in record[width:]):
                raise InputError(
                    f"this row has {len(record)} fields but the header has {width}. A cell probably "
                    f"contains the delimiter {_delimiter_name(delimiter)} without quotes.",
                    file=name, row=header_row + 1 + i, code="too_many_fields",
                    params={"fields": len(record), "width": width,
                            "delimiter": _delimiter_name(delimiter)})
            rows[i] = record[:width]
    return _build_frame(header, rows, name), header_row + 1


def _ends_inside_quotes(text: str, skip_lines: int, delimiter: str) -> bool:
    """Whether the record starting after ``skip_lines`` physical lines runs into the end of the
    file inside quotes (the tolerant reader then swallows every later line into one cell)."""
    lines = io.StringIO(text, newline="")
    for _ in range(skip_lines):
        lines.readline()
    try:
        list(csv.reader(io.StringIO(lines.read(), newline=""), delimiter=delimiter, strict=True))
    except csv.Error as err:
        return "unexpected end of data" in str(err)
    return False


def _delimiter_name(delimiter: str) -> str:
    return {"\t": "TAB", ",": "','", ";": "';'"}[delimiter]


def _build_frame(header: list, rows: list[list], name: str,
                 positions: list[int] | None = None) -> pd.DataFrame:
    """Frame of string columns from a header and ragged rows (missing cells are NA).

    ``positions`` are the file's column indexes of the cells (default 0, 1, ...);
    an unnamed column is called 列N after its place in the file.
    """
    if not rows:
        raise InputError("the file has a header row but no data rows.", file=name,
                         code="no_data_rows")
    width = max(len(header), max(len(r) for r in rows))
    columns: list[tuple[str | None, list]] = []
    for j in range(width):
        values = [r[j] if j < len(r) and r[j] != "" and r[j] is not None else None for r in rows]
        title = header[j] if j < len(header) else None
        title = title.replace("\ufeff", "").strip() if isinstance(title, str) else None
        if not title and all(v is None for v in values):
            continue  # Excel's trailing delimiters and blank spacer columns carry nothing
        columns.append((title or f"列{(positions[j] if positions else j) + 1}", values))
    names: list[str] = []
    taken: set[str] = set()
    tries: dict[str, int] = {}  # a set and a counter: 10,000 equal headers must not take minutes
    for title, _ in columns:
        new, k = title, tries.get(title, 1)
        while new in taken:
            k += 1
            new = f"{title} ({k})"
        tries[title] = k
        names.append(new)
        taken.add(new)
    return pd.DataFrame({n: pd.Series(v, dtype="str") for n, (_, v) in zip(names, columns)})
