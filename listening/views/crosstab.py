"""Cluster x attribute crosstabs with a chi-square test and adjusted residuals.

A crosstab answers "which themes do women / people in their 60s / visitors from
Tokyo talk about more than others?". Missing attribute values are counted as a
category of their own (``MISSING_LABEL``) so that the totals always equal the
number of answers after filtering: nothing is dropped silently.
"""
from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency

from listening.types import InputError

MISSING_LABEL = "(無回答)"
TOTAL_LABEL = "(total)"

# Words that make an age band sort before ("under 10") or after ("80 and over")
# other bands that start with the same number.
_BEFORE_MARKERS = ("未満", "以下", "미만", "이하")
_AFTER_MARKERS = ("以上", "超", "이상", "초과")
_DIGITS = re.compile(r"(\d+)")

FRAME_COLUMNS = ("attribute", "cluster", "value", "count", "row_pct", "col_pct", "expected", "residual")


@dataclass(frozen=True, eq=False)
class Crosstab:
    """Counts, percentages and statistics of one cluster column against one attribute.

    ``counts`` has one row per cluster and one column per attribute value, with
    no margins; rows and columns without any answer are left out. Statistics are
    None when fewer than 2 rows or 2 columns hold data (no test is possible).
    ``n_missing_excluded`` counts answers left out because their attribute was
    missing and ``include_missing`` was False.
    """

    attribute: str
    cluster_column: str
    counts: pd.DataFrame
    row_pct: pd.DataFrame
    col_pct: pd.DataFrame
    expected: pd.DataFrame
    residuals: pd.DataFrame
    n: int
    chi2: float | None
    p_value: float | None
    dof: int | None
    cramers_v: float | None
    low_expected_share: float
    filters: dict = field(default_factory=dict)
    n_missing_excluded: int = 0


def natural_key(value: object) -> tuple:
    """Sort key that orders "2", "10" numerically and "10歳未満" < "10代" < "80歳以上"."""
    text = str(value)
    parts = _DIGITS.split(text)
    key: list = []
    for i, part in enumerate(parts):
        if i % 2:
            key.append(int(part))
        else:
            # A chunk right after a number decides how an age band with that number ranks.
            rank = 1
            if i > 0 and any(m in part for m in _BEFORE_MARKERS):
                rank = 0
            elif i > 0 and any(m in part for m in _AFTER_MARKERS):
                rank = 2
            key.append((rank, part.casefold()))
    return (tuple(key), text)


def _order_key(value: object, missing_label: str) -> tuple:
    # Numbers first (numeric order), then text (natural order), the missing label last;
    # mixed cluster ids must still compare without a TypeError.
    if isinstance(value, str):
        if value == missing_label:
            return (2, ())
        return (1, natural_key(value))
    if isinstance(value, numbers.Number):
        return (0, (float(value), ""))
    return (1, natural_key(value))


def sort_values(values: Sequence[object], missing_label: str = MISSING_LABEL) -> list:
    """Distinct values in display order: numbers, then natural text order, missing last."""
    return sorted(dict.fromkeys(values), key=lambda v: _order_key(v, missing_label))


def _missing_mask(series: pd.Series) -> pd.Series:
    # Blank cells count as missing too: a CSV read without na_filter keeps them as "".
    as_text = series.astype(object).where(series.notna(), "")
    return series.isna() | as_text.map(lambda v: str(v).strip() == "")


def attribute_labels(series: pd.Series, missing_label: str = MISSING_LABEL) -> pd.Series:
    """Each value as the text a crosstab shows, ``missing_label`` for NA and blank cells."""
    missing = _missing_mask(series)
    text = series.astype(object).map(str)
    return text.where(~missing, missing_label)


_attribute_text = attribute_labels


