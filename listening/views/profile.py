"""The district profile (地域カルテ): what one district talks about, next to the whole city.

A profile compares the share of each cluster among a district's answers with its
share in the city, names the clusters the district raises most often and most
distinctively, and quotes the district's own answers. Staff can upload a
statistics table per district (population, ageing rate ...) to show beside it.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from listening.ingest import read_table
from listening.types import InputError

from .crosstab import MISSING_LABEL, attribute_labels, filter_answers, sort_values
from .explore import holm_adjust
from .explore import LEVELS, compare_proportions
from .weighted import effective_n, weight_array

SMALL_COUNT = 5  # fewer district answers than this: the share is shown but not ranked by lift
N_TOP = 5
N_EXAMPLES = 3
KEY_NAMES = ("校区", "地区", "地域", "행정동", "district")
# Longest first, so "東小学校区" loses "小学校区" rather than "校区".
DISTRICT_SUFFIXES = ("小学校区", "中学校区", "校区", "地区", "동")
_NA_TOKENS = frozenset({"", "-", "−", "―", "—", "ー", "…", "x", "*", "***", "n/a", "na", "nan"})
_SPACE = re.compile(r"\s+")
# Column names that hold where an answer comes from, most district-like first: a school district or
# area of the city, then a municipality, an answer area or an area code. "区" alone is not a hint:
# 区分 (category) would match.
DISTRICT_HINTS = (
    ("校区", "学区", "地区", "地域", "行政区", "자치구", "행정동", "읍면동", "district", "ward", "neighbo"),
    ("市町村", "市区町村", "区町村", "町名", "町丁", "자치단체", "시군구", "municipal", "city", "town"),
    ("エリア", "居住地", "お住まい", "住まい", "都道府県", "거주지", "지역", "area", "region", "zone", "prefecture"),
    ("地域コード", "エリアコード", "市町村コード", "団体コード", "郵便番号", "지역코드", "우편번호", "area code",
     "postcode", "postal", "zip"),
)

PROFILE_COLUMNS = ("cluster_id", "label", "n_district", "share_district", "share_city", "lift", "p", "small",
                   "p_adjusted")
ALPHA = 0.05


@dataclass(frozen=True, eq=False)
class DistrictProfile:
    """One district's clusters compared with the city's (see :func:`district_profile`)."""

    attribute: str
    district: str
    n_district: int
    n_total: int
    clusters: pd.DataFrame
    top_by_share: pd.DataFrame
    top_by_lift: pd.DataFrame
    examples: dict[int, list[str]]
    breakdown: pd.DataFrame | None = None


def _value_text(series: pd.Series) -> pd.Series:
    text = series.astype(object).map(lambda v: "" if pd.isna(v) else str(v).strip())
    return text.where(text != "", MISSING_LABEL)


def _breakdown(district: pd.DataFrame, city: pd.DataFrame, attribute: str) -> pd.DataFrame:
    n_d = _value_text(district[attribute]).value_counts()
    n_c = _value_text(city[attribute]).value_counts()
    order = sort_values(list(n_c.index), MISSING_LABEL)
    frame = pd.DataFrame({"value": order})
    frame["n_district"] = n_d.reindex(order, fill_value=0).to_numpy().astype(np.int64)
    frame["share_district"] = frame["n_district"] / max(len(district), 1)
    frame["n_city"] = n_c.reindex(order, fill_value=0).to_numpy().astype(np.int64)
    frame["share_city"] = frame["n_city"] / max(len(city), 1)
    return frame


def district_profile(answers: pd.DataFrame, attribute: str, district: str, level: str = "topic",
                     breakdown_attribute: str | None = None, weights=None) -> DistrictProfile:
    """Profile of the answers whose ``attribute`` equals ``district`` at ``level`` (theme/topic).

    Per cluster: the district's count and share, the city's share (all answers,
    the district included), ``lift`` = share_district / share_city and ``p`` of a
    two-proportion z-test of the district against the rest of the city (NaN when
    the district is the whole city), ``p_adjusted`` (Holm over the clusters with at least
    ``SMALL_COUNT`` district answers). ``top_by_lift``: the over-represented clusters
    (lift > 1, p_adjusted < 0.05), most distinctive first. ``examples`` holds up to 3 of the district's
    answer ids per cluster (distinct wordings), highest confidence first. ``breakdown_attribute`` adds
    the district's counts by that attribute with the city's shares beside them.
    ``weights`` (one per answer, by position; NaN = not weighted) adds
    weighted_share_district, weighted_share_city, weighted_lift and p_weighted (the
    z-test on Kish's effective sizes); rankings stay on the unweighted figures.
    Raises InputError for an unknown column or a district without answers.
    """
    if level not in LEVELS or level not in answers.columns:
        raise InputError(f"unknown level '{level}': use 'theme' or 'topic'.", column=level)
    if breakdown_attribute is not None and breakdown_attribute not in answers.columns:
        raise InputError(f"unknown attribute '{breakdown_attribute}'.", column=breakdown_attribute)
    in_district = filter_answers(answers, {attribute: [district]})
    n_district, n_total = len(in_district), len(answers)
    if n_district == 0:
        raise InputError(f"no answers have {attribute} = '{district}'.", column=attribute)

    city_counts = answers[level].dropna().astype(int).value_counts()
    district_counts = in_district[level].dropna().astype(int).value_counts()
    ids = sorted(city_counts.index)
    n_d = district_counts.reindex(ids, fill_value=0).to_numpy()
    n_c = city_counts.reindex(ids, fill_value=0).to_numpy()
    share_d, share_c = n_d / n_district, n_c / n_total
    _, p = compare_proportions(n_d, n_district, n_c - n_d, n_total - n_district)
    if n_total == n_district:
        p = np.full(len(ids), np.nan)
    label_column = f"{level}_label"
    if label_column in answers.columns:
        labels = answers.groupby(answers[level].astype("Int64"))[label_column].first()
    else:
        labels = pd.Series({i: str(i) for i in ids})
    clusters = pd.DataFrame({
        "cluster_id": np.asarray(ids, dtype=np.int64),
        "label": [str(labels.get(i, i)) for i in ids],
        "n_district": n_d.astype(np.int64), "share_district": share_d, "share_city": share_c,
        "lift": np.where(share_c > 0, share_d / np.where(share_c > 0, share_c, 1), np.nan),
        "p": p, "small": n_d < SMALL_COUNT,
    })
    # Holm over the groups the district has enough answers in: "distinctive" survives all those chances.
    clusters["p_adjusted"] = np.nan
    tested = ~clusters["small"] & clusters["p"].notna()
    if tested.any():
        clusters.loc[tested, "p_adjusted"] = holm_adjust(clusters.loc[tested, "p"].to_numpy())
    if weights is not None:
        clusters = pd.concat([clusters, _weighted_columns(answers, level, attribute, district, ids, weights)], axis=1)
    clusters = clusters.sort_values(["share_district", "cluster_id"], ascending=[False, True],
                                    kind="stable").reset_index(drop=True)
    present = clusters.loc[clusters["n_district"] > 0]
    top_by_share = present.head(N_TOP).reset_index(drop=True)
    # Distinctive means over-represented beyond chance: a topic the district raises less than the city,
    # or only as much more as chance would give (lift 1.04 on a few answers), is not one.
    top_by_lift = (present.loc[~present["small"] & (present["lift"] > 1) & (present["p_adjusted"] < ALPHA)]
                   .sort_values(["lift", "n_district"], ascending=False, kind="stable")
                   .head(N_TOP).reset_index(drop=True))

    ranked = in_district
    if "confidence" in ranked.columns:
        ranked = ranked.sort_values("confidence", ascending=False, kind="stable", na_position="last")
    examples: dict[int, list[str]] = {}
    ranked = ranked.dropna(subset=[level])
    for cluster_id, rows in ranked.groupby(ranked[level].astype(int), sort=True):
        if "text" in rows.columns:  # one voice per wording: 食べ物が美味しい from three visitors is one example
            wording = rows["text"].astype(str).map(lambda s: unicodedata.normalize("NFKC", s).strip())
            rows = rows.loc[~wording.duplicated()]
        examples[int(cluster_id)] = rows["answer_id"].astype(str).head(N_EXAMPLES).tolist()
    breakdown = None
    if breakdown_attribute is not None:
        breakdown = _breakdown(in_district, answers, breakdown_attribute)
    return DistrictProfile(attribute, str(district), n_district, n_total, clusters,
                           top_by_share, top_by_lift, examples, breakdown)


def _weighted_columns(answers: pd.DataFrame, level: str, attribute: str, district: str, ids: list,
                      weights) -> pd.DataFrame:
    w = weight_array(answers, weights)
    inside = (attribute_labels(answers[attribute]) == str(district)).to_numpy()
    cluster = answers[level].to_numpy()
    ok = np.isfinite(w) & pd.notna(cluster)
    sums = {}
    for name, mask in (("d", ok & inside), ("c", ok), ("r", ok & ~inside)):
        sums[name] = (pd.Series(w[mask]).groupby(np.asarray(cluster[mask], dtype=np.int64)).sum()
                      .reindex(ids, fill_value=0.0).to_numpy(), w[mask].sum(), effective_n(w[mask]))
    share_d = sums["d"][0] / sums["d"][1] if sums["d"][1] > 0 else np.zeros(len(ids))
    share_c = sums["c"][0] / sums["c"][1] if sums["c"][1] > 0 else np.zeros(len(ids))
    share_r = sums["r"][0] / sums["r"][1] if sums["r"][1] > 0 else np.zeros(len(ids))
    n_d, n_r = sums["d"][2], sums["r"][2]
    _, p = compare_proportions(share_d * n_d, n_d, share_r * n_r, n_r)
    return pd.DataFrame({
        "weighted_share_district": share_d, "weighted_share_city": share_c,
        "weighted_lift": np.where(share_c > 0, share_d / np.where(share_c > 0, share_c, 1), np.nan),
        "p_weighted": p if n_r > 0 else np.full(len(ids), np.nan),
    })


def district_columns(names) -> list[str]:
    """The columns of ``names`` that look like a district, most likely first (none: an empty list).

    Recognises school districts and areas (校区, 地区, 地域, 행정동), municipalities
    (市町村, 시군구), answer or living areas (回答エリア, 居住地, 거주지) and area codes
    (地域コード, 郵便番号). A Korean name ending in 동 counts as a district."""
    ranked = []
    for i, name in enumerate(map(str, names)):
        folded = name.casefold()
        tiers = [tier for tier, hints in enumerate(DISTRICT_HINTS) if any(h in folded for h in hints)]
        if folded.endswith("동") or folded.endswith("구"):
            tiers.append(0)
        if tiers:
            exact = any(folded == h for hints in DISTRICT_HINTS for h in hints)
            ranked.append((min(tiers), not exact, i, name))
    return [name for *_, name in sorted(ranked)]


# ---- district statistics uploaded by staff ----------------------------------------------


def _clean_key(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(value)))


def _as_number(value: object) -> float | None:
    """The number a statistics cell shows ("12,345", "２３.５%", "1 234"), NaN for blanks, None if text."""
    text = _clean_key(value).replace(",", "").casefold()
    if text in _NA_TOKENS:
        return math.nan
    text = text.removesuffix("%")
    try:
        return float(text)
    except ValueError:
        return None


def _numeric_column(series: pd.Series) -> pd.Series | None:
    numbers = [_as_number(v) for v in series.tolist()]
    if any(n is None for n in numbers) or all(math.isnan(n) for n in numbers):
        return None
    out = pd.Series(numbers, index=series.index, dtype="float64")
    finite = out.dropna()
    if (finite == finite.round()).all() and (finite.abs() < 2**53).all():
        return out.astype("Int64")
    return out


def _guess_key(frame: pd.DataFrame, numeric: set[str]) -> str | None:
    texts = [c for c in frame.columns if c not in numeric]
    for column in texts:
        header = _clean_key(column).casefold()
        if any(name in header for name in KEY_NAMES) or header == "동" or header.endswith("동명"):
            return column
    for column in texts:
        values = frame[column].dropna().map(_clean_key)
        values = values[values != ""]
        if len(values) and values.is_unique:
            return column
    return None


def read_district_stats(data: bytes, filename: str, key_column: str | None = None) -> pd.DataFrame:
    """Read a statistics table with one row per district (CSV/TSV/Excel, any encoding).

    Columns whose cells are all numbers (allowing thousands separators, a trailing
    %, full-width digits and blanks or dashes for missing) become numbers; "23.5%"
    becomes 23.5. The key column is ``key_column`` or else the first text column
    named like 校区/地区/地域/행정동/동/district, or else the first text column whose
    values are all different. Rows without a key are left out (notes under a table).
    Raises InputError when there is no key column or a key repeats.
    """
    table = read_table(data, filename)
    if table.kind != "survey":
        raise InputError("this is not a table. Upload a CSV or Excel file with one row per district.",
                         file=table.filename)
    frame = table.frame.copy()
    converted = {c: _numeric_column(frame[c]) for c in frame.columns if c != key_column}
    numeric = {c for c, v in converted.items() if v is not None}
    if key_column is None:
        key_column = _guess_key(frame, numeric)
        if key_column is None:
            raise InputError("no column with district names was found. Add a column named 地区 or "
                             "校区 (행정동, district) with one district per row.", file=table.filename)
    elif key_column not in frame.columns:
        raise InputError(f"no column named '{key_column}'. Columns: {', '.join(frame.columns)}.",
                         file=table.filename, column=key_column)
    for column in numeric - {key_column}:
        frame[column] = converted[column]
    keys = frame[key_column].map(_clean_key)
    frame = frame.loc[(keys != "").to_numpy()].copy()
    frame[key_column] = keys[keys != ""].astype("str")
    repeated = frame[key_column][frame[key_column].duplicated()]
    if not repeated.empty:
        raise InputError(f"the district '{repeated.iloc[0]}' appears more than once. Keep one row per "
                         "district.", file=table.filename, column=key_column)
    return frame.reset_index(drop=True)


def _strip_suffix(name: str) -> str:
    for suffix in DISTRICT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _plain(value: object) -> object:
    if value is pd.NA or value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def district_stats_row(stats: pd.DataFrame, key_column: str, district: str) -> dict | None:
    """The statistics row of ``district`` as plain values, or None when none matches.

    Names are compared after NFKC with all whitespace removed; when no name matches
    exactly, "東" matches "東校区" (and 東地区, 東小学校区, 강변 / 강변동) if exactly one row does.
    """
    if key_column not in stats.columns:
        raise InputError(f"no column named '{key_column}'.", column=key_column)
    keys = stats[key_column].map(_clean_key).tolist()
    wanted = _clean_key(district)
    if not wanted:
        return None
    at = [i for i, k in enumerate(keys) if k == wanted]
    if not at:
        base = _strip_suffix(wanted)
        at = [i for i, k in enumerate(keys) if _strip_suffix(k) == base]
    if len(at) != 1:
        return None
    row = stats.iloc[at[0]]
    return {str(c): _plain(row[c]) for c in stats.columns}
