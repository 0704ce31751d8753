"""Goal definitions and indicator tables: the files staff write, read and written back.

A goal set is a list of :class:`Goal` (a viewpoint is a goal other goals name as
their ``parent``). Files are CSV (any encoding :func:`listening.ingest.read.read_table`
reads, Excel included) or YAML. In CSV, ``examples`` are separated by " | " or line
breaks and ``keywords`` by " OR ", "|" or line breaks. Headers may be English,
Japanese or Korean (``目標``/``목표`` for name, ``親``/``상위`` for parent ...).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import asdict
from pathlib import PurePath

import pandas as pd

from listening.ingest import decode_bytes, read_table
from listening.privacy import csv_bytes, from_spreadsheet
from listening.store import INDICATOR_COLUMNS
from listening.text import detect_language
from listening.types import GOAL_LANGUAGES as LANGUAGES  # noqa: F401 - part of this module's API
from listening.types import Goal, InputError, validate_goals

FIELDS = ("id", "name", "description", "examples", "keywords", "parent", "language")
_EXAMPLE_SPLIT = re.compile(r"\s*(?:\||\n)\s*")
_KEYWORD_SPLIT = re.compile(r"\s+OR\s+|\s*(?:\||\n)\s*")
_GOAL_FILE_TYPES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".yaml", ".yml")
_NA = frozenset({"", "-", "−", "―", "—", "…", "n/a", "na", "nan"})

# Header spellings, compared after NFKC, casefold and with spaces/underscores removed.
_GOAL_ALIASES = {
    "id": ("id", "goalid", "目標id", "目標番号", "番号", "목표id", "목표번호", "번호"),
    "name": ("name", "goal", "目標", "目標名", "名前", "名称", "목표", "목표명", "이름"),
    "description": ("description", "説明", "内容", "설명", "내용"),
    "examples": ("examples", "example", "例", "例文", "回答例", "예시", "예문"),
    "keywords": ("keywords", "keyword", "キーワード", "키워드"),
    "parent": ("parent", "viewpoint", "親", "視点", "上位", "上位目標", "상위", "관점", "상위목표"),
    "language": ("language", "lang", "言語", "언어"),
}
_INDICATOR_ALIASES = {
    "goal_id": ("goalid", "goal", "id", "目標id", "目標", "목표id", "목표"),
    "district": ("district", "地区", "校区", "地域", "지역", "행정동", "동"),
    "year": ("year", "年", "年度", "연도", "년도"),
    "indicator": ("indicator", "指標", "指標名", "지표", "지표명"),
    "value": ("value", "値", "数値", "값", "수치"),
    "unit": ("unit", "単位", "단위"),
}


def read_goals(data: bytes, filename: str) -> list[Goal]:
    """Goals from a CSV/TSV/Excel table or a YAML file (``.yaml``/``.yml``), validated.

    A missing id becomes ``g<row number>``; a parent may be given by id or by name;
    a blank language is guessed from the script of the name and description.
    """
    name = PurePath(filename).name
    if PurePath(name).suffix.lower() not in _GOAL_FILE_TYPES:
        raise InputError(f"goals cannot be read from a '{PurePath(name).suffix or '(none)'}' file: use .csv, "
                         ".xlsx or .yaml.", file=name, code="goals_unsupported_type",
                         params={"ext": PurePath(name).suffix or "(none)"})
    if PurePath(name).suffix.lower() in (".yaml", ".yml"):
        records = _yaml_records(data, name)
    else:
        table = read_table(data, name)
        if table.kind != "survey":
            raise InputError("this is not a table: upload a CSV, Excel or YAML file with one goal per row.",
                             file=name, code="goals_not_a_table")
        frame = _rename(table.frame, _GOAL_ALIASES, name, required=("name",))
        # Our own goal files quote a cell that would start a formula: read it as it was written.
        records = [{k: (None if pd.isna(v) else from_spreadsheet(v)) for k, v in row.items()}
                   for row in frame.to_dict("records")]
    goals = []
    for i, record in enumerate(records, start=1):
        if not str(record.get("name") or "").strip() and not str(record.get("id") or "").strip():
            continue  # a blank row under the table
        text = f"{record.get('name') or ''} {record.get('description') or ''}"
        goals.append(Goal(
            goal_id=str(record.get("id") or "").strip() or f"g{i}",
            name=str(record.get("name") or ""), description=str(record.get("description") or ""),
            examples=_split(record.get("examples"), _EXAMPLE_SPLIT),
            keywords=_split(record.get("keywords"), _KEYWORD_SPLIT),
            parent=None if record.get("parent") in (None, "") else str(record["parent"]),
            language=str(record.get("language") or "").strip().lower() or _guess_language(text),
        ))
    return validate_goals(_parents_by_id(goals), name)


def write_goals(goals: list[Goal], fmt: str = "csv") -> bytes:
    """The goal set as UTF-8 CSV (with BOM, so Excel reads it; no cell runs as a formula) or YAML;
    read_goals gives it back."""
    validate_goals(goals)
    if fmt == "yaml":
        import yaml

        items = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in _record(g).items()} for g in goals]
        return yaml.safe_dump({"goals": items}, allow_unicode=True, sort_keys=False).encode("utf-8")
    if fmt != "csv":
        raise ValueError(f"unknown goal file format '{fmt}': use 'csv' or 'yaml'")
    rows = [list(FIELDS)]
    for g in goals:
        r = _record(g)
        rows.append([r["id"], r["name"], r["description"], " | ".join(r["examples"]), " OR ".join(r["keywords"]),
                     r["parent"] or "", r["language"]])
    return csv_bytes(rows)


def read_indicators(data: bytes, filename: str, goals: list[Goal] | None = None) -> pd.DataFrame:
    """Indicator values per goal, district and year from a CSV/Excel table.

    Columns: goal_id, indicator and value are required; district (blank: the whole
    area), year and unit are optional. Values may carry thousands separators, a
    trailing % and full-width digits; a blank or dash is missing (NaN). Raises
    InputError naming the row for a value that is not a number, a year that is not
    a whole number, a goal id not in ``goals`` (when given) or a repeated
    (goal, district, year, indicator).
    """
    table = read_table(data, filename)
    if table.kind != "survey":
        raise InputError("this is not a table: upload a CSV or Excel file with one indicator value per row.",
                         file=table.filename, code="indicators_not_a_table")
    frame = _rename(table.frame, _INDICATOR_ALIASES, table.filename, required=("goal_id", "indicator", "value"),
                    code="indicators_missing_column")
    frame = frame.reindex(columns=list(INDICATOR_COLUMNS))
    text = frame.map(lambda v: "" if pd.isna(v) else unicodedata.normalize("NFKC", str(v)).strip())
    rows = [i for i in range(len(text)) if text.iloc[i][["goal_id", "indicator", "value"]].ne("").any()]
    text = text.iloc[rows]
    known = None if goals is None else {g.goal_id for g in goals}
    out = {c: [] for c in INDICATOR_COLUMNS}
    for i, row in zip(rows, text.itertuples(index=False)):
        where = {"file": table.filename, "row": table.first_row + i}
        if not row.goal_id or not row.indicator:
            raise InputError("every row needs a goal id and an indicator name.", **where,
                             code="indicators_missing_key")
        if known is not None and row.goal_id not in known:
            raise InputError(f"the goal id '{row.goal_id}' is not one of the goals.", **where,
                             column="goal_id", code="indicators_unknown_goal", params={"goal": row.goal_id})
        value = _number(row.value)
        if value is None:
            raise InputError(f"the value '{row.value}' is not a number.", **where, column="value",
                             code="indicators_bad_value", params={"value": row.value})
        year = _number(re.sub(r"(年度|年|년도|년)$", "", row.year))
        if year is None or (not math.isnan(year) and year != int(year)):
            raise InputError(f"the year '{row.year}' is not a whole number.", **where, column="year",
                             code="indicators_bad_year", params={"year": row.year})
        for column, v in zip(INDICATOR_COLUMNS, (row.goal_id, row.district, year, row.indicator, value, row.unit)):
            out[column].append(v)
    result = pd.DataFrame(out)
    result["year"] = pd.array([None if math.isnan(y) else int(y) for y in out["year"]], dtype="Int64")
    result["value"] = result["value"].astype("float64")
    for column in ("goal_id", "district", "indicator", "unit"):
        result[column] = result[column].astype("str")
    key = ["goal_id", "district", "year", "indicator"]
    repeated = result[result.duplicated(key)]
    if not repeated.empty:
        r = repeated.iloc[0]
        raise InputError(f"'{r.indicator}' of goal '{r.goal_id}' appears twice for the same district and "
                         "year. Keep one row each.", file=table.filename, code="indicators_duplicate",
                         params={"goal": r.goal_id, "indicator": r.indicator})
    return result.reset_index(drop=True)


def _record(goal: Goal) -> dict:
    r = asdict(goal)
    r["id"] = r.pop("goal_id")
    return {k: r[k] for k in FIELDS}


def _key(text: object) -> str:
    return re.sub(r"[\s_]+", "", unicodedata.normalize("NFKC", str(text)).casefold())


def _rename(frame: pd.DataFrame, aliases: dict, filename: str, required: tuple[str, ...],
            code: str = "goals_missing_column") -> pd.DataFrame:
    lookup = {_key(a): field for field, names in aliases.items() for a in names}
    renamed, taken = {}, set()
    for column in frame.columns:
        field = lookup.get(_key(column))
        if field is not None and field not in taken:
            renamed[column] = field
            taken.add(field)
    missing = [f for f in required if f not in taken]
    if missing:
        raise InputError(f"no column for {', '.join(missing)}. Columns found: {', '.join(map(str, frame.columns))}.",
                         file=filename, code=code, params={"missing": ", ".join(missing)})
    return frame[list(renamed)].rename(columns=renamed)


def _yaml_records(data: bytes, filename: str) -> list[dict]:
    import yaml

    text, _ = decode_bytes(data, filename)
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        raise InputError(f"this is not valid YAML ({getattr(err, 'problem', None) or err}).", file=filename,
                         row=None if line is None else line + 1, code="goals_bad_yaml") from None
    if isinstance(loaded, dict):
        loaded = next((v for k, v in loaded.items() if _key(k) in ("goals", "目標", "목표")), None)
    if not isinstance(loaded, list) or not all(isinstance(item, dict) for item in loaded):
        raise InputError("the YAML file must hold a list of goals (a 'goals:' list of entries with id and "
                         "name).", file=filename, code="goals_bad_yaml")
    lookup = {_key(a): field for field, names in _GOAL_ALIASES.items() for a in names}
    records = []

    def walk(items: list, parent: object) -> None:
        for item in items:
            record = {lookup.get(_key(k), _key(k)): v for k, v in item.items()}
            children = record.pop("children", None) or record.pop("goals", None)
            if parent is not None and record.get("parent") in (None, ""):
                record["parent"] = parent
            records.append(record)
            if isinstance(children, list):
                walk(children, record.get("id") or record.get("name"))

    walk(loaded, None)
    return records


def _split(value: object, separators: re.Pattern) -> tuple[str, ...]:
    """A YAML list as it is; a cell (or YAML string) cut at the CSV separators."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if v is not None)
    return tuple(separators.split(str(value)))


def _guess_language(text: str) -> str:
    return "ko" if detect_language(text) == "ko" else "ja"


def _parents_by_id(goals: list[Goal]) -> list[Goal]:
    """Parents written as names become ids (ids win when a value is both)."""
    ids = {g.goal_id for g in goals}
    by_name: dict[str, list[str]] = {}
    for g in goals:
        by_name.setdefault(g.name, []).append(g.goal_id)
    out = []
    for g in goals:
        parent = g.parent
        if parent is not None and parent not in ids and len(by_name.get(parent, [])) == 1:
            parent = by_name[parent][0]
        out.append(g if parent == g.parent else Goal(**{**asdict(g), "parent": parent}))
    return out


def _number(text: str) -> float | None:
    """The number a cell shows ("12,345", "２３.５%"), NaN for a blank or dash, None if not a number."""
    cleaned = re.sub(r"[\s,]", "", text).casefold().removesuffix("%")
    if cleaned in _NA:
        return math.nan
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
