"""Common ground and divides: which opinion groups every part of the city raises, and which split it.

For one attribute (age group, district, gender, respondent type, wave) the answers
fall into subgroups, one per value. Subgroups with fewer than ``min_size`` answers
say too little on their own: they are pooled into one ``POOLED`` subgroup, which is
left out too when even the pool is that small; answers without a value are left
out. Both are reported (``Subgroups``), so a reader knows who was not compared.

- Common ground: a group's *consensus* is the smallest, over subgroups, of
  share in the subgroup / share overall (1 = every subgroup raises it as often as
  the city as a whole; 0 = some subgroup never does). A group is common ground when
  its consensus is at least ``min_ratio`` and every subgroup gives it at least
  ``min_share`` of its answers.
- Divides: for each group the subgroups raising it most and least, the difference in
  percentage points, and a pooled two-proportion z-test of the two
  (listening.views.explore.compare_proportions). Picking the two furthest apart is a
  choice among every pair, so the Holm correction runs over every pair of subgroups
  of every tested group: a divide marked significant survives all those chances.

With ``weights`` (one per answer, the respondent's weight; NaN = not weighted, e.g. a
hearing note) the shares are weighted: a group's share in a subgroup is its weight over
the subgroup's weight, overall the same over all compared answers. The z-tests then use
each subgroup's Kish effective size (a weighted share estimated from unequal weights
is worth fewer answers). Which groups are too small to test, the sizes reported and
who is pooled stay those of the unweighted answers: they are counts of people.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from listening.types import InputError

from .crosstab import MISSING_LABEL, sort_values
from .explore import compare_proportions, holm_adjust
from .weighted import weight_array

POOLED = "(pooled)"
MIN_SIZE = 30
MIN_RATIO = 0.67
ALPHA = 0.05


@dataclass(frozen=True)
class Subgroups:
    """Who was compared: ``values`` (in natural order, ``POOLED`` last when present) with
    their ``sizes`` in answers; ``pooled``: small values merged into ``POOLED``;
    ``excluded``: value -> answers left out (missing values, or a pool still too small)."""

    attribute: str
    values: list[str]
    sizes: dict[str, int]
    pooled: list[str] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)


def subgroups_of(answers: pd.DataFrame, attribute: str, min_size: int = MIN_SIZE) -> tuple[pd.Series, Subgroups]:
    """Each answer's subgroup (None when left out) and the description of the subgroups."""
    if attribute not in answers.columns:
        raise InputError(f"the answers have no '{attribute}' column.", column=attribute)
    raw = answers[attribute].astype(object)
    text = raw.astype(str).str.strip()
    present = (raw.notna() & (text != "")).to_numpy()
    values = np.where(present, text.to_numpy(dtype=object), None)
    counts = pd.Series(values[present]).value_counts()
    order = sort_values(counts.index.tolist())
    small = [v for v in order if counts[v] < min_size]
    excluded: dict[str, int] = {}
    if (~present).any():
        excluded[MISSING_LABEL] = int((~present).sum())
    group = values.copy()
    in_small = np.isin(values, small) if small else np.zeros(len(values), dtype=bool)
    pooled = bool(small) and int(counts[small].sum()) >= min_size
    if pooled:
        group[in_small] = POOLED
    elif small:
        group[in_small] = None
        excluded.update({v: int(counts[v]) for v in small})
    kept = [v for v in order if v not in small] + ([POOLED] if pooled else [])
    sizes = {v: int(counts[v]) for v in kept if v != POOLED}
    if pooled:
        sizes[POOLED] = int(in_small.sum())
    membership = pd.Series(group, index=answers.index, dtype=object)
    return membership, Subgroups(attribute, kept, sizes, small if pooled else [], excluded)


