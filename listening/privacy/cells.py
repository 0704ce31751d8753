"""Spreadsheet cells that Excel will show as text, never run as a formula (CSV and xlsx writers)."""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@")
_PLAIN_NEGATIVE_RE = re.compile(r"-\d[\d,]*(?:\.\d+)?")


def spreadsheet_safe(value: object) -> str:
    """``value`` as cell text that a spreadsheet will not run as a formula.

    Text starting with ``= + - @``, a tab or a carriage return (also after leading
    whitespace) gets a leading apostrophe; so does their full-width or small form
    (＝, ＋, －, ＠, ﹦: the first character is read as NFKC, as a spreadsheet may);
    plain negative numbers stay; None is "".
    """
    if value is None:
        return ""
    s = value if isinstance(value, str) else str(value)
    if s.startswith(("\t", "\r")):
        return "'" + s
    head = s.lstrip()
    first = unicodedata.normalize("NFKC", head[:1])
    if first.startswith(_FORMULA_START) and not _PLAIN_NEGATIVE_RE.fullmatch(unicodedata.normalize("NFKC", head)):
        return "'" + s
    return s


def spreadsheet_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and headers pass :func:`spreadsheet_safe`;
    missing cells stay missing, numbers stay numbers."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = [v if v is None or (not isinstance(v, str) and pd.isna(v)) else spreadsheet_safe(v)
                           for v in out[column]]
    out.columns = [spreadsheet_safe(c) for c in out.columns]
    return out
