"""Goals lens: how relevant each answer is to each goal of a vision, and which goals it touches.

Scores (measured in bench/goals_quality.py):
- A goal's prototype is the mean of the unit embeddings of its name, description
  and each example phrase (better than embedding one concatenated text).
- Confirmed answers pull their goal's vector towards them (prototype + their mean);
  rejected ones push it away.
- The goal vectors are then refined once on the answers themselves: each answer
  joins its best goal and each goal moves to prototype + mean of its answers
  (confirmed answers always count for their goal, rejected ones never do).
- With the analysis's neighbour graph (``neighbours``), scores are also smoothed
  over each answer's nearest neighbours (a random walk with restart), so an answer
  leans the way similar answers lean.
KLUE-YNAT, 7 topics as goals, macro-F1 of the best goal: plain cosine to the names
0.33, to the prototypes 0.45, goal_scores 0.54; with 10 confirmed answers per goal
0.61. On the Fukui survey (its 7 questions as goals, which share their subjects)
the refinement and smoothing gain nothing: 0.34 zero-shot, 0.36 with confirmations.
Scores stay cosine-like (typical best score 0.3-0.45). Confirmed answers score
``CONFIRMED_SCORE`` (1) and rejected ones ``REJECTED_SCORE`` (-1) for their goal,
so staff decisions always win. A parent goal (viewpoint) scores the best of its
child goals; keywords play no part in scores (see :func:`keyword_matches`).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp

from listening.embed import Embedder, normalise_rows

from .files import Goal

if TYPE_CHECKING:
    from listening.store import Store

MIN_SCORE = 0.3  # below this an answer touches no goal: an "uncovered voice"
MARGIN = 0.03  # an answer also touches every goal within this of its best goal
CONFIRMED_SCORE, REJECTED_SCORE = 1.0, -1.0
REFINE_STEPS = 1
SMOOTH_STEPS = 3
SMOOTH_WEIGHT = 0.5  # share of an answer's smoothed score that comes from its neighbours
REJECT_WEIGHT = 0.5
ANCHOR_WEIGHT = 1.0  # weight of the prototype (+ confirmed) against the mean of a goal's answers

Indices = Mapping[str, Sequence[int]]


def goal_children(goals: Sequence[Goal]) -> dict[str, list[str]]:
    """Direct children of every goal id (empty list for a leaf)."""
    children: dict[str, list[str]] = {g.goal_id: [] for g in goals}
    for g in goals:
        if g.parent is not None and g.parent in children:
            children[g.parent].append(g.goal_id)
    return children


def goal_depths(goals: Sequence[Goal]) -> dict[str, int]:
    """0 for a top-level goal (viewpoint), 1 for its goals, and so on."""
    parent = {g.goal_id: g.parent for g in goals}

    def depth(goal_id: str) -> int:
        return 0 if parent.get(goal_id) is None else 1 + depth(parent[goal_id])

    return {g.goal_id: depth(g.goal_id) for g in goals}


def leaf_goals(goals: Sequence[Goal]) -> list[Goal]:
    """The goals no other goal names as parent: the ones answers are scored against."""
    children = goal_children(goals)
    return [g for g in goals if not children[g.goal_id]]


def goal_texts(goal: Goal) -> list[str]:
    """The texts a goal's prototype is made of: name, description, each example."""
    return [t for t in (goal.name, goal.description, *goal.examples) if t]


def goal_prototypes(goals: Sequence[Goal], embedder: Embedder, store: "Store | None" = None) -> np.ndarray:
    """Unit vector per goal: the mean of the unit embeddings of its texts.

    With ``store``, goal texts go through its embedding cache like answers do, so
    editing one goal embeds only that goal's changed texts.
    """
    texts = [goal_texts(g) for g in goals]
    flat = [t for ts in texts for t in ts]
    if not flat:
        vectors = np.zeros((0, 0), np.float32)
    elif store is not None:
        from listening.embed import embed_with_cache
        from listening.store import text_hash

        vectors = normalise_rows(embed_with_cache(store, embedder, flat, [text_hash(t) for t in flat])[0])
    else:
        vectors = normalise_rows(embedder.embed(flat))
    out, at = [], 0
    for ts in texts:
        out.append(vectors[at : at + len(ts)].mean(axis=0))
        at += len(ts)
    return normalise_rows(np.array(out)) if out else np.zeros((0, vectors.shape[1]), np.float32)


