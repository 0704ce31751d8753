"""The public-comment response table: opinion types, the city's response to each, and the files it publishes."""

from .build import DUPLICATE_REASONS, build_table, row_digest, row_key, table_language
from .model import (
    COLUMN_TITLES,
    DEFAULT_DISPOSITIONS,
    EDITABLE,
    STATUS_WORDS,
    STATUSES,
    Orphan,
    ResponseRow,
    ResponseTable,
)
from .page import render_html, write_html
from .publish import Check, appendix_frame, check_table, format_numbers, published_rows, table_frame
from .sheet import SheetEdit, read_sheet_edits, workbook_bytes, write_xlsx
from .word import docx_bytes, write_docx

FORMATS = {"docx": "responses.docx", "xlsx": "responses.xlsx", "html": "responses.html"}

__all__ = [
    "COLUMN_TITLES", "DEFAULT_DISPOSITIONS", "DUPLICATE_REASONS", "EDITABLE", "FORMATS", "STATUS_WORDS",
    "STATUSES", "Check", "Orphan", "ResponseRow", "ResponseTable", "SheetEdit", "appendix_frame", "build_table",
    "check_table", "docx_bytes", "format_numbers", "published_rows", "read_sheet_edits", "render_html", "row_digest", "row_key",
    "table_frame", "table_language", "workbook_bytes", "write_docx", "write_html", "write_xlsx",
]
