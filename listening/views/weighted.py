"""Weighted figures beside the unweighted ones: cluster shares and crosstabs.

``weights`` is one float per answer, aligned with ``answers`` by position (the
respondent's weight, see ``listening.weighting.answer_weights``); NaN marks an
answer without a weighted respondent (a hearing note), left out of weighted
figures and counted. Unweighted counts are always returned beside: they are what
the small-cell rule of public exports looks at.

The test of independence that accounts for the weights is the first-order
Rao-Scott correction: Pearson's statistic on the weighted proportions, computed
with Kish's effective sample size n_eff = (sum w)^2 / sum w^2 instead of n, i.e.
the uncorrected statistic divided by the design effect of unequal weighting.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import chi2 as chi2_dist

from listening.types import InputError

from .crosstab import (
    MISSING_LABEL,
    TOTAL_LABEL,
    Crosstab,
    adjusted_residuals,
    attribute_labels,
    crosstab,
    filter_answers,
)

WEIGHTED_FRAME_COLUMNS = ("cluster", "value", "count", "weighted_count", "weighted_row_pct", "weighted_col_pct",
                          "weighted_residual")
SHARE_COLUMNS = ("cluster_id", "label", "size", "share", "weighted_size", "weighted_share")
_W = "__weight__"


@dataclass(frozen=True, eq=False)
class WeightedCrosstab:
    """A crosstab with weighted counts and shares beside the unweighted one (``unweighted``).

    ``weighted_counts`` has the rows and columns of ``unweighted.counts``. ``n_weighted``:
    answers with a weight; ``n_without_weight``: answers in the table without one.
    ``chi2``/``p_value``/``dof``: Rao-Scott first-order corrected test (None when fewer
    than 2 rows or columns hold weight); ``effective_n`` and ``design_effect`` (n_weighted
    / effective_n) describe the weights of the answers in the table.
    """

    unweighted: Crosstab
    weighted_counts: pd.DataFrame
    weighted_row_pct: pd.DataFrame
    weighted_col_pct: pd.DataFrame
    residuals: pd.DataFrame
    weighted_total: float
    n_weighted: int
    n_without_weight: int
    effective_n: float
    design_effect: float | None
    chi2: float | None
    p_value: float | None
    dof: int | None
    cramers_v: float | None
    filters: dict = field(default_factory=dict)

    @property
    def attribute(self) -> str:
        return self.unweighted.attribute

    @property
    def counts(self) -> pd.DataFrame:
        return self.unweighted.counts


def weight_array(answers: pd.DataFrame, weights: Sequence[float] | pd.Series | np.ndarray) -> np.ndarray:
    """``weights`` as floats by position, checked against ``answers`` (same length, no negatives)."""
    w = np.asarray(weights.to_numpy() if isinstance(weights, pd.Series) else weights, dtype=float)
    if w.shape != (len(answers),):
        raise InputError(f"there are {len(w)} weights for {len(answers)} answers.", code="weights_misaligned",
                         params={"weights": len(w), "answers": len(answers)})
    if (w[np.isfinite(w)] < 0).any():
        raise InputError("a weight is negative.", code="weights_negative")
    return w


def effective_n(weights: np.ndarray) -> float:
    """Kish's effective sample size of the finite weights."""
    w = np.asarray(weights, dtype=float)
    w = w[np.isfinite(w)]
    return float(w.sum() ** 2 / (w ** 2).sum()) if len(w) and (w ** 2).sum() > 0 else 0.0


def weighted_share(labels: Sequence | pd.Series, weights: Sequence[float] | np.ndarray) -> pd.Series:
    """Share of the total weight per label (answers with a NaN weight left out); sums to 1."""
    w = np.asarray(weights, dtype=float)
    keys = pd.Series(np.asarray(labels, dtype=object))
    ok = np.isfinite(w)
    sums = pd.Series(w[ok]).groupby(keys[ok].to_numpy()).sum()
    total = sums.sum()
    return sums / total if total > 0 else sums * 0.0