def goal_scores(
    answer_vectors: np.ndarray,
    goals: Sequence[Goal],
    embedder: Embedder | None = None,
    confirmed: Indices | None = None,
    rejected: Indices | None = None,
    *,
    neighbours: tuple[np.ndarray, np.ndarray] | None = None,
    prototypes: np.ndarray | None = None,
) -> np.ndarray:
    """Relevance of every answer (row) to every goal (column, in ``goals`` order).

    ``confirmed``/``rejected`` map a goal id to row positions staff confirmed or
    rejected for it. ``neighbours`` = (indices, similarities) of each answer's
    nearest answers, rows aligned with ``answer_vectors`` (the analysis's
    ``knn_i``/``knn_s``). ``prototypes`` (from :func:`goal_prototypes`, rows in
    ``goals`` order) saves embedding the goal texts again. Deterministic.
    """
    vectors = normalise_rows(answer_vectors)
    n, leaves = len(vectors), leaf_goals(goals)
    if not leaves:
        return np.zeros((n, 0), dtype=np.float32)
    if prototypes is None:
        if embedder is None:
            raise ValueError("goal_scores needs an embedder or the goals' prototypes")
        prototypes = goal_prototypes(leaves, embedder)
    else:
        at = {g.goal_id: i for i, g in enumerate(goals)}
        prototypes = np.asarray(prototypes)[[at[g.goal_id] for g in leaves]]
    fixed = _fixed_scores(leaves, goals, n, confirmed or {}, rejected or {})
    anchors = normalise_rows(prototypes)
    for j in range(len(leaves)):
        mine, against = fixed[:, j] == CONFIRMED_SCORE, fixed[:, j] == REJECTED_SCORE
        if mine.any():
            anchors[j] = anchors[j] + normalise_rows(vectors[mine].mean(axis=0, keepdims=True))[0]
        if against.any():
            anchors[j] -= REJECT_WEIGHT * normalise_rows(vectors[against].mean(axis=0, keepdims=True))[0]
    anchors = normalise_rows(anchors)
    walk = _transition(neighbours, n) if neighbours is not None and n else None
    centres = anchors
    for _ in range(REFINE_STEPS if n and len(leaves) > 1 else 0):
        scores = _smooth(vectors @ centres.T, fixed, walk)
        member = np.zeros_like(scores, dtype=bool)
        member[np.arange(n), scores.argmax(axis=1)] = True
        member |= fixed == CONFIRMED_SCORE
        member &= fixed != REJECTED_SCORE
        counts = member.sum(axis=0)
        sums = member.T.astype(np.float32) @ vectors
        means = np.where(counts[:, None] > 0, normalise_rows(sums), anchors)
        centres = normalise_rows(ANCHOR_WEIGHT * anchors + means)
    leaf_scores = _smooth(vectors @ centres.T, fixed, walk)
    return _roll_up(leaf_scores, leaves, goals, confirmed or {}, rejected or {}).astype(np.float32)


def assign_goals(scores: np.ndarray, *, min_score: float = MIN_SCORE, margin: float = MARGIN) -> np.ndarray:
    """Which goals each answer touches (bool, same shape as ``scores``): 0, 1 or several.

    An answer touches goal g when its score for g is at least ``min_score`` and
    within ``margin`` of its best goal's score. An answer whose best score is below
    ``min_score`` touches none (an "uncovered voice"); a goal few answers touch is
    "unheard". Confirmed answers (score 1) always touch their goal and rejected
    ones (score -1) never do, since ``min_score`` must lie between the two.
    """
    if not REJECTED_SCORE < min_score <= CONFIRMED_SCORE:
        raise ValueError(f"min_score must be above {REJECTED_SCORE} and at most {CONFIRMED_SCORE}")
    scores = np.asarray(scores, dtype=np.float32)
    if scores.size == 0:
        return np.zeros(scores.shape, dtype=bool)
    best = scores.max(axis=1, keepdims=True)
    return (scores >= min_score) & (scores >= best - margin)


def confirmation_indices(answers: pd.DataFrame, confirmations: pd.DataFrame) -> tuple[dict, dict]:
    """(confirmed, rejected): goal id -> row positions in ``answers``, for :func:`goal_scores`.

    ``confirmations`` has goal_id, answer_id, text_hash and state (as
    ``Store.goal_confirmations`` returns it). A confirmation applies to the rows
    with the same answer id and the same text, in whichever batch they are, so it
    survives new batches and re-analysis and never lands on a different answer
    that happens to reuse the id.
    """
    rows = pd.DataFrame({"answer_id": answers["answer_id"].astype(str).to_numpy(),
                         "text_hash": answers["text_hash"].astype(str).to_numpy(),
                         "position": np.arange(len(answers))})
    merged = confirmations.astype({"answer_id": str, "text_hash": str}).merge(
        rows, on=["answer_id", "text_hash"], how="inner")
    out: tuple[dict, dict] = ({}, {})
    for (goal_id, state), part in merged.groupby(["goal_id", "state"], sort=True):
        if state in ("confirmed", "rejected"):
            out[state == "rejected"][str(goal_id)] = sorted(int(p) for p in part["position"])
    return out


def keyword_matches(texts: Sequence[str], goals: Sequence[Goal]) -> np.ndarray:
    """Which answers contain one of each goal's keywords (bool, answers x goals).

    Exact terms joined by OR, compared after NFKC and case folding, so ＡＩ matches
    ai and full-width digits match. A parent goal also matches what its children
    match. Kept apart from :func:`goal_scores`: the committee sees a rule's hits
    and the model's suggestions side by side.
    """
    folded = [_fold(t) for t in texts]
    direct = np.zeros((len(folded), len(goals)), dtype=bool)
    for j, goal in enumerate(goals):
        terms = [_fold(k) for k in goal.keywords]
        if terms:
            direct[:, j] = [any(term in text for term in terms) for text in folded]
    return _roll_up_any(direct, goals)


