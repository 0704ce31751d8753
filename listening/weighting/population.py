"""Resident counts (the population margins) read from the tables cities publish.

A table comes long (one row per cell: attribute columns and a count, e.g. 校区 | 年齢 |
人口) or wide (one attribute down the rows, another across the columns, e.g. 年齢 | 総数 |
男 | 女, or 校区 | 0～4歳 | 5～9歳 ...), in any encoding or workbook ``listening.ingest``
reads. Totals (合計, 総数, 계 ...), notes under the table and columns that are not
categories (世帯数 beside 人口) are left out, and every such row or column is listed in
``notes`` so nothing disappears unseen.
"""
from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

import numpy as np
import pandas as pd

from listening.ingest import decode_bytes, read_table
from listening.types import InputError

from .labels import age_range, fold, gender_key, is_total

COUNT = "count"
# Headers of a column that holds the count of a long table (compared folded, as substrings).
COUNT_NAMES = ("人口", "人数", "住民数", "総数", "人員", "population", "count", "residents", "인구", "인원")
AGE_NAMES = ("年齢", "年代", "歳", "age", "연령", "나이")
FAMILY_NAMES = {"age": "age", "gender": "gender"}
_BLANK = frozenset({"", "-", "−", "―", "—", "ー", "‐", "…", "x", "*", "***", "χ"})
_UNIT_CHARS = str.maketrans("", "", ",，人名명 \u3000")
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_ERA_DATE = re.compile(r"(令和|平成|昭和)\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE = re.compile(r"(\d{4})\s*[年년./-]\s*(\d{1,2})\s*[月월./-]\s*(\d{1,2})")


@dataclass(frozen=True, eq=False)
class Population:
    """Resident counts from one or more tables.

    ``tables``: one long frame per file, with a string column per attribute and a
    float ``count`` column, one row per cell. ``sources``: per table, a dict with
    filename, source (as the staff name it: 住民基本台帳 ...), as_of (the date the
    counts refer to), layout (long/wide) and notes (rows and columns left out, why).
    """

    tables: tuple[pd.DataFrame, ...]
    sources: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def attributes(self) -> tuple[str, ...]:
        names: list[str] = []
        for table in self.tables:
            names += [c for c in table.columns if c != COUNT and c not in names]
        return tuple(names)

    def categories(self, attribute: str) -> list[str]:
        """The attribute's categories in the order of the first table that has it."""
        return self.margin(attribute).index.tolist()

    def margin(self, attribute: str, where: Mapping[str, Collection[str]] | None = None) -> pd.Series:
        """Residents per category of ``attribute`` (from the first table that has it).

        ``where`` keeps only the rows whose categories are listed, for the columns of
        ``where`` the table has: the residents the survey can reach (aged 10 and over,
        say) are then counted the same way in every margin.
        """
        for table in self.tables:
            if attribute in table.columns:
                keep = np.ones(len(table), dtype=bool)
                for column, allowed in (where or {}).items():
                    if column in table.columns:
                        keep &= table[column].isin(list(allowed)).to_numpy()
                return table.loc[keep].groupby(attribute, sort=False)[COUNT].sum()
        raise InputError(f"the population table has no column '{attribute}'. It has: "
                         f"{', '.join(self.attributes)}.", column=attribute, code="population_no_attribute",
                         params={"attribute": attribute, "available": ", ".join(self.attributes)})

    def cross(self, attributes: list[str]) -> pd.DataFrame | None:
        """Residents per combination of ``attributes`` from one table holding them all, else None."""
        for table in self.tables:
            if set(attributes) <= set(table.columns):
                return table.groupby(list(attributes), sort=False)[COUNT].sum().reset_index()
        return None

    def to_json(self) -> str:
        return json.dumps({"tables": [t.to_dict(orient="split", index=False) for t in self.tables],
                           "sources": list(self.sources)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Population:
        data = json.loads(text)
        tables = []
        for split in data["tables"]:
            frame = pd.DataFrame(split["data"], columns=split["columns"])
            tables.append(_typed(frame, [c for c in frame.columns if c != COUNT]))
        return cls(tuple(tables), tuple(data.get("sources", ())))


def combine(*populations: Population) -> Population:
    """One Population holding the tables of several (e.g. an age table and a district table)."""
    return Population(tuple(t for p in populations for t in p.tables),
                      tuple(s for p in populations for s in p.sources))


def read_population(data: bytes, filename: str, *, sheet: str | None = None, count_column: str | None = None,
                    column_attribute: str | None = None, source: str = "", as_of: str | None = None) -> Population:
    """Read a table of resident counts (CSV/TSV/XLSX, UTF-8, CP932, EUC-JP, CP949 ...).

    ``count_column`` forces a long layout with that column as the count; otherwise a
    table with one count column is long and one with several category columns is wide,
    its column headers becoming the categories of ``column_attribute`` (default:
    "age" when the headers read as ages, "gender" when they are 男/女, else "category").
    Raises InputError (a ValueError) for a file that is not a table, a negative or
    unreadable count, or a table without a count.
    """
    data, skipped, title = _without_title_lines(data, filename)
    table = read_table(data, filename, sheet=sheet)
    if table.kind != "survey":
        raise InputError("this is not a table. Upload a CSV or Excel file of resident counts.",
                         file=table.filename, code="population_not_table")
    population = population_from_frame(table.frame, filename=table.filename, count_column=count_column,
                                       column_attribute=column_attribute, source=source, as_of=as_of,
                                       first_row=table.first_row + skipped)
    info = dict(population.sources[0])
    if title:
        info["notes"] = [{"kind": "title", "label": title}, *info["notes"]]
    titles = [n["label"] for n in info["notes"] if n["kind"] == "title"]
    info["as_of"] = info["as_of"] or next((d for d in map(date_in, titles) if d), None)
    return Population(population.tables, (info,))


def _without_title_lines(data: bytes, filename: str) -> tuple[bytes, int, str]:
    """A CSV whose first lines are a title (令和7年4月1日現在 ...) rather than the header: those
    lines would make the delimiter sniffer see a one-column file. Returns the bytes from the
    header on (UTF-8), how many lines went, and their text."""
    if PurePath(filename).suffix.lower() not in (".csv", ".tsv", ".txt") or data.startswith(b"PK"):
        return data, 0, ""
    text, _ = decode_bytes(data, filename)
    lines = text.splitlines(keepends=True)
    for k, line in enumerate(lines[:20]):
        cells = next(csv.reader([line], delimiter="\t" if "\t" in line else ","), [])
        if sum(bool(c.strip()) for c in cells) >= 2:
            if k == 0:
                return data, 0, ""
            title = " ".join(c.strip() for ln in lines[:k] for c in next(csv.reader([ln]), []) if c.strip())
            return "".join(lines[k:]).encode("utf-8"), k, title
    return data, 0, ""


def date_in(text: str) -> str | None:
    """The first date in a title (令和7年4月1日, 2025年4月1日, 2025-04-01, 2025년 4월 1일) as ISO, else None."""
    text = unicodedata.normalize("NFKC", text)
    m = _ERA_DATE.search(text)
    if m:
        year = _ERAS[m[1]] + (1 if m[2] == "元" else int(m[2]))
        month, day = int(m[3]), int(m[4])
    else:
        m = _DATE.search(text)
        if not m:
            return None
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def population_from_frame(frame: pd.DataFrame, *, filename: str = "", count_column: str | None = None,
                          column_attribute: str | None = None, source: str = "", as_of: str | None = None,
                          first_row: int = 2) -> Population:
    """:func:`read_population` for a frame already read (strings or numbers)."""
    notes: list[dict] = []
    frame, first_row = _promote_header(frame.astype(object), first_row, notes)
    numbers = {c: _number_column(frame[c]) for c in frame.columns}
    numeric = [c for c, v in numbers.items() if v is not None and not _names_attribute(c)]
    if count_column is not None:
        if count_column not in frame.columns:
            raise InputError(f"no column named '{count_column}'. Columns: {', '.join(map(str, frame.columns))}.",
                             file=filename, column=count_column, code="population_no_column",
                             params={"column": count_column})
        if numbers[count_column] is None:
            _raise_bad_count(frame, count_column, filename, first_row)
        counts, layout = [count_column], "long"
    else:
        counts, layout = _count_columns(numeric, notes)
    if not counts:
        raise InputError("no column of counts was found: the table needs a column of numbers (人口, 人数, 인구 ...).",
                         file=filename, code="population_no_counts")
    attributes = [c for c in frame.columns if c not in numeric and c not in counts]
    if not attributes and layout == "long":
        raise InputError("the table has counts but no column saying whose (校区, 年齢, 性別 ...).",
                         file=filename, code="population_no_attributes")
    for c in counts:
        if numbers[c] is None:
            _raise_bad_count(frame, c, filename, first_row)
    long = _long_frame(frame, attributes, counts, numbers, layout, column_attribute, notes)
    long = _drop_totals(long, notes)
    if (long[COUNT] < 0).any():
        raise InputError("a count is negative.", file=filename, code="population_negative")
    cells = [c for c in long.columns if c != COUNT]
    if long.duplicated(cells).any():
        notes.append({"kind": "summed_duplicates", "count": int(long.duplicated(cells).sum())})
        long = long.groupby(cells, sort=False)[COUNT].sum().reset_index()
    if long.empty or long[COUNT].sum() <= 0:
        raise InputError("the table holds no residents (every count is 0 or blank).", file=filename,
                         code="population_empty")
    info = {"filename": filename, "source": source, "as_of": as_of, "layout": layout, "notes": notes}
    return Population((_typed(long.reset_index(drop=True), cells),), (info,))


def _typed(frame: pd.DataFrame, cells: list[str]) -> pd.DataFrame:
    out = frame.copy()
    for c in cells:
        out[c] = out[c].map(_text).astype(object)
    out[COUNT] = out[COUNT].astype("float64")
    return out


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()  # labels as the file writes them; comparisons fold them (labels.fold)


def _blank(value: object) -> bool:
    return unicodedata.normalize("NFKC", _text(value)).casefold() in _BLANK


def parse_count(value: object) -> float | None:
    """A count as a table shows it: 12,345 / １２３４５ / 1 234人 / 3명; blank, "-" or "x" is 0;
    None for text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return 0.0 if isinstance(value, float) and math.isnan(value) else float(value)
    text = unicodedata.normalize("NFKC", _text(value)).translate(_UNIT_CHARS).casefold()
    if text in _BLANK:
        return 0.0
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _number_column(series: pd.Series) -> pd.Series | None:
    values = [parse_count(v) for v in series.tolist()]
    if any(v is None for v in values) or all(_blank(v) for v in series.tolist()):
        return None
    return pd.Series(values, index=series.index, dtype="float64")


def _names_attribute(header: object) -> bool:
    # A column of single ages (0, 1, ... 100) is numeric but says whose count it is.
    text = fold(header)
    return any(fold(n) == text or text.endswith(fold(n)) for n in AGE_NAMES) and age_range(header) is None


def _family(header: object) -> str:
    if is_total(header):
        return "total"
    if age_range(header) is not None:
        return "age"
    if gender_key(header) is not None:
        return "gender"
    if any(fold(n) in fold(header) for n in COUNT_NAMES):
        return "count"
    return "other"


def _count_columns(numeric: list[str], notes: list[dict]) -> tuple[list[str], str]:
    """Which numeric columns hold the counts, and whether the table is long or wide."""
    if len(numeric) <= 1:
        return numeric, "long"
    families = {c: _family(c) for c in numeric}
    for fam in ("age", "gender"):
        chosen = [c for c in numeric if families[c] == fam]
        if len(chosen) >= 2:
            break
    else:
        named = [c for c in numeric if families[c] == "count"]
        if len(named) == 1:
            chosen, fam = named, "long"
        else:
            chosen, fam = [c for c in numeric if families[c] == "other"], "wide"
    for c in numeric:
        if c not in chosen:
            notes.append({"kind": "total_column" if families[c] in ("total", "count") else "other_column",
                          "label": str(c)})
    return chosen, "long" if fam == "long" or len(chosen) == 1 else "wide"


def _long_frame(frame, attributes, counts, numbers, layout, column_attribute, notes) -> pd.DataFrame:
    attrs = frame[attributes].map(_text) if attributes else pd.DataFrame(index=frame.index)
    values = pd.DataFrame({c: numbers[c] for c in counts})
    has_count = ~frame[counts].map(_blank).all(axis=1)
    empty = ~has_count
    if empty.any():
        notes.append({"kind": "rows_without_counts", "count": int(empty.sum())})
    attrs, values = attrs.loc[has_count], values.loc[has_count]
    if len(attributes) > 1:
        # Merged cells in Excel leave the outer label only in a block's first row.
        blank = attrs[attributes[:-1]].eq("")
        if blank.any().any():
            notes.append({"kind": "filled_down", "count": int(blank.any(axis=1).sum())})
            attrs[attributes[:-1]] = attrs[attributes[:-1]].mask(blank).ffill().fillna("")
    if layout == "long":
        return attrs.assign(**{COUNT: values[counts[0]].to_numpy()})
    name = column_attribute or FAMILY_NAMES.get(_family(counts[0]), "category")
    if name in attributes:
        name = f"{name} (columns)"
    long = pd.concat([attrs, values], axis=1).melt(id_vars=attributes, value_vars=counts, var_name=name,
                                                   value_name=COUNT)
    long[name] = long[name].map(_text)
    return long


def _drop_totals(long: pd.DataFrame, notes: list[dict]) -> pd.DataFrame:
    cells = [c for c in long.columns if c != COUNT]
    total = long[cells].apply(lambda s: s.map(is_total)).any(axis=1) if cells else pd.Series(False, index=long.index)
    blank = long[cells].eq("").all(axis=1) if cells else pd.Series(False, index=long.index)
    for kind, mask in (("total_rows", total), ("unlabelled_rows", blank & ~total)):
        if mask.any():
            notes.append({"kind": kind, "count": int(mask.sum()),
                          "residents": float(long.loc[mask, COUNT].sum())})
    return long.loc[~(total | blank)]


def _promote_header(frame: pd.DataFrame, first_row: int, notes: list[dict]) -> tuple[pd.DataFrame, int]:
    """A title line above the real header (令和7年4月1日現在 ...) makes most column names 列N."""
    unnamed = sum(str(c).startswith("列") and str(c)[1:].isdigit() for c in frame.columns)
    if unnamed * 2 < len(frame.columns):
        return frame, first_row
    for i in range(min(len(frame), 20)):
        cells = [_text(v) for v in frame.iloc[i].tolist()]
        filled = [c for c in cells if c]
        if len(filled) >= 2 and sum(parse_count(c) is None for c in filled) * 2 >= len(filled):
            notes.append({"kind": "title", "label": " ".join(str(c) for c in frame.columns
                                                             if not str(c).startswith("列"))})
            names = [c or f"列{j + 1}" for j, c in enumerate(cells)]
            body = frame.iloc[i + 1:].copy()
            body.columns = [f"{c} ({j + 1})" if names.count(c) > 1 else c for j, c in enumerate(names)]
            keep = [c for c in body.columns if not (c.startswith("列") and body[c].map(_text).eq("").all())]
            return body[keep].reset_index(drop=True), first_row + i + 1
    return frame, first_row


def _raise_bad_count(frame: pd.DataFrame, column: str, filename: str, first_row: int) -> None:
    for i, value in enumerate(frame[column].tolist()):
        if parse_count(value) is None:
            raise InputError(f"'{value}' is not a number of residents.", file=filename, row=first_row + i,
                             column=str(column), code="population_bad_count", params={"value": str(value)})
    raise InputError("the count column is empty.", file=filename, column=str(column), code="population_no_counts")