def cluster_shares(answers: pd.DataFrame, level: str, weights=None,
                   clusters: pd.DataFrame | None = None) -> pd.DataFrame:
    """The map's group table: per cluster of ``level``, answers (size) and share of ``answers``,
    and with ``weights`` the weighted size and weighted share (NaN columns without weights).

    ``clusters`` (an analysis' cluster frame) gives the labels and keeps clusters with no
    answer in ``answers`` (size 0). Rows by size, largest first.
    """
    if level not in answers.columns:
        raise InputError(f"the answers have no '{level}' column.", column=level)
    ids = answers[level].to_numpy()
    counts = pd.Series(ids).dropna().astype(int).value_counts()
    labels: dict[int, str] = {}
    if clusters is not None:
        rows = clusters[clusters["level"] == level]
        labels = {int(c): str(label) for c, label in zip(rows["cluster_id"], rows["label"])}
    elif f"{level}_label" in answers.columns:
        known = answers.dropna(subset=[level])
        labels = known.groupby(known[level].astype(int))[f"{level}_label"].first().astype(str).to_dict()
    order = sorted(set(labels) | set(counts.index))
    frame = pd.DataFrame({"cluster_id": np.asarray(order, dtype=np.int64),
                          "label": [labels.get(i, str(i)) for i in order]})
    frame["size"] = counts.reindex(order, fill_value=0).to_numpy(dtype=np.int64)
    frame["share"] = frame["size"] / len(answers) if len(answers) else 0.0
    if weights is None:
        frame["weighted_size"] = np.nan
        frame["weighted_share"] = np.nan
    else:
        w = weight_array(answers, weights)
        ok = np.isfinite(w) & pd.notna(ids)
        sums = pd.Series(w[ok]).groupby(np.asarray(ids[ok], dtype=np.int64)).sum()
        frame["weighted_size"] = sums.reindex(order, fill_value=0.0).to_numpy(dtype=float)
        total = w[np.isfinite(w)].sum()
        frame["weighted_share"] = frame["weighted_size"] / total if total > 0 else 0.0
    return frame.sort_values(["size", "cluster_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def weighted_crosstab(answers: pd.DataFrame, cluster_column: str, attribute: str, weights,
                      filters: Mapping[str, Sequence[str]] | None = None, missing_label: str = MISSING_LABEL,
                      include_missing: bool = True) -> WeightedCrosstab:
    """:func:`crosstab` with weighted counts, shares and a Rao-Scott corrected test beside it.

    Weighted counts sum to the weight of the answers in the table (``weighted_total``);
    shares are percentages like the unweighted ``row_pct``/``col_pct``.
    """
    w_all = weight_array(answers, weights)
    ct = crosstab(answers, cluster_column, attribute, filters, missing_label, include_missing)
    kept = filter_answers(answers.assign(**{_W: w_all}), filters, missing_label=missing_label)
    values = attribute_labels(kept[attribute], missing_label)
    if not include_missing:
        has = (values != missing_label).to_numpy()
        kept, values = kept.loc[has], values.loc[has]
    clusters = kept[cluster_column].astype(object)
    clusters = clusters.where(clusters.notna(), missing_label)
    w = kept[_W].to_numpy(dtype=float)
    ok = np.isfinite(w)
    sums = pd.DataFrame({"c": clusters.to_numpy()[ok], "v": values.to_numpy()[ok], "w": w[ok]})
    table = sums.groupby(["c", "v"], sort=False)["w"].sum().unstack(fill_value=0.0)
    table = table.reindex(index=ct.counts.index, columns=ct.counts.columns, fill_value=0.0).astype(float)
    table.index.name, table.columns.name = cluster_column, attribute
    total = float(w[ok].sum())
    n_eff = effective_n(w[ok])
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    like = {"index": table.index, "columns": table.columns}
    chi2 = p = dof = cramers_v = None
    residuals = pd.DataFrame(0.0, **like)
    live_r, live_c = (rows > 0).to_numpy(), (cols > 0).to_numpy()
    if total > 0:
        share = table.to_numpy() / total
        expected = np.outer(rows.to_numpy(), cols.to_numpy()) / total ** 2
        residuals = pd.DataFrame(adjusted_residuals(share * n_eff, expected * n_eff), **like)
        if live_r.sum() >= 2 and live_c.sum() >= 2:
            sub_p, sub_e = share[np.ix_(live_r, live_c)], expected[np.ix_(live_r, live_c)]
            chi2 = float(n_eff * ((sub_p - sub_e) ** 2 / sub_e).sum())
            dof = int((live_r.sum() - 1) * (live_c.sum() - 1))
            p = float(chi2_dist.sf(chi2, dof))
            cramers_v = math.sqrt(chi2 / (n_eff * (min(live_r.sum(), live_c.sum()) - 1)))
    return WeightedCrosstab(
        unweighted=ct, weighted_counts=table,
        weighted_row_pct=table.div(rows.where(rows > 0), axis=0).mul(100.0).fillna(0.0),
        weighted_col_pct=table.div(cols.where(cols > 0), axis=1).mul(100.0).fillna(0.0),
        residuals=residuals, weighted_total=total, n_weighted=int(ok.sum()), n_without_weight=int((~ok).sum()),
        effective_n=n_eff, design_effect=(int(ok.sum()) / n_eff) if n_eff else None,
        chi2=chi2, p_value=p, dof=dof, cramers_v=cramers_v, filters=ct.filters,
    )


def weighted_crosstab_frame(wct: WeightedCrosstab) -> pd.DataFrame:
    """One row per (cluster, value) and the margins, as :func:`crosstab_frame`, weighted columns
    (``WEIGHTED_FRAME_COLUMNS``) beside the unweighted count."""
    counts, table, total = wct.counts, wct.weighted_counts, wct.weighted_total
    rows = []
    for cluster in table.index:
        for value in table.columns:
            rows.append((cluster, value, int(counts.at[cluster, value]), float(table.at[cluster, value]),
                         float(wct.weighted_row_pct.at[cluster, value]),
                         float(wct.weighted_col_pct.at[cluster, value]), float(wct.residuals.at[cluster, value])))
    row_w, col_w = table.sum(axis=1), table.sum(axis=0)
    pct = (lambda part: 100.0 * part / total) if total > 0 else (lambda part: 0.0)
    for cluster in table.index:
        rows.append((cluster, TOTAL_LABEL, int(counts.loc[cluster].sum()), float(row_w[cluster]), 100.0,
                     pct(row_w[cluster]), np.nan))
    for value in table.columns:
        rows.append((TOTAL_LABEL, value, int(counts[value].sum()), float(col_w[value]), pct(col_w[value]), 100.0,
                     np.nan))
    if wct.unweighted.n:
        rows.append((TOTAL_LABEL, TOTAL_LABEL, int(wct.unweighted.n), total, 100.0, 100.0, np.nan))
    frame = pd.DataFrame(rows, columns=list(WEIGHTED_FRAME_COLUMNS))
    frame["cluster"] = frame["cluster"].astype(object)
    frame["value"] = frame["value"].astype(object)
    frame.insert(0, "attribute", wct.attribute)
    return frame


def weighted_crosstab_summary(wct: WeightedCrosstab) -> dict:
    """The weighted test as plain JSON values (for run.json), beside the unweighted summary."""
    def plain(v):
        return None if v is None or not math.isfinite(float(v)) else float(v)

    return {
        "weighted_total": plain(wct.weighted_total), "n_weighted": int(wct.n_weighted),
        "n_without_weight": int(wct.n_without_weight), "effective_n": plain(wct.effective_n),
        "design_effect": plain(wct.design_effect), "chi2_rao_scott": plain(wct.chi2),
        "p_value_rao_scott": plain(wct.p_value), "dof": wct.dof, "cramers_v_weighted": plain(wct.cramers_v),
    }
