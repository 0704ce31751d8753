"""When a wave was surveyed: its date suggested from the answers or the file name, its default
name ("2025年10月"), and whether it lands before waves already stored.

A wave dated on the day of import puts a backlog import (October imported in November)
after November, and the waves page then shows every change backwards. The answers
usually say when they were given (回答日時 in a monthly export), and monthly exports are
usually named after their month (202510.csv), so the date is suggested from those first
and from the import day only when neither says anything, with a note the page shows.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

import pandas as pd

from listening.i18n import t

from .columns import guess_columns

# Share of a date column's filled cells that must parse as dates before the column is trusted.
MIN_DATE_SHARE = 0.5
_YEARS = range(2000, 2100)
# 2025年10月(15日), 2025-10(-15), 2025_10, 2025.10, 202510(15); digits not glued to other digits.
_FILE_DATE = (
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?"),
    re.compile(r"(?<!\d)(\d{4})\s*년\s*(\d{1,2})\s*월(?:\s*(\d{1,2})\s*일)?"),
    re.compile(r"(?<!\d)(\d{4})[-_.](\d{1,2})(?:[-_.](\d{1,2}))?(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})?(?!\d)"),
)
_CJK_DATE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월](?:\s*(\d{1,2})\s*[日일])?")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


@dataclass(frozen=True)
class WaveDate:
    """A suggested survey date and where it came from.

    ``source``: "column" (the median answer date of ``column``), "filename" (a year and
    month, and day if given, in the file name; the 1st when no day) or "today" (nothing
    else said when: the page shows a note). ``first``/``last``: the earliest and latest
    answer date when the source is a column; ``n_dates``: how many cells gave a date.
    """

    date: date
    source: str
    column: str | None = None
    first: date | None = None
    last: date | None = None
    n_dates: int = 0


def suggest_wave_date(frame: pd.DataFrame | None, filename: str, date_column: str | None = None,
                      today: date | None = None) -> WaveDate:
    """The survey date of a file: the median answer date of its date column, else the date in
    its name, else ``today``.

    The median, not the latest answer: a monthly export whose last answers trickle in on the
    1st of the next month still belongs to its month, and one stray mistyped date cannot move
    it. ``date_column`` (the one the user mapped) is tried first, then the columns
    :func:`~listening.ingest.guess_columns` takes for dates; a column counts only when at
    least half its filled cells are dates.
    """
    columns = [date_column] if date_column else []
    if frame is not None and len(frame.columns):
        columns += [c for c, role in guess_columns(frame).roles.items() if role == "date" and c not in columns]
    for column in columns:
        if frame is None or column not in frame.columns:
            continue
        found = _column_dates(frame[column])
        if found is not None:
            return WaveDate(found["median"], "column", column, found["first"], found["last"], found["n"])
    from_name = date_from_filename(filename)
    if from_name is not None:
        return WaveDate(from_name, "filename")
    return WaveDate(today or date.today(), "today")


def date_from_filename(filename: str) -> date | None:
    """The year and month (and day) a file name carries: 202510.csv, 2025-10.xlsx, 2025年10月.csv,
    アンケート_2025_10_15.csv. The 1st of the month when there is no day; None when no
    pattern gives a real date between 2000 and 2099."""
    stem = unicodedata.normalize("NFKC", PurePath(str(filename)).stem)
    for pattern in _FILE_DATE:
        for match in pattern.finditer(stem):
            year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
            if year not in _YEARS:
                continue
            try:
                return date(year, month, day)
            except ValueError:
                continue
    return None


def batch_name_for(when: date, lang: str) -> str:
    """A wave's default name in the reader's language: 2025年10月, 2025년 10월, October 2025."""
    month = when.month if lang in ("ja", "ko") else _MONTHS_EN[when.month - 1]  # the catalogue's other language
    return t(lang, "batch_name_month", year=when.year, month=month)


def waves_not_before(existing: Iterable, new: date) -> list[date]:
    """The stored wave dates on or after ``new``, latest first: a new wave should come after
    every wave stored (an equal date leaves the order to the import order, which is how a
    month imported late ends up shown after the next). Unparseable dates are ignored."""
    dates = pd.to_datetime(pd.Series(list(existing), dtype=object), errors="coerce").dropna()
    return sorted({d.date() for d in dates if d.date() >= new}, reverse=True)


def _iso_like(value: str) -> str:
    """2025年10月1日 / 2025년 10월 1일 as 2025-10-1, which pandas parses; other text unchanged."""
    value = unicodedata.normalize("NFKC", value)
    return _CJK_DATE.sub(lambda m: f"{m[1]}-{m[2]}-{m[3] or 1}", value)


def _column_dates(values: pd.Series) -> dict | None:
    filled = values.dropna().astype(str).str.strip()
    filled = filled[filled != ""]
    if filled.empty:
        return None
    parsed = pd.to_datetime(filled.map(_iso_like), errors="coerce", format="mixed")
    parsed = parsed.dropna()
    parsed = parsed[(parsed.dt.year >= _YEARS.start) & (parsed.dt.year < _YEARS.stop)]
    if len(parsed) < MIN_DATE_SHARE * len(filled):
        return None
    days = parsed.dt.normalize().sort_values()
    return {"median": days.iloc[(len(days) - 1) // 2].date(), "first": days.iloc[0].date(),
            "last": days.iloc[-1].date(), "n": len(days)}