def matched_keywords(text: str, goal: Goal) -> list[str]:
    """The keywords of ``goal`` found in ``text`` (as the goal spells them): why a rule matched."""
    folded = _fold(text)
    return [k for k in goal.keywords if _fold(k) in folded]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).casefold()


def _descendant_leaves(goals: Sequence[Goal]) -> dict[str, list[str]]:
    children = goal_children(goals)

    def leaves(goal_id: str) -> list[str]:
        kids = children[goal_id]
        return [goal_id] if not kids else [leaf for kid in kids for leaf in leaves(kid)]

    return {g.goal_id: leaves(g.goal_id) for g in goals}


def _positions(indices: Indices, goal_id: str, n: int) -> np.ndarray:
    at = np.asarray(list(indices.get(goal_id, ())), dtype=np.int64)
    if at.size and (at.min() < 0 or at.max() >= n):
        raise IndexError(f"a confirmed or rejected row for goal '{goal_id}' is outside the {n} answers")
    return at


def _fixed_scores(leaves, goals, n, confirmed: Indices, rejected: Indices) -> np.ndarray:
    """NaN where the model decides; 1 / -1 where staff confirmed / rejected (a rejected parent
    rejects the answer for every goal under it)."""
    fixed = np.full((n, len(leaves)), np.nan, dtype=np.float32)
    column = {g.goal_id: j for j, g in enumerate(leaves)}
    under = _descendant_leaves(goals)
    for goal_id in rejected:
        for leaf in under.get(goal_id, []):
            fixed[_positions(rejected, goal_id, n), column[leaf]] = REJECTED_SCORE
    for goal_id in confirmed:
        if goal_id in column:
            fixed[_positions(confirmed, goal_id, n), column[goal_id]] = CONFIRMED_SCORE
    return fixed


def _transition(neighbours: tuple[np.ndarray, np.ndarray], n: int) -> sp.csr_matrix:
    """Row-stochastic matrix of the symmetric kNN graph (weights = similarities >= 0)."""
    indices, sims = (np.asarray(a) for a in neighbours)
    if indices.shape != sims.shape or indices.shape[0] != n or (indices.size and indices.max() >= n):
        raise ValueError(f"neighbours do not match the {n} answers (shape {indices.shape})")
    k = indices.shape[1]
    weights = sp.csr_matrix((np.maximum(sims.ravel(), 0.0), (np.repeat(np.arange(n), k), indices.ravel())),
                            shape=(n, n))
    weights = weights + weights.T
    degree = np.asarray(weights.sum(axis=1)).ravel()
    return sp.diags(1.0 / np.maximum(degree, 1e-12)) @ weights


def _smooth(scores: np.ndarray, fixed: np.ndarray, walk: sp.csr_matrix | None) -> np.ndarray:
    """Staff decisions clamped in, then spread a little to similar answers, then clamped again."""
    decided = ~np.isnan(fixed)
    start = np.where(decided, fixed, scores)
    if walk is None:
        return start
    out = start
    for _ in range(SMOOTH_STEPS):
        out = (1.0 - SMOOTH_WEIGHT) * start + SMOOTH_WEIGHT * (walk @ out)
    return np.where(decided, fixed, out)


def _roll_up(leaf_scores: np.ndarray, leaves, goals, confirmed: Indices, rejected: Indices) -> np.ndarray:
    column = {g.goal_id: j for j, g in enumerate(leaves)}
    under = _descendant_leaves(goals)
    n = len(leaf_scores)
    out = np.empty((n, len(goals)), dtype=np.float32)
    for j, goal in enumerate(goals):
        cols = [column[leaf] for leaf in under[goal.goal_id]]
        out[:, j] = leaf_scores[:, cols].max(axis=1) if n else 0.0
        if goal.goal_id not in column:  # a parent: staff decisions on it override its children's best
            out[_positions(confirmed, goal.goal_id, n), j] = CONFIRMED_SCORE
            out[_positions(rejected, goal.goal_id, n), j] = REJECTED_SCORE
    return out


def _roll_up_any(direct: np.ndarray, goals: Sequence[Goal]) -> np.ndarray:
    at = {g.goal_id: j for j, g in enumerate(goals)}
    out = direct.copy()
    for j, goal in enumerate(goals):
        for leaf_or_mid in _descendants(goal.goal_id, goals):
            out[:, j] |= direct[:, at[leaf_or_mid]]
    return out


def _descendants(goal_id: str, goals: Sequence[Goal]) -> list[str]:
    children = goal_children(goals)
    out, todo = [], list(children[goal_id])
    while todo:
        kid = todo.pop()
        out.append(kid)
        todo.extend(children[kid])
    return out