def _check_columns(answers: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    for column in columns:
        if column not in answers.columns:
            available = ", ".join(map(str, answers.columns))
            raise InputError(
                f"unknown {what} '{column}'. Available columns: {available}", column=str(column)
            )


def filter_answers(
    answers: pd.DataFrame,
    filters: Mapping[str, Sequence[str]] | None,
    *,
    missing_label: str = MISSING_LABEL,
) -> pd.DataFrame:
    """Keep the answers whose value is in the given list for every filtered attribute.

    ``missing_label`` in a list selects answers with a missing value. An empty
    list selects nothing (a filter that allows no value); leave an attribute out
    of ``filters`` to keep all its values. Raises ``InputError`` (a ValueError)
    for an attribute that is not a column of ``answers``.
    """
    if not filters:
        return answers
    _check_columns(answers, list(filters), "attribute in filters")
    # Positional masks: a duplicated index must not change which rows are kept.
    keep = np.ones(len(answers), dtype=bool)
    for attribute, allowed in filters.items():
        if isinstance(allowed, str):
            allowed = [allowed]
        allowed_text = {str(v) for v in allowed}
        keep &= _attribute_text(answers[attribute], missing_label).isin(allowed_text).to_numpy()
    return answers.loc[keep]


def _empty_frame(cluster_column: str, attribute: str, dtype: str) -> pd.DataFrame:
    frame = pd.DataFrame(index=pd.Index([], name=cluster_column), columns=pd.Index([], name=attribute))
    return frame.astype(dtype)


def _expected_by_margins(counts: np.ndarray) -> np.ndarray:
    n = counts.sum()
    return np.outer(counts.sum(axis=1), counts.sum(axis=0)) / n


def adjusted_residuals(counts: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Haberman's adjusted standardised residuals; cells with a zero denominator get 0."""
    counts = np.asarray(counts, dtype=float)
    n = counts.sum()
    if n == 0:
        return np.zeros_like(counts)
    row_share = counts.sum(axis=1, keepdims=True) / n
    col_share = counts.sum(axis=0, keepdims=True) / n
    variance = expected * (1.0 - row_share) * (1.0 - col_share)
    out = np.zeros_like(counts)
    ok = variance > 0
    out[ok] = (counts[ok] - expected[ok]) / np.sqrt(variance[ok])
    return out


def _percent(part: pd.DataFrame, whole: pd.Series, axis: int) -> pd.DataFrame:
    return part.div(whole, axis=axis).mul(100.0)


def crosstab(
    answers: pd.DataFrame,
    cluster_column: str,
    attribute: str,
    filters: Mapping[str, Sequence[str]] | None = None,
    missing_label: str = MISSING_LABEL,
    include_missing: bool = True,
) -> Crosstab:
    """Cross-tabulate ``cluster_column`` against ``attribute`` after applying ``filters``.

    Missing attribute values (NA or blank) are counted under ``missing_label``
    unless ``include_missing`` is False, in which case those answers are left out
    and counted in ``n_missing_excluded``. Answers with a missing cluster id are
    counted under ``missing_label`` as a cluster. The chi-square test is
    ``scipy.stats.chi2_contingency`` without Yates' correction.
    """
    _check_columns(answers, [cluster_column, attribute], "column")
    kept = filter_answers(answers, filters, missing_label=missing_label)
    applied = {
        str(k): [v] if isinstance(v, str) else [str(x) for x in v] for k, v in (filters or {}).items()
    }

    values = _attribute_text(kept[attribute], missing_label)
    n_missing_excluded = 0
    if not include_missing:
        has_value = (values != missing_label).to_numpy()
        n_missing_excluded = int((~has_value).sum())
        kept, values = kept.loc[has_value], values.loc[has_value]
    clusters = kept[cluster_column].astype(object)
    clusters = clusters.where(clusters.notna(), missing_label)

    n = len(kept)
    if n == 0:
        empty_int = _empty_frame(cluster_column, attribute, "int64")
        empty = _empty_frame(cluster_column, attribute, "float64")
        return Crosstab(
            attribute, cluster_column, empty_int, empty, empty, empty, empty, 0,
            None, None, None, None, 0.0, applied, n_missing_excluded,
        )

    pairs = pd.DataFrame({"cluster": clusters.to_numpy(), "value": values.to_numpy()})
    # Only combinations that occur are counted, so all-zero rows and columns never appear.
    sizes = pairs.groupby(["cluster", "value"], sort=False).size()
    row_order = sort_values(sizes.index.get_level_values(0).tolist(), missing_label)
    col_order = sort_values(sizes.index.get_level_values(1).tolist(), missing_label)
    counts = sizes.unstack(fill_value=0).reindex(index=row_order, columns=col_order, fill_value=0)
    counts = counts.astype("int64")
    counts.index.name, counts.columns.name = cluster_column, attribute

    observed = counts.to_numpy()
    row_totals, col_totals = counts.sum(axis=1), counts.sum(axis=0)
    degenerate = observed.shape[0] < 2 or observed.shape[1] < 2
    chi2 = p_value = cramers_v = None
    dof = None
    if degenerate:
        expected_arr = _expected_by_margins(observed)
    else:
        result = chi2_contingency(observed, correction=False)
        chi2, p_value, dof = float(result.statistic), float(result.pvalue), int(result.dof)
        expected_arr = np.asarray(result.expected_freq, dtype=float)
        cramers_v = math.sqrt(chi2 / (n * (min(observed.shape) - 1)))

    like = {"index": counts.index, "columns": counts.columns}
    expected = pd.DataFrame(expected_arr, **like)
    residuals = pd.DataFrame(adjusted_residuals(observed, expected_arr), **like)
    return Crosstab(
        attribute=attribute,
        cluster_column=cluster_column,
        counts=counts,
        row_pct=_percent(counts, row_totals, axis=0),
        col_pct=_percent(counts, col_totals, axis=1),
        expected=expected,
        residuals=residuals,
        n=int(n),
        chi2=chi2,
        p_value=p_value,
        dof=dof,
        cramers_v=cramers_v,
        low_expected_share=float((expected_arr < 5).mean()),
        filters=applied,
        n_missing_excluded=n_missing_excluded,
    )


def crosstab_frame(ct: Crosstab) -> pd.DataFrame:
    """One row per (cluster, attribute value), then per-cluster, per-value and grand totals.

    Total rows use ``TOTAL_LABEL`` as the cluster or the value; their
    ``row_pct``/``col_pct`` are shares of the margin, and ``expected`` and
    ``residual`` are left empty (NaN) because they describe cells only.
    """
    rows: list[dict] = []
    counts, n = ct.counts, ct.n
    for cluster in counts.index:
        for value in counts.columns:
            rows.append({
                "cluster": cluster, "value": value,
                "count": int(counts.at[cluster, value]),
                "row_pct": float(ct.row_pct.at[cluster, value]),
                "col_pct": float(ct.col_pct.at[cluster, value]),
                "expected": float(ct.expected.at[cluster, value]),
                "residual": float(ct.residuals.at[cluster, value]),
            })
    row_totals, col_totals = counts.sum(axis=1), counts.sum(axis=0)
    for cluster in counts.index:
        total = int(row_totals[cluster])
        rows.append({"cluster": cluster, "value": TOTAL_LABEL, "count": total,
                     "row_pct": 100.0, "col_pct": 100.0 * total / n})
    for value in counts.columns:
        total = int(col_totals[value])
        rows.append({"cluster": TOTAL_LABEL, "value": value, "count": total,
                     "row_pct": 100.0 * total / n, "col_pct": 100.0})
    if n:
        rows.append({"cluster": TOTAL_LABEL, "value": TOTAL_LABEL, "count": n,
                     "row_pct": 100.0, "col_pct": 100.0})
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS[1:]))
    frame.insert(0, "attribute", ct.attribute)
    frame["count"] = frame["count"].astype("int64")
    for column in ("row_pct", "col_pct", "expected", "residual"):
        frame[column] = frame[column].astype("float64")
    frame["cluster"] = frame["cluster"].astype(object)
    frame["value"] = frame["value"].astype(object)
    return frame


