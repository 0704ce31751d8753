"""Views of an analysis for the map, cluster and comparison pages: filter, search, sample, compare.

All functions take the ``answers`` frame of an :class:`~listening.analysis.pipeline.Analysis`
(and its ``clusters`` frame where labels are needed) and return new frames; nothing
here draws or stores anything.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy.stats import norm

from listening.types import InputError

from .crosstab import MISSING_LABEL, filter_answers

LEVELS = ("theme", "topic")
MIN_PER_TOPIC = 20  # every topic keeps this many points on a sampled map, so small ones stay visible

COMPARE_COLUMNS = ("cluster_id", "label", "n_a", "share_a", "n_b", "share_b", "diff", "z", "p",
                   "p_adjusted", "over_represented_in", "small")


def _level_column(answers: pd.DataFrame, level: str) -> str:
    if level not in LEVELS:
        raise InputError(f"unknown level '{level}': use 'theme' or 'topic'.")
    if level not in answers.columns:
        raise InputError(f"the answers have no '{level}' column.", column=level)
    return level


def _as_key(value: object) -> str:
    # A batch id read back as 2.0 (a column with a gap becomes float) must still equal "2".
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _allowed(values: Sequence[object] | str | int) -> set[str]:
    if isinstance(values, (str, int, np.integer)):
        values = [values]
    return {_as_key(v) for v in values}


def filter_view(
    answers: pd.DataFrame,
    filters: Mapping[str, Sequence[str]] | None = None,
    questions: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    batches: Sequence[int | str] | None = None,
) -> pd.DataFrame:
    """The answers that pass every given filter; ``None`` leaves that dimension unfiltered.

    Attribute ``filters`` follow :func:`listening.views.crosstab.filter_answers`
    (``MISSING_LABEL`` selects answers without a value; an empty list selects nothing).
    ``questions``, ``sources`` ("survey"/"hearing") and ``batches`` (``batch_id`` values)
    keep the answers whose column value is in the list.
    """
    view = filter_answers(answers, filters, missing_label=MISSING_LABEL)
    for column, allowed in (("question", questions), ("source", sources), ("batch_id", batches)):
        if allowed is None:
            continue
        if column not in view.columns:
            raise InputError(f"the answers have no '{column}' column to filter on.", column=column)
        keep = view[column].astype(object).map(_as_key).isin(_allowed(allowed)).to_numpy()
        view = view.loc[keep]
    return view


def _fold(text: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    # Arrow kernels keep a search over 100k answers well under a second; lower() plus the
    # two letters where casefold differs from lower() in practice gives casefold's matches.
    folded = pc.utf8_lower(pc.utf8_normalize(text, form="NFKC"))
    folded = pc.replace_substring(folded, "ß", "ss")
    return pc.replace_substring(folded, "ς", "σ")


def search_mask(answers: pd.DataFrame, query: str) -> pd.Series:
    """Which answers' ``text`` contains every word of ``query`` (bool Series on ``answers.index``).

    Text and query are compared after NFKC and case folding, so full-width and
    half-width letters, digits and spaces match each other. Words are separated by
    spaces (an ideographic space counts). An empty query matches nothing.
    """
    words = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", query or "").casefold()).split()
    if not words or answers.empty:
        return pd.Series(False, index=answers.index, dtype=bool)
    folded = _fold(pa.array(answers["text"].astype("str"), type=pa.string(), from_pandas=True))
    mask = np.ones(len(answers), dtype=bool)
    for word in dict.fromkeys(words):
        hit = pc.fill_null(pc.match_substring(folded, word), False)
        mask &= np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)
    return pd.Series(mask, index=answers.index, dtype=bool)


def _topic_quotas(sizes: np.ndarray, max_points: int) -> np.ndarray:
    """Points per topic: a floor of min(size, MIN_PER_TOPIC), the rest in proportion to size."""
    floors = np.minimum(sizes, MIN_PER_TOPIC)
    spare = max_points - int(floors.sum())
    extra_room = sizes - floors
    if spare <= 0 or extra_room.sum() == 0:
        return floors
    exact = extra_room * (spare / extra_room.sum())
    extra = np.floor(exact).astype(np.int64)
    # Largest remainders get the points lost to rounding, so the total is exactly max_points.
    short = min(spare - int(extra.sum()), int((extra_room - extra > 0).sum()))
    if short > 0:
        remainder = np.where(extra_room - extra > 0, exact - extra, -1.0)
        extra[np.argsort(-remainder, kind="stable")[:short]] += 1
    return floors + np.minimum(extra, extra_room)


def map_points(answers: pd.DataFrame, max_points: int = 20_000,
               random_state: int = 0) -> tuple[pd.DataFrame, int]:
    """The answers to draw on the map, and how many there are in all.

    Up to ``max_points`` answers are returned unchanged. Above it, a sample drawn with
    ``random_state`` and stratified by ``topic``: each topic keeps at least
    ``min(its size, 20)`` points and the rest of the budget is shared in proportion
    to topic size. Rows keep their original order.
    """
    n_total = len(answers)
    if n_total <= max_points:
        return answers, n_total
    codes, _ = pd.factorize(answers["topic"], use_na_sentinel=False)
    sizes = np.bincount(codes)
    quotas = _topic_quotas(sizes, max_points)
    rng = np.random.default_rng(random_state)
    order = np.lexsort((rng.random(n_total), codes))
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    rank = np.arange(n_total) - starts[codes[order]]
    chosen = np.sort(order[rank < quotas[codes[order]]])
    return answers.iloc[chosen], n_total


def _by_centrality(frame: pd.DataFrame) -> pd.DataFrame:
    if "confidence" not in frame.columns:
        return frame
    return frame.sort_values("confidence", ascending=False, kind="stable", na_position="last")


def cluster_answers_page(answers: pd.DataFrame, level: str, cluster_id: int, page: int,
                         page_size: int = 20, query: str = "") -> tuple[pd.DataFrame, int]:
    """One page of a cluster's answers, most central (highest confidence) first.

    ``page`` counts from 1; a page past the end is empty. With a ``query`` only the
    answers matching it (see :func:`search_mask`) are listed. Returns the page and
    the number of answers listed over all pages.
    """
    column = _level_column(answers, level)
    if page < 1 or page_size < 1:
        raise InputError("page and page_size start at 1.")
    members = answers.loc[(answers[column] == cluster_id).fillna(False).to_numpy(dtype=bool)]
    if query.strip():
        members = members.loc[search_mask(members, query).to_numpy()]
    members = _by_centrality(members)
    start = (page - 1) * page_size
    return members.iloc[start:start + page_size], len(members)


def compare_proportions(k1, n1, k2, n2) -> tuple[np.ndarray, np.ndarray]:
    """Two-proportion z-test (pooled), element-wise: returns (z, two-sided p).

    Where the pooled proportion is 0 or 1 (or a group is empty) there is no
    difference to test: z is 0 and p is 1.
    """
    k1, n1, k2, n2 = (np.asarray(v, dtype=float) for v in (k1, n1, k2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (k1 + k2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = (k1 / n1 - k2 / n2) / se
    ok = np.isfinite(z) & (se > 0)
    z = np.where(ok, z, 0.0)
    return z, np.where(ok, 2 * norm.sf(np.abs(z)), 1.0)


def holm_adjust(p: Sequence[float]) -> np.ndarray:
    """Holm-Bonferroni adjusted p-values (same order as ``p``), capped at 1."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate(p[order] * (m - np.arange(m)))
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return out


