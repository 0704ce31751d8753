"""Wave comparison: each cluster's share per batch, and which changes beat chance.

A batch is one import (a monthly export, a second round of hearings). Batches are
put in date order when dates are given (else in id order) and each is compared with
the one before it: the change in a cluster's share, in percentage points, with a
pooled two-proportion z-test. The Holm correction runs over the clusters of one
comparison (one batch against the previous, for one attribute value): the question
staff ask is "what changed this month", and across 30 topics some p < 0.05 turn up
by chance alone.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from listening.types import InputError
from listening.views import MISSING_LABEL, compare_proportions, holm_adjust, weight_array

WEIGHTED_WAVE_COLUMNS = ("weighted_share", "weighted_change", "p_weighted")
WAVE_COLUMNS = ("batch", "date", "cluster", "label", "count", "batch_size", "share", "previous_share",
                "change", "p", "p_adjusted", "significant", "small")
ALPHA = 0.05


def wave_table(
    answers: pd.DataFrame,
    level: str = "topic",
    batch_col: str = "batch_id",
    batch_dates: Mapping | None = None,
    by: str | None = None,
    min_count: int = 5,
    weights=None,
) -> pd.DataFrame:
    """One row per batch x cluster (x value of ``by``): how many answers, what share.

    Columns: ``batch``, ``date`` (from ``batch_dates``, else missing), ``by`` when
    given, ``cluster``, ``label`` (from the ``<level>_label`` column when present),
    ``count``, ``batch_size`` (answers of the batch, or of the batch with that
    attribute value), ``share`` (fraction), ``previous_share``, ``change`` (share minus
    previous share, in percentage points), ``p`` (two-sided, pooled two-proportion
    z-test), ``p_adjusted`` (Holm over the clusters of that comparison that are not
    ``small``) and ``significant`` (p_adjusted < 0.05). The first batch has nothing
    to compare with: change and p are missing. ``small``: fewer than ``min_count``
    answers of the cluster in the two batches together, not tested. Every cluster
    appears in every batch (count 0 where absent), so counts sum to each batch's size.
    Answers with no value for ``by`` count under ``MISSING_LABEL``.

    ``weights`` (one per answer, by position; NaN = not weighted) adds
    ``weighted_share``, ``weighted_change`` (percentage points) and ``p_weighted`` (the
    same z-test on Kish's effective sizes of the two batches).
    """
    if level not in ("theme", "topic"):
        raise InputError(f"unknown level '{level}': use 'theme' or 'topic'.")
    for column in (level, batch_col) + ((by,) if by else ()):
        if column not in answers.columns:
            raise InputError(f"the answers have no '{column}' column.", column=column)
    frame = pd.DataFrame({
        "batch": answers[batch_col].to_numpy(),
        "cluster": answers[level].astype("int64").to_numpy(),
    })
    cells = ["batch"]
    if by:
        values = answers[by].astype(object)
        present = values.notna() & (values.astype(str).str.strip() != "")
        frame[by] = values.where(present, MISSING_LABEL).astype(str).to_numpy()
        cells.append(by)
    batches = _batch_order(frame["batch"], batch_dates)
    clusters = np.sort(frame["cluster"].unique())
    groups = [None] if not by else sorted(frame[by].unique(), key=lambda v: (v == MISSING_LABEL, v))
    counts = frame.groupby(cells + ["cluster"], sort=False).size()
    full = pd.MultiIndex.from_product(
        [batches] + ([groups] if by else []) + [clusters], names=cells + ["cluster"])
    table = counts.reindex(full, fill_value=0).rename("count").reset_index()
    table["batch_size"] = table.groupby(cells, sort=False)["count"].transform("sum")
    table["share"] = np.where(table["batch_size"] > 0, table["count"] / table["batch_size"].clip(lower=1), np.nan)
    _compare_with_previous(table, cells, min_count)
    if weights is not None:
        _add_weighted(table, frame, cells, full, weight_array(answers, weights))
    table["date"] = table["batch"].map(dict(batch_dates)) if batch_dates else None
    labels = _labels(answers, level)
    table["label"] = [labels.get(int(c), str(c)) for c in table["cluster"]]
    columns = list(WAVE_COLUMNS)
    if by:
        columns.insert(2, by)
    if weights is not None:
        columns += list(WEIGHTED_WAVE_COLUMNS)
    return table[columns]


ALPHA = 0.05


def weighted_view(table: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """``table`` (from :func:`wave_table` with weights) with the weighted share, change and test
    in place of the unweighted ones, the weighted tests Holm-adjusted per comparison as the
    unweighted ones are (small cells stay untested); ``table`` itself without weighted columns."""
    if "weighted_share" not in table.columns:
        return table
    out = table.assign(share=table["weighted_share"], change=table["weighted_change"], p=table["p_weighted"],
                       p_adjusted=np.nan)
    tested = out["p"].notna() & ~out["small"].astype(bool)
    if tested.any():
        cells = ["batch"] + ([by] if by else [])
        out.loc[tested, "p_adjusted"] = out.loc[tested].groupby(cells, sort=False)["p"].transform(
            lambda p: holm_adjust(p.to_numpy()))
    out["significant"] = (out["p_adjusted"] < ALPHA).fillna(False).astype(bool)
    return out


def _add_weighted(table: pd.DataFrame, frame: pd.DataFrame, cells: list[str], full: pd.MultiIndex,
                  w: np.ndarray) -> None:
    """weighted_share, weighted_change and p_weighted in place (rows in ``full`` order)."""
    ok = np.isfinite(w)
    weighted = frame.loc[ok].assign(w=w[ok])
    sums = weighted.groupby(cells + ["cluster"], sort=False)["w"].sum().reindex(full, fill_value=0.0).to_numpy()
    per_group = weighted.groupby(cells, sort=False)["w"]
    total = table[cells].merge(per_group.sum().rename("t").reset_index(), how="left", on=cells)["t"]
    n_eff = table[cells].merge((per_group.sum() ** 2 / weighted.assign(w2=weighted["w"] ** 2)
                                .groupby(cells, sort=False)["w2"].sum()).rename("e").reset_index(),
                               how="left", on=cells)["e"]
    total, n_eff = total.fillna(0.0).to_numpy(), n_eff.fillna(0.0).to_numpy()
    share = np.where(total > 0, sums / np.where(total > 0, total, 1.0), np.nan)
    table["weighted_share"] = share
    keys = [c for c in cells if c != "batch"] + ["cluster"]
    previous = pd.DataFrame({"s": share, "e": n_eff}).groupby(
        [table[k].to_numpy() for k in keys], sort=False).shift(1)
    s2, e2 = previous["s"].to_numpy(), previous["e"].to_numpy()
    testable = np.isfinite(s2) & np.isfinite(share) & (n_eff > 0) & (np.nan_to_num(e2) > 0)
    _, p = compare_proportions(share * n_eff, n_eff, s2 * e2, e2)
    table["weighted_change"] = np.where(testable, (share - s2) * 100.0, np.nan)
    table["p_weighted"] = np.where(testable, p, np.nan)


def _batch_order(batch: pd.Series, batch_dates: Mapping | None) -> list:
    """Batches by date (undated ones last), ties and undated by id."""
    present = list(pd.unique(batch))
    dates = dict(batch_dates or {})
    when = pd.to_datetime(pd.Series([dates.get(b) for b in present], dtype=object), errors="coerce")
    key = pd.DataFrame({"batch": present, "when": when.to_numpy(), "id": present})
    key["undated"] = key["when"].isna()
    return key.sort_values(["undated", "when", "id"], kind="stable")["batch"].tolist()


def _compare_with_previous(table: pd.DataFrame, cells: list[str], min_count: int) -> None:
    """Adds previous_share, change, p, p_adjusted, significant and small in place.

    Rows are ordered batch-major (the MultiIndex product), so the previous batch of a
    (attribute value, cluster) is the same row one batch block earlier."""
    table["p_adjusted"] = np.nan
    keys = [c for c in cells if c != "batch"] + ["cluster"]
    previous = table.groupby(keys, sort=False)[["count", "batch_size", "share"]].shift(1)
    has_previous = previous["batch_size"].notna().to_numpy()
    k2, n2 = previous["count"].to_numpy(float), previous["batch_size"].to_numpy(float)
    k1, n1 = table["count"].to_numpy(float), table["batch_size"].to_numpy(float)
    _, p = compare_proportions(k1, n1, k2, n2)
    testable = has_previous & (n1 > 0) & (n2 > 0)
    small = testable & ((k1 + k2) < min_count)
    table["previous_share"] = previous["share"].to_numpy()
    table["change"] = np.where(testable, (table["share"].to_numpy() - previous["share"].to_numpy()) * 100.0, np.nan)
    table["p"] = np.where(testable, p, np.nan)
    table["small"] = small
    tested = testable & ~small
    if tested.any():
        by_comparison = table.loc[tested].groupby(cells, sort=False)["p"]
        table.loc[tested, "p_adjusted"] = by_comparison.transform(lambda p: holm_adjust(p.to_numpy()))
    table["significant"] = (table["p_adjusted"] < ALPHA).fillna(False).astype(bool)


def _labels(answers: pd.DataFrame, level: str) -> dict[int, str]:
    column = f"{level}_label"
    if column not in answers.columns:
        return {}
    pairs = answers[[level, column]].dropna().drop_duplicates(level)
    return {int(c): str(label) for c, label in zip(pairs[level], pairs[column])}
