"""The response table as one self-contained HTML page: no script, nothing fetched, prints on A4."""
from __future__ import annotations

import html
import re
from pathlib import Path

from .model import ResponseTable
from .publish import appendix_frame, document_words, published_rows, table_frame

# Control and bidirectional-override characters never reach the page (they can reorder what a reader sees).
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_CSP = "default-src 'none'; style-src 'unsafe-inline'"
_CSS = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Hiragino Mincho ProN", "Yu Mincho", "MS Mincho", "Noto Serif CJK JP", "Malgun Gothic",
       "Noto Sans CJK KR", serif; font-size: 10pt; line-height: 1.5; margin: 0 auto; max-width: 1200px; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; break-before: page; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #555; padding: 4px 6px; vertical-align: top; white-space: pre-wrap; }
thead { display: table-header-group; } tr { break-inside: avoid; }
th { background: #eee; } td.n { text-align: right; white-space: nowrap; }
.banner { font-weight: bold; color: #8a1c1c; }
"""


def render_html(table: ResponseTable, public: bool, include_drafts: bool = False) -> str:
    rows = published_rows(table, public, include_drafts)
    words = document_words(table, rows, public, include_drafts)
    frame = table_frame(table, rows)
    appendix = appendix_frame(table, rows, public)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{_e(table.language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">\n'
        f"<title>{_e(words['title'])}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
        f'<p class="banner">{_e(words["banner"])}</p>\n' if words["banner"] else "",
        f"<h1>{_e(words['title'])}</h1>\n<p>{_e(words['facts'])}</p>\n<p>{_e(words['note'])}</p>\n",
        _table(frame, numeric=(0,)),
        f"<h2>{_e(words['appendix'])}</h2>\n",
        _table(appendix, numeric=(0, 2)),
        "</body>\n</html>\n",
    ]
    return "".join(parts)


def write_html(table: ResponseTable, path: str | Path, public: bool, include_drafts: bool = False) -> Path:
    path = Path(path)
    path.write_text(render_html(table, public, include_drafts), encoding="utf-8")
    return path


def _table(frame, numeric=()) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{_e(v)}</td>' for i, v in enumerate(values))
        + "</tr>\n"
        for values in frame.itertuples(index=False))
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"


def _e(value: object) -> str:
    return html.escape(_HIDDEN.sub("", "" if value is None else str(value)), quote=True)
