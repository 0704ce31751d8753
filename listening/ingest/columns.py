"""First guesses of which columns of an uploaded survey hold free text, ids, attributes and dates.

The upload page preselects these; the user confirms or changes them. Headers are
read first (年代, 性別, 校区, 연령대, 행정동 ...), then the cells: free text is long,
mostly unique and written in Japanese or Korean script.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from listening.text import detect_language

ROLE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "age": ("年代", "年齢", "年齢層", "연령", "연령대", "나이", "age"),
    "gender": ("性別", "성별", "gender", "sex"),
    "area": ("校区", "小学校区", "中学校区", "地区", "地域", "町名", "自治会", "居住地", "行政区", "동", "행정동",
             "읍면동", "지역", "거주지", "district", "area"),
    "type": ("回答者区分", "属性", "職業", "立場", "응답자유형", "직업", "구분", "type"),
}
ID_KEYWORDS = ("id", "回答id", "番号", "no", "응답id", "번호")
DATE_KEYWORDS = ("回答日", "日時", "日付", "응답일자", "응답일", "날짜", "date", "timestamp")
TEXT_KEYWORDS = ("自由記述", "意見", "理由", "課題", "ご意見", "要望", "感想", "의견", "불편", "바라는", "이유",
                 "comment", "comments", "opinion", "reason", "feedback")
# A phone or postcode column is unique per row too, but is personal data, never an answer id.
_NOT_ID = ("電話", "郵便", "メール", "전화", "우편", "메일", "phone", "tel", "mail", "zip")
_QUESTION_NUMBER = re.compile(r"^(?:問|문|設問|質問|q)\s*\d")
_DATE_VALUE = re.compile(r"^\d{4}[-/.年]\d{1,2}(?:[-/.月]\d{1,2})?|^\d{1,2}/\d{1,2}/\d{2,4}")
_ASCII_WORD = re.compile(r"[a-z]+")

MAX_ATTRIBUTE_VALUES = 30  # more distinct values than this and a crosstab is unreadable
MAX_AREA_VALUES = 100  # a city can have many school districts
TEXT_MIN_MEAN_CHARS = 15
TEXT_MIN_UNIQUE_SHARE = 0.5
HINTED_TEXT_MIN_MEAN_CHARS = 8  # a header saying 意見/理由 lowers the bar
HINTED_TEXT_MIN_UNIQUE_SHARE = 0.3
_SAMPLE = 300  # cells looked at for script and date checks


@dataclass(frozen=True)
class ColumnGuess:
    """Preselected columns. ``roles`` maps every column to text/id/attribute/date/ignore;
    ``candidates`` lists the columns that could serve as attributes (few distinct
    values or an attribute-like header), selected or not, in file order."""

    text: tuple[str, ...]
    id: str | None
    attributes: tuple[str, ...]
    roles: dict[str, str]
    candidates: tuple[str, ...] = field(default=())


def _header(name: object) -> str:
    return unicodedata.normalize("NFKC", str(name)).casefold().strip()


def _matches(header: str, keywords: tuple[str, ...]) -> bool:
    # English keywords are whole words ("Age group", not "page"); Japanese and Korean
    # keywords are substrings of the header with its spaces removed ("年 代" is 年代).
    words = set(_ASCII_WORD.findall(header))
    header = re.sub(r"\s+", "", header)
    for keyword in keywords:
        if keyword.isascii():
            if keyword in words:
                return True
        elif len(keyword) == 1:
            # One syllable like 동 is a suffix of area names (행정동) but also ends other words.
            if header == keyword or (header.endswith(keyword) and len(header) <= 4):
                return True
        elif keyword in header:
            return True
    return False


@dataclass(frozen=True)
class _Stats:
    n: int  # non-blank cells
    distinct: int
    mean_chars: float
    unique_share: float
    script_share: float
    date_share: float
    short: bool  # every value at most 20 characters


def _describe(series: pd.Series) -> _Stats:
    values = series.dropna().astype(str).str.strip()
    values = values[values != ""]
    n = len(values)
    if n == 0:
        return _Stats(0, 0, 0.0, 0.0, 0.0, 0.0, True)
    lengths = values.str.len()
    distinct = int(values.nunique())
    sample = values.drop_duplicates().head(_SAMPLE).tolist()
    script = sum(detect_language(v) != "other" for v in sample) / len(sample)
    dates = sum(bool(_DATE_VALUE.match(unicodedata.normalize("NFKC", v))) for v in sample) / len(sample)
    return _Stats(n, distinct, float(lengths.mean()), distinct / n, script, dates, bool(lengths.max() <= 20))


def _is_text(header: str, s: _Stats) -> bool:
    if s.n == 0 or s.script_share < 0.5:
        return False
    if s.mean_chars > TEXT_MIN_MEAN_CHARS and s.unique_share >= TEXT_MIN_UNIQUE_SHARE:
        return True
    hinted = _matches(header, TEXT_KEYWORDS) or bool(_QUESTION_NUMBER.match(header))
    return (hinted and s.mean_chars >= HINTED_TEXT_MIN_MEAN_CHARS
            and s.unique_share >= HINTED_TEXT_MIN_UNIQUE_SHARE)


def _can_be_id(frame: pd.DataFrame, column: str, s: _Stats) -> bool:
    if not s.short or _matches(_header(column), _NOT_ID):
        return False
    # select_answers drops whole repeated rows before it checks ids, so they may repeat an id.
    rows = frame.loc[(~frame.duplicated() & frame.notna().any(axis=1)).to_numpy()]
    values = rows[column].astype("str").str.strip()
    return bool(values.notna().all() and (values != "").all() and values.is_unique)


def _attribute_role(header: str) -> str | None:
    return next((role for role, words in ROLE_KEYWORDS.items() if _matches(header, words)), None)


def guess_columns(frame: pd.DataFrame) -> ColumnGuess:
    """Guess the free-text, id, attribute and date columns of a survey table.

    Dates: a date-like header (回答日, 日時, 응답일자) or date-shaped cells. Free
    text: mean length over 15 characters, mostly distinct values, mostly Japanese
    or Korean script; a header such as 意見/理由/問1/의견 lowers the bar. Id: a
    header like ID/番号/번호 whose cells are all filled and distinct (else the first
    column if it is such a column). Attributes: at most one column each for age,
    gender, area and respondent type, matched by header, with few distinct values.
    Other columns with at most 30 distinct values become ``candidates`` only.
    """
    roles: dict[str, str] = {}
    stats = {c: _describe(frame[c]) for c in frame.columns}
    text: list[str] = []
    id_column: str | None = None
    chosen_roles: dict[str, str] = {}
    candidates: list[str] = []
    for column in frame.columns:
        header, s = _header(column), stats[column]
        roles[column] = "ignore"
        if s.n == 0:
            continue
        if _matches(header, DATE_KEYWORDS) or s.date_share >= 0.9:
            roles[column] = "date"
        elif _is_text(header, s):
            roles[column] = "text"
            text.append(column)
        elif id_column is None and _matches(header, ID_KEYWORDS) and _can_be_id(frame, column, s):
            roles[column] = "id"
            id_column = column
        else:
            role = _attribute_role(header)
            limit = MAX_AREA_VALUES if role == "area" else MAX_ATTRIBUTE_VALUES
            if role is not None and 2 <= s.distinct <= limit:
                candidates.append(column)
                if role not in chosen_roles:
                    chosen_roles[role] = column
                    roles[column] = "attribute"
            elif 2 <= s.distinct <= MAX_ATTRIBUTE_VALUES:
                candidates.append(column)
    first = frame.columns[0] if len(frame.columns) else None
    if id_column is None and first is not None and roles[first] == "ignore" \
            and _can_be_id(frame, first, stats[first]) and stats[first].distinct > MAX_ATTRIBUTE_VALUES:
        roles[first] = "id"
        id_column = first
        if first in candidates:
            candidates.remove(first)
    attributes = tuple(c for c in frame.columns if roles[c] == "attribute")
    return ColumnGuess(tuple(text), id_column, attributes, roles, tuple(candidates))


def carry_mapping(previous: dict, columns) -> dict | None:
    """The column choice of a dataset's previous batch (``{"text", "id", "attributes"}``) for a new
    file with ``columns``, so next month's export of the same survey needs no clicks. None
    unless every free-text column of it is in the file (another layout: guess afresh); an id
    or attribute column the file lacks is left out."""
    present = [str(c) for c in columns]
    text = [c for c in previous.get("text") or [] if c]
    if not text or any(c not in present for c in text):
        return None
    return {"text": text, "id": previous.get("id") if previous.get("id") in present else None,
            "attributes": [c for c in previous.get("attributes") or [] if c in present]}
