"""Statistics in plain words, and answers a person can read.

A crosstab page leads with one or two sentences of what stands out ("70歳以上は「バス」の
意見が全体の2.1倍"), computed here from the crosstab's adjusted residuals: a cell is
named only when its residual is significant after a Holm correction over every cell
tested, it holds at least ``MIN_COUNT`` answers and its group at least ``MIN_GROUP``.
The same module gives the tables with a total row and column, the answers that match a
keyword across all groups, and where the keyword sits in an answer (to mark it).
"""
from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
from scipy.stats import norm

from listening import i18n
from listening.types import InputError

from .crosstab import TOTAL_LABEL, Crosstab
from .explore import LEVELS, holm_adjust, search_mask

ALPHA = 0.05
MIN_COUNT = 5  # answers in a cell before it may be named (the small-cell rule of the exports)
MIN_GROUP = 30  # answers of a group (a column) before a share of it is compared with the whole
STANDOUT_COLUMNS = ("cluster", "value", "count", "group_n", "share", "overall", "ratio", "residual",
                    "p_adjusted")


def standout_cells(ct: Crosstab, alpha: float = ALPHA, min_count: int = MIN_COUNT,
                   min_group: int = MIN_GROUP) -> pd.DataFrame:
    """Cells a group raises clearly more often than everyone, most striking first.

    Per cell (cluster x attribute value) with at least ``min_count`` answers whose value
    has at least ``min_group`` answers: the two-sided p of its adjusted residual,
    Holm-adjusted over all those cells. Kept: p_adjusted < ``alpha`` and more answers
    than expected. ``share`` is the cluster's share among the value's answers,
    ``overall`` its share among all answers and ``ratio`` = share / overall. Sorted
    by residual, largest first.
    """
    counts = ct.counts
    if ct.chi2 is None or counts.empty:
        return pd.DataFrame(columns=list(STANDOUT_COLUMNS))
    observed = counts.to_numpy()
    group_n = np.broadcast_to(observed.sum(axis=0), observed.shape)
    tested = (observed >= min_count) & (group_n >= min_group)
    residual = ct.residuals.to_numpy()
    p_adjusted = np.full(observed.shape, np.nan)
    p_adjusted[tested] = holm_adjust(2 * norm.sf(np.abs(residual[tested])))
    keep = tested & (p_adjusted < alpha) & (residual > 0)
    rows, cols = np.nonzero(keep)
    overall = observed.sum(axis=1) / max(ct.n, 1)
    frame = pd.DataFrame({
        "cluster": counts.index.to_numpy()[rows], "value": counts.columns.to_numpy()[cols],
        "count": observed[rows, cols].astype(np.int64), "group_n": group_n[rows, cols].astype(np.int64),
    })
    frame["share"] = frame["count"] / frame["group_n"]
    frame["overall"] = overall[rows]
    frame["ratio"] = frame["share"] / frame["overall"]
    frame["residual"] = residual[rows, cols]
    frame["p_adjusted"] = p_adjusted[rows, cols]
    frame = frame.sort_values("residual", ascending=False, kind="stable").reset_index(drop=True)
    return frame[list(STANDOUT_COLUMNS)]


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def crosstab_sentences(ct: Crosstab, lang: str, labels: dict | None = None, attribute_name: str | None = None,
                       value_names: dict | None = None, limit: int = 2) -> list[str]:
    """Up to ``limit`` sentences in ``lang`` naming the cells of :func:`standout_cells`.

    ``labels`` maps cluster ids to names, ``value_names`` attribute values to how they
    are shown, ``attribute_name`` is the attribute as shown. With nothing that stands
    out, one sentence says so (and why: too few answers, or no clear difference).
    The sentences hold user text as it is: escape them where Markdown renders.
    """
    labels, value_names = labels or {}, value_names or {}
    attribute = attribute_name or ct.attribute
    if ct.chi2 is None:
        return [i18n.t(lang, "plain_ct_no_test")]
    cells = standout_cells(ct)
    if cells.empty:
        return [i18n.t(lang, "plain_ct_nothing", attribute=attribute)]
    return [
        i18n.t(lang, "plain_ct_standout", attribute=attribute, value=value_names.get(row.value, row.value),
               label=labels.get(row.cluster, row.cluster), ratio=f"{row.ratio:.1f}", share=_pct(row.share),
               overall=_pct(row.overall), n=f"{int(row.count):,}")
        for row in cells.head(limit).itertuples(index=False)
    ]


def with_totals(ct: Crosstab, total_label: str = TOTAL_LABEL) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(counts, row %, column %) with a total row and a total column, ready to show.

    Counts get their margins; row % a total row (the attribute's split over all
    answers) and a total column (100); column % a total column (each cluster's share
    of all answers) and a total row (100).
    """
    counts = ct.counts.copy()
    counts[total_label] = counts.sum(axis=1)
    counts.loc[total_label] = counts.sum(axis=0)
    n = max(ct.n, 1)
    row_pct = ct.row_pct.copy()
    row_pct[total_label] = 100.0
    row_pct.loc[total_label] = counts.loc[total_label] / n * 100.0
    col_pct = ct.col_pct.copy()
    col_pct[total_label] = ct.counts.sum(axis=1) / n * 100.0
    col_pct.loc[total_label] = 100.0
    whole = all(pd.api.types.is_integer_dtype(dtype) for dtype in ct.counts.dtypes)
    return (counts.astype("int64") if whole else counts), row_pct, col_pct  # weighted counts stay decimals


def keyword_hits(answers: pd.DataFrame, query: str, level: str, page: int = 1,
                 page_size: int = 20) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The answers matching ``query`` across all groups of ``level``, one page of them.

    Returns (page, per_group): the page lists the group with the most matches first,
    within a group the most central answers first; ``per_group`` has ``cluster`` and
    ``hits`` per group with matches, most first. An empty query matches nothing.
    """
    if level not in LEVELS or level not in answers.columns:
        raise InputError(f"unknown level '{level}': use 'theme' or 'topic'.", column=level)
    column = level
    hits = answers.loc[search_mask(answers, query).to_numpy()]
    per_group = (hits[column].value_counts().rename_axis("cluster").reset_index(name="hits")
                 .sort_values(["hits", "cluster"], ascending=[False, True], kind="stable")
                 .reset_index(drop=True))
    rank = dict(zip(per_group["cluster"], range(len(per_group))))
    order = pd.DataFrame({"group": hits[column].map(rank).to_numpy(),
                          "central": -hits["confidence"].fillna(-1).to_numpy() if "confidence" in hits
                          else np.zeros(len(hits)), "at": np.arange(len(hits))})
    ordered = hits.iloc[order.sort_values(["group", "central", "at"], kind="stable").index.to_numpy()]
    start = (max(page, 1) - 1) * page_size
    return ordered.iloc[start:start + page_size], per_group


def _folded(text: str) -> tuple[str, list[int]]:
    # Fold one character at a time so each folded character knows where it came from.
    out, origin = [], []
    for i, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char).casefold():
            out.append(folded)
            origin.append(i)
    return "".join(out), origin


def mark_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the words of ``query`` occur in ``text``: sorted, non-overlapping (start, end).

    Matching is the search's (NFKC and case folded), so "ＢＵＳ" is found for "bus";
    the spans index the original text.
    """
    words = unicodedata.normalize("NFKC", query or "").casefold().split()
    if not words or not text:
        return []
    folded, origin = _folded(text)
    spans = []
    for word in dict.fromkeys(words):
        start = folded.find(word)
        while start >= 0:
            end = start + len(word)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(word, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
