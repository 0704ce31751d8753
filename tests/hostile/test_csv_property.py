"""Property: any table the csv module writes reads back with the same cells, or is refused.

The documented normalisation of :func:`listening.ingest.read.read_table`: header
titles are stripped of spaces and BOMs, an empty title becomes 列N and a repeated
one "title (2)"; a column with neither title nor values is left out; empty cells
are NA; blank rows at the end are dropped. Anything else must come back as
written, or the reader must raise InputError (binary-looking control characters,
a header with no data rows), never another exception.
"""
from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from listening.ingest.read import read_table
from listening.types import InputError

JA = list("あいうえおがぎゃっアイウエオヴー々〆漢字公園駅前図書館「」『』。、・～")
KO = list("가나다라마바사아자차카타파하놀이터버스정류장도서관의견없음")
EMOJI = ["😀", "🚌", "👍🏽", "👨\u200d👩\u200d👧", "🇯🇵", "\u202e"]
CONTROL = ["\x00", "\x07", "\x1b", "\x0b", "\x0c", "\x7f", "\x85", "\u200b"]
SHARED = ['"', '""', ",", "\n", "\r\n", "\r", " ", "　", "'", "a", "Z", "1", "=", "#", "-"]

# Characters each encoding can write. Tab and ';' stay out: they are delimiters the
# reader sniffs for, and a table whose every cell holds one is ambiguous by nature.
# Control characters are rarer than letters, as in real files (more than a few make
# the reader call the file binary, which is right but ends the example early).
ALPHABETS = {
    "utf-8": (JA + KO + EMOJI + SHARED) * 4 + CONTROL,
    "utf-8-sig": (JA + KO + EMOJI + SHARED) * 4 + CONTROL,
    "cp932": (JA + SHARED) * 4 + CONTROL[:6],
    "cp949": (KO + SHARED) * 4 + CONTROL[:6],
}
# Titles start with a letter, so the header is the first row; repeats are likely. A
# Korean file gets Korean titles: a few hanja beside one hangul syllable are as good
# EUC-JP as EUC-KR, the ambiguity that encoding.detect_encoding documents.
TITLES = {
    "utf-8": ["ID", "意見", "意見 ", " 年代", "의견", "a"],
    "utf-8-sig": ["ID", "意見", "意見 ", " 年代", "의견", "a"],
    "cp932": ["ID", "意見", "意見 ", " 年代", "a"],
    "cp949": ["ID", "의견", "의견 ", " 연령대", "a"],
}
SETTINGS = settings(max_examples=200, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def tables(draw):
    encoding = draw(st.sampled_from(sorted(ALPHABETS)))
    cell = st.lists(st.sampled_from(ALPHABETS[encoding]), max_size=10).map("".join)
    width = draw(st.integers(2, 4))
    # Titles start with a letter so the header is the first row; repeats are likely.
    title = st.sampled_from(TITLES[encoding]) | cell.map(lambda s: "Q" + s)
    header = draw(st.lists(title, min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=8))
    return encoding, header, rows


def _expected(header: list[str], rows: list[list[str]]) -> pd.DataFrame | None:
    while rows and not any(c.strip() for c in rows[-1]):
        rows = rows[:-1]
    if not rows:
        return None
    columns, names = [], []
    for j, title in enumerate(header):
        title = title.replace("\ufeff", "").strip()
        values = [r[j] if r[j] != "" else None for r in rows]
        if title or any(v is not None for v in values):
            columns.append(values)
            names.append(title or f"列{j + 1}")
    unique: list[str] = []
    for name in names:
        new, k = name, 1
        while new in unique:
            k += 1
            new = f"{name} ({k})"
        unique.append(new)
    return pd.DataFrame({n: pd.Series(v, dtype="str") for n, v in zip(unique, columns)})


@SETTINGS
@given(tables())
def test_written_tables_read_back_or_are_refused(table):
    encoding, header, rows = table
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows([header, *rows])
    data = buf.getvalue().encode(encoding)
    try:
        got = read_table(data, "t.csv")
    except InputError as err:
        event(f"{encoding}: refused ({err.code})")
        # Bytes that look binary are refused before the table's shape is looked at.
        assert err.code in {"binary_file", "not_text", "decode_failed"} or (
            err.code == "no_data_rows" and _expected(header, rows) is None), err
        return
    event(f"{encoding}: read as {got.encoding}")
    expected = _expected(header, rows)
    assert expected is not None, "a table without data rows was accepted"
    pd.testing.assert_frame_equal(got.frame, expected)