def _group_mask(answers: pd.DataFrame, group: Mapping[str, Sequence[str]], name: str) -> np.ndarray:
    positional = answers.reset_index(drop=True)
    kept = filter_answers(positional, group, missing_label=MISSING_LABEL)
    mask = np.zeros(len(positional), dtype=bool)
    mask[kept.index.to_numpy()] = True
    if not mask.any():
        raise InputError(f"group {name} ({_describe(group)}) has no answers.")
    return mask


def _describe(group: Mapping[str, Sequence[str]]) -> str:
    return "; ".join(f"{k} = {', '.join(map(str, _allowed(v)))}" for k, v in group.items()) or "all"


def _cluster_labels(answers: pd.DataFrame, level: str, clusters: pd.DataFrame | None) -> pd.Series:
    if clusters is not None:
        rows = clusters.loc[clusters["level"] == level]
        return pd.Series(rows["label"].to_numpy(), index=rows["cluster_id"].astype(int).to_numpy())
    label_column = f"{level}_label"
    ids = answers[level].dropna().astype(int)
    if label_column not in answers.columns:
        return pd.Series(ids.map(str).to_numpy(), index=ids.to_numpy()).groupby(level=0).first()
    labels = answers.loc[ids.index, label_column]
    return pd.Series(labels.to_numpy(), index=ids.to_numpy()).groupby(level=0).first()