def _plain(value: float | int | None) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    number = float(value)
    return number if math.isfinite(number) else None


def crosstab_summary(ct: Crosstab) -> dict:
    """The statistics of ``ct`` as plain JSON-serialisable values (non-finite floats become None)."""
    return {
        "attribute": ct.attribute,
        "cluster_column": ct.cluster_column,
        "n": int(ct.n),
        "n_clusters": int(ct.counts.shape[0]),
        "n_values": int(ct.counts.shape[1]),
        "chi2": _plain(ct.chi2),
        "p_value": _plain(ct.p_value),
        "dof": _plain(ct.dof),
        "cramers_v": _plain(ct.cramers_v),
        "low_expected_share": _plain(ct.low_expected_share),
        "n_missing_excluded": int(ct.n_missing_excluded),
        "filters": {str(k): [str(v) for v in vs] for k, vs in ct.filters.items()},
    }


# Hearing-note header keys that hold a category (the group that was heard); every other note
# field (title, date, 代表者, 連絡先 ...) is free text that can name or reach a person.
NOTE_CATEGORY_FIELDS = ("group",)


def free_form_note_fields(answers: pd.DataFrame, attributes: Sequence[str]) -> list[str]:
    """Attributes that only hearing notes carry (their title and header lines) other than the
    group: free text, never offered as a crosstab or printed beside answers by default."""
    if "source" not in answers.columns or answers.empty:
        return []
    notes = answers["source"].astype(str).eq("hearing")
    if not notes.any():
        return []
    return [name for name in attributes if name in answers.columns and name not in NOTE_CATEGORY_FIELDS
            and _missing_mask(answers.loc[~notes, name]).all()]


def suggested_attributes(answers: pd.DataFrame, attributes: Sequence[str], max_values: int = 20,
                         min_coverage: float = 0.5) -> list[str]:
    """Attributes that make readable crosstabs: 2..max_values distinct values, present for at
    least ``min_coverage`` of the answers (so hearing-note fields such as title or date, which
    only the notes carry, are left out of a survey's default tables). Free-form note fields
    are never suggested, also for a dataset of notes only: a heading such as 「田中花子さん宅」
    must not become a public table."""
    chosen = []
    free_form = set(free_form_note_fields(answers, attributes))
    for name in attributes:
        if name not in answers.columns or answers.empty or name in free_form:
            continue
        present = ~_missing_mask(answers[name])
        if present.mean() >= min_coverage and 2 <= answers.loc[present, name].nunique() <= max_values:
            chosen.append(name)
    return chosen
