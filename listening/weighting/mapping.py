"""Which survey answer values stand for which population categories.

The mapping is one plain table, so staff can read and edit it (a Streamlit data
editor, a spreadsheet): one row per survey value and per population category,

    attribute | population_attribute | side       | value    | group    | n
    年代      | age                  | survey     | 70代     | 70歳以上 | 212
    年代      | age                  | survey     | 80代以上 | 70歳以上 |  31
    年代      | age                  | population | 70歳以上 | 70歳以上 | 41200

Rows that share a ``group`` are weighted together: the respondents of the survey
rows are weighted to the residents of the population rows. A blank group means
"not matched": such respondents count as missing for that attribute, such residents
are outside the survey's reach (children under 10, say). ``n`` is for reading only
(respondents or residents). :func:`mapping_report` lists every unmatched value.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from listening.privacy import from_spreadsheet
from listening.types import InputError

from .labels import age_range, district_key, fold, gender_key, range_label
from .population import AGE_NAMES, Population

MAPPING_COLUMNS = ("attribute", "population_attribute", "side", "value", "group", "n")
SIDES = ("survey", "population")
_FAMILIES = {
    "age": AGE_NAMES,
    "gender": ("性別", "男女", "gender", "sex", "성별"),
    "district": ("校区", "学区", "地区", "地域", "町丁", "district", "area", "ward", "행정동", "읍면동", "동"),
}


def survey_values(respondents: pd.DataFrame, attribute: str) -> pd.Series:
    """Respondents per answered value of ``attribute`` (blank cells are not values), by size."""
    if attribute not in respondents.columns:
        raise InputError(f"the survey has no attribute '{attribute}'. It has: "
                         f"{', '.join(map(str, respondents.columns))}.", column=attribute,
                         code="weighting_unknown_attribute", params={"attribute": attribute})
    values = respondents[attribute].astype(object).map(lambda v: "" if pd.isna(v) else str(v).strip())
    return values[values != ""].value_counts()


def guess_mapping(respondents: pd.DataFrame, population: Population, by: Sequence[str],
                  attribute_map: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A first mapping for the survey attributes ``by``, to be checked (and edited) by staff.

    Each survey attribute is paired with the population attribute named in
    ``attribute_map``, else the one whose categories its values match best. Age
    labels are read as ranges (20代, 20～29歳, 70歳以上, 만 20-29세 ...) and overlapping
    ranges form one group (70代 + 80代以上 -> 70歳以上; 20～24歳 + 25～29歳 -> 20代);
    other labels match when equal after NFKC and case folding, then without a
    district suffix (第一小校区 = 第一小学校区), then as the same gender (남 = 男性).
    """
    rows = []
    for attribute in by:
        values = survey_values(respondents, attribute)
        target = (attribute_map or {}).get(attribute) or _pick_population_attribute(attribute, values, population)
        categories = population.margin(target)
        groups = _match(values.index.tolist(), categories.index.tolist(), target)
        for value, n in values.items():
            rows.append((attribute, target, "survey", value, groups.get(("survey", value), ""), float(n)))
        for category, n in categories.items():
            rows.append((attribute, target, "population", category, groups.get(("population", category), ""),
                         float(n)))
    return pd.DataFrame(rows, columns=list(MAPPING_COLUMNS))


def read_mapping(frame: pd.DataFrame) -> pd.DataFrame:
    """A mapping table as edited by a person, checked and tidied (strings stripped, n numeric).

    Raises InputError for a missing column or a side other than survey/population.
    """
    missing = [c for c in MAPPING_COLUMNS[:-1] if c not in frame.columns]
    if missing:
        raise InputError(f"the mapping table lacks the column(s) {', '.join(missing)}.",
                         code="weighting_mapping_columns", params={"columns": ", ".join(missing)})
    # from_spreadsheet: a value our mapping file wrote as '-19歳 (formula guard) reads back as -19歳.
    def cell(v):
        return "" if pd.isna(v) else str(from_spreadsheet(v)).strip()

    out = pd.DataFrame({c: frame[c].astype(object).map(cell)
                        for c in MAPPING_COLUMNS[:-1]})
    out["n"] = pd.to_numeric(frame["n"], errors="coerce") if "n" in frame.columns else np.nan
    bad = sorted(set(out["side"]) - set(SIDES))
    if bad:
        raise InputError(f"the mapping's side column holds {', '.join(bad)}: use survey or population.",
                         code="weighting_mapping_side", params={"sides": ", ".join(bad)})
    return out.reset_index(drop=True)