def compare_groups(answers: pd.DataFrame, level: str, group_a: Mapping[str, Sequence[str]],
                   group_b: Mapping[str, Sequence[str]], clusters: pd.DataFrame | None = None,
                   min_count: int = 5) -> pd.DataFrame:
    """Which clusters group A talks about more than group B, and the reverse.

    Groups are attribute filters as in :func:`filter_view`, e.g.
    ``{"年代": ["10代", "20代"]}``. Per cluster: answers in each group (``n_a``,
    ``n_b``), shares of the group's answers (fractions), ``diff`` = share_a - share_b in
    percentage points, a pooled two-proportion z-test (``z``, ``p``) and Holm-adjusted
    ``p_adjusted`` over the clusters that are not ``small`` (n_a + n_b < ``min_count``).
    ``over_represented_in`` is "A" or "B" when p_adjusted < 0.05, else "". Rows are
    sorted by |diff|, small clusters after the others. Raises InputError (a ValueError)
    when an answer belongs to both groups or a group is empty.
    """
    column = _level_column(answers, level)
    mask_a = _group_mask(answers, group_a, "A")
    mask_b = _group_mask(answers, group_b, "B")
    both = int((mask_a & mask_b).sum())
    if both:
        raise InputError(f"the groups overlap: {both} answers are in both group A ({_describe(group_a)}) "
                         f"and group B ({_describe(group_b)}). Choose values that do not overlap.")
    labels = _cluster_labels(answers, level, clusters)
    ids = answers[column].to_numpy()
    count_a = pd.Series(ids[mask_a]).dropna().astype(int).value_counts()
    count_b = pd.Series(ids[mask_b]).dropna().astype(int).value_counts()
    index = sorted(set(labels.index) | set(count_a.index) | set(count_b.index))
    n_a = count_a.reindex(index, fill_value=0).to_numpy()
    n_b = count_b.reindex(index, fill_value=0).to_numpy()
    total_a, total_b = int(mask_a.sum()), int(mask_b.sum())
    z, p = compare_proportions(n_a, total_a, n_b, total_b)
    small = (n_a + n_b) < min_count
    p_adjusted = np.full(len(index), np.nan)
    p_adjusted[~small] = holm_adjust(p[~small])
    significant = ~small & (p_adjusted < 0.05)
    frame = pd.DataFrame({
        "cluster_id": np.asarray(index, dtype=np.int64),
        "label": [str(labels.get(i, i)) for i in index],
        "n_a": n_a.astype(np.int64), "share_a": n_a / total_a,
        "n_b": n_b.astype(np.int64), "share_b": n_b / total_b,
    })
    frame["diff"] = (frame["share_a"] - frame["share_b"]) * 100.0
    frame["z"], frame["p"], frame["p_adjusted"] = z, p, p_adjusted
    frame["over_represented_in"] = np.where(significant, np.where(z > 0, "A", "B"), "")
    frame["small"] = small
    frame["_abs"] = frame["diff"].abs()
    frame = frame.sort_values(["small", "_abs", "cluster_id"], ascending=[True, False, True], kind="stable")
    return frame.drop(columns="_abs").reset_index(drop=True)[list(COMPARE_COLUMNS)]