def _counts(answers: pd.DataFrame, level: str, group: pd.Series, values: list[str]) -> pd.DataFrame:
    """Cluster x subgroup answer counts (every cluster of the answers, zeros kept)."""
    if level not in ("theme", "topic") or level not in answers.columns:
        raise InputError(f"unknown level '{level}': use 'theme' or 'topic'.", column=level)
    ids = answers[level].to_numpy(dtype=np.int64)
    clusters, row = np.unique(ids, return_inverse=True)
    column = pd.Index(values).get_indexer(group.to_numpy(dtype=object))
    inside = column >= 0
    table = np.zeros((len(clusters), len(values)), dtype=np.int64)
    np.add.at(table, (row[inside], column[inside]), 1)
    return pd.DataFrame(table, index=clusters, columns=values)


def _weighted_counts(answers: pd.DataFrame, level: str, group: pd.Series, values: list[str],
                     w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(cluster x subgroup weight sums, subgroup weight sums, subgroup Kish effective sizes),
    rows as ``_counts``'; answers without a finite weight left out."""
    ids = answers[level].to_numpy(dtype=np.int64)
    _, row = np.unique(ids, return_inverse=True)
    column = pd.Index(values).get_indexer(group.to_numpy(dtype=object))
    inside = (column >= 0) & np.isfinite(w)
    sums = np.zeros((int(row.max()) + 1 if len(row) else 0, len(values)))
    np.add.at(sums, (row[inside], column[inside]), w[inside])
    total = np.bincount(column[inside], weights=w[inside], minlength=len(values))
    squares = np.bincount(column[inside], weights=w[inside] ** 2, minlength=len(values))
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = np.where(squares > 0, total ** 2 / squares, 0.0)
    return sums, total, n_eff


def _labels(answers: pd.DataFrame, level: str, clusters: pd.DataFrame | None) -> dict[int, str]:
    if clusters is not None and "name" in clusters.columns:
        rows = clusters[clusters["level"] == level]
        return {int(c): str(n) for c, n in zip(rows["cluster_id"], rows["name"])}
    column = f"{level}_label"
    if column in answers.columns:
        return answers.groupby(answers[level].astype(int))[column].first().astype(str).to_dict()
    return {}


@dataclass(frozen=True, eq=False)
class GroundAndDivides:
    """``common``: one row per opinion group (cluster_id, label, n, share, min_share,
    consensus, weakest, is_common), common ground first, then by min_share. ``divides``:
    one row per group (cluster_id, label, n, high, share_high, low, share_low, diff in points,
    p, p_adjusted, significant, small), significant first, then by diff. ``shares``:
    cluster x subgroup shares (fractions). ``subgroups``: who was compared; ``membership``:
    each answer's subgroup (None when left out)."""

    level: str
    subgroups: Subgroups
    common: pd.DataFrame
    divides: pd.DataFrame
    shares: pd.DataFrame
    membership: pd.Series  # each answer's subgroup, None when left out


def ground_and_divides(answers: pd.DataFrame, level: str, attribute: str, clusters: pd.DataFrame | None = None,
                       min_size: int = MIN_SIZE, min_ratio: float = MIN_RATIO, min_share: float = 0.02,
                       min_count: int = 5, weights=None) -> GroundAndDivides:
    """Common ground and divides of the opinion groups at ``level`` across ``attribute``
    (see the module docstring). ``clusters`` (with a ``name`` column) gives the labels
    shown; else the answers' ``<level>_label``. Groups with fewer than ``min_count``
    answers in the compared subgroups are ``small`` and not tested. ``weights``: one per
    answer by position: weighted shares, tests on effective sizes (module docstring)."""
    group, info = subgroups_of(answers, attribute, min_size)
    counts = _counts(answers, level, group, info.values)
    labels = _labels(answers, level, clusters)
    sizes = np.array([info.sizes[v] for v in info.values], dtype=float)
    k = counts.to_numpy(dtype=float)
    n = k.sum(axis=1)
    if weights is None:
        k_share, size_share = k, sizes
        k_test, n_test = k, sizes
    else:
        k_share, size_share, n_eff = _weighted_counts(answers, level, group, info.values,
                                                      weight_array(answers, weights))
        with np.errstate(divide="ignore", invalid="ignore"):
            k_test, n_test = np.nan_to_num(k_share / np.where(size_share > 0, size_share, np.nan)) * n_eff, n_eff
    total = size_share.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        share_in = np.nan_to_num(k_share / np.where(size_share > 0, size_share, np.nan))
        overall = k_share.sum(axis=1) / total if total else np.zeros(len(n))
        ratio = share_in / np.where(overall > 0, overall, np.nan)[:, None]
    ids = counts.index.astype(int).to_numpy()
    shares = pd.DataFrame(share_in, index=pd.Index(ids, name="cluster_id"), columns=info.values)
    if len(info.values) < 2:
        return GroundAndDivides(level, info, _empty_common(), _empty_divides(), shares, group)
    consensus = np.nan_to_num(np.nanmin(ratio, axis=1), nan=0.0)
    weakest = [info.values[int(i)] for i in np.argmin(np.nan_to_num(ratio, nan=np.inf), axis=1)]
    common = pd.DataFrame({
        "cluster_id": ids, "label": [labels.get(int(i), str(i)) for i in ids], "n": n.astype(np.int64),
        "share": overall, "min_share": share_in.min(axis=1), "consensus": consensus, "weakest": weakest,
    })
    common["is_common"] = (common["consensus"] >= min_ratio) & (common["min_share"] >= min_share)
    common = common.sort_values(["is_common", "min_share", "cluster_id"], ascending=[False, False, True],
                                kind="stable").reset_index(drop=True)
    divides = _divides(ids, labels, n, share_in, k_test, n_test, info.values, min_count)
    return GroundAndDivides(level, info, common, divides, shares, group)


def _divides(ids, labels, n: np.ndarray, share: np.ndarray, k: np.ndarray, sizes: np.ndarray, values: list[str],
             min_count: int) -> pd.DataFrame:
    """``n``: answers per group (small ones untested); ``share``: the shares shown; ``k`` and
    ``sizes``: what the tests see (counts and subgroup sizes, or their effective equivalents)."""
    m = len(values)
    a_idx, b_idx = np.triu_indices(m, 1)
    small = n < min_count
    # Every pair of subgroups of every tested group is one hypothesis of the family.
    _, p_pairs = compare_proportions(k[:, a_idx], sizes[a_idx], k[:, b_idx], sizes[b_idx])
    adjusted = np.full(p_pairs.shape, np.nan)
    tested = ~small
    if tested.any():
        adjusted[tested] = holm_adjust(p_pairs[tested].ravel()).reshape(p_pairs[tested].shape)
    high, low = share.argmax(axis=1), share.argmin(axis=1)
    pair_of = {(int(a), int(b)): j for j, (a, b) in enumerate(zip(a_idx, b_idx))}
    rows = []
    for i, cid in enumerate(ids):
        hi, lo = int(high[i]), int(low[i])
        j = pair_of.get((min(hi, lo), max(hi, lo)))
        p = float(p_pairs[i, j]) if j is not None else 1.0
        p_adj = float(adjusted[i, j]) if j is not None and not small[i] else float("nan")
        rows.append({"cluster_id": int(cid), "label": labels.get(int(cid), str(cid)), "n": int(n[i]),
                     "high": values[hi], "share_high": float(share[i, hi]),
                     "low": values[lo], "share_low": float(share[i, lo]),
                     "diff": float(share[i, hi] - share[i, lo]) * 100.0, "p": p, "p_adjusted": p_adj,
                     "significant": bool(not small[i] and p_adj < ALPHA), "small": bool(small[i])})
    frame = pd.DataFrame(rows, columns=list(_DIVIDE_COLUMNS))
    return frame.sort_values(["significant", "diff", "cluster_id"], ascending=[False, False, True],
                             kind="stable").reset_index(drop=True)


_COMMON_COLUMNS = ("cluster_id", "label", "n", "share", "min_share", "consensus", "weakest", "is_common")
_DIVIDE_COLUMNS = ("cluster_id", "label", "n", "high", "share_high", "low", "share_low", "diff", "p",
                   "p_adjusted", "significant", "small")


def _empty_common() -> pd.DataFrame:
    return pd.DataFrame(columns=list(_COMMON_COLUMNS))


def _empty_divides() -> pd.DataFrame:
    return pd.DataFrame(columns=list(_DIVIDE_COLUMNS))