def mapping_report(mapping: pd.DataFrame) -> dict[str, dict]:
    """Per attribute: what the mapping leaves out.

    ``unmatched_values``: survey values without a group, or whose group has no
    population category ({value: respondents}); ``unmatched_categories``: population
    categories without a group or whose group has no survey value ({category:
    residents}); ``groups``: the groups used for weighting, in table order.
    """
    rows_of: dict[str, list[dict]] = {}
    for row in mapping.to_dict("records"):  # plain Python: the table is small, pandas costs more here
        rows_of.setdefault(str(row["attribute"]), []).append(row)
    report = {}
    for attribute, rows in rows_of.items():
        survey = [r for r in rows if r["side"] == "survey"]
        people = [r for r in rows if r["side"] == "population"]
        both = {r["group"] for r in survey} & {r["group"] for r in people} - {""}
        report[attribute] = {
            "population_attribute": str(rows[0]["population_attribute"]),
            "groups": list(dict.fromkeys(r["group"] for r in people if r["group"] in both)),
            "unmatched_values": {str(r["value"]): _number(r.get("n")) for r in survey if r["group"] not in both},
            "unmatched_categories": {str(r["value"]): _number(r.get("n")) for r in people if r["group"] not in both},
        }
    return report


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _family_of(name: str) -> str | None:
    text = fold(name)
    for family, names in _FAMILIES.items():
        if any(fold(n) in text for n in names):
            return family
    return None


def _pick_population_attribute(attribute: str, values: pd.Series, population: Population) -> str:
    """The population attribute whose categories match the most respondents (name family breaks ties)."""
    candidates = list(population.attributes)
    if attribute in candidates:
        return attribute
    family = _family_of(attribute)
    best, best_key = None, (-1.0, False)
    for name in candidates:
        groups = _match(values.index.tolist(), population.categories(name), name)
        matched = sum(n for v, n in values.items() if groups.get(("survey", v)))
        key = (matched / max(values.sum(), 1), family is not None and _family_of(name) == family)
        if key > best_key:
            best, best_key = name, key
    if best is None or (best_key[0] == 0 and not best_key[1]):
        raise InputError(f"no column of the population table matches the survey attribute '{attribute}' "
                         f"(it has {', '.join(candidates)}). Name the column to use.", column=attribute,
                         code="weighting_no_match", params={"attribute": attribute,
                                                            "available": ", ".join(candidates)})
    return best


def _match(values: list[str], categories: list[str], population_attribute: str) -> dict[tuple[str, str], str]:
    """(side, label) -> group for the labels that match; unmatched labels are left out."""
    bare = _family_of(population_attribute) == "age"
    ages_v = {v: _age(v, False) for v in values}
    ages_c = {c: _age(c, bare) for c in categories}
    if _mostly(ages_v) and _mostly(ages_c):
        return _match_ages(ages_v, ages_c)
    return _match_names(values, categories)


def _age(label: str, bare: bool) -> tuple[float, float] | None:
    found = age_range(label)
    if found is None and bare and fold(label).isdigit():
        return float(fold(label)), float(fold(label))
    return found


def _mostly(ranges: dict) -> bool:
    return bool(ranges) and sum(r is not None for r in ranges.values()) >= 0.6 * len(ranges)


def _match_ages(ages_v: dict, ages_c: dict) -> dict[tuple[str, str], str]:
    """Overlapping age ranges of either side form one group (connected components)."""
    nodes = [("survey", v, r) for v, r in ages_v.items() if r] + [("population", c, r) for c, r in ages_c.items() if r]
    parent = list(range(len(nodes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (side_i, _, (lo_i, hi_i)) in enumerate(nodes):
        for j in range(i + 1, len(nodes)):
            side_j, _, (lo_j, hi_j) = nodes[j]
            if side_i != side_j and lo_i <= hi_j and lo_j <= hi_i:
                parent[root(i)] = root(j)
    members: dict[int, list[int]] = {}
    for i in range(len(nodes)):
        members.setdefault(root(i), []).append(i)
    groups = {}
    for idx in members.values():
        sides = {nodes[i][0] for i in idx}
        if sides != set(SIDES):
            continue
        pop = [nodes[i][1] for i in idx if nodes[i][0] == "population"]
        srv = [nodes[i][1] for i in idx if nodes[i][0] == "survey"]
        lo = min(nodes[i][2][0] for i in idx)
        hi = max(nodes[i][2][1] for i in idx)
        name = pop[0] if len(pop) == 1 else srv[0] if len(srv) == 1 else range_label(lo, hi)
        for i in idx:
            groups[(nodes[i][0], nodes[i][1])] = name
    return groups


def _match_names(values: list[str], categories: list[str]) -> dict[tuple[str, str], str]:
    groups = {}
    for key in (fold, district_key, gender_key):
        by_key: dict[object, list[str]] = {}
        for c in categories:
            k = key(c)
            if k:
                by_key.setdefault(k, []).append(c)
        for v in values:
            if ("survey", v) in groups:
                continue
            found = by_key.get(key(v)) if key(v) else None
            if found and len(found) == 1:
                groups[("survey", v)] = found[0]
                groups[("population", found[0])] = found[0]
    return groups
