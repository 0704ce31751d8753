"""Views of the goals lens: coverage per goal, clusters x goals, unheard goals, uncovered voices.

``assignment`` is the bool matrix of :func:`listening.goals.scores.assign_goals` (answers x
goals, rows in the order of ``answers``, columns in the order of ``goals``). An
answer can touch several goals, so per-goal counts may add up to more than the
answers: every table therefore also has a "no goal" row (answers touching none)
and a total row whose count is the number of answers, not the sum of the rows.
Shares are of the answers in the table (or in the group), so they need not sum to 1.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from listening.views import MISSING_LABEL, TOTAL_LABEL, sort_values, weight_array

from .files import Goal
from .scores import goal_depths, leaf_goals

NO_GOAL = "(no goal)"
COVERAGE_COLUMNS = ("goal_id", "name", "parent", "depth", "count", "share")


def goal_coverage(answers: pd.DataFrame, assignment: np.ndarray, goals: Sequence[Goal],
                  by: str | None = None, keywords: np.ndarray | None = None, weights=None) -> pd.DataFrame:
    """Answers touching each goal, with a "no goal" row and a total row.

    ``count`` = answers touching the goal, ``share`` = count / answers (of the
    group). With ``by`` (an attribute column or ``batch_id``) the table has one
    block per value, missing values under ``MISSING_LABEL``; the group totals add
    up to ``len(answers)``. ``keywords`` (from ``keyword_matches``) adds a
    ``keyword_count`` column: answers a goal's keyword rule matches, counted apart.
    ``weights`` (one per answer, by position; NaN = not weighted) adds ``weighted_share``:
    the weight of the answers touching the goal over the weight of all weighted answers.
    """
    matrix = _matrix(assignment, answers, goals)
    hits = None if keywords is None else _matrix(keywords, answers, goals)
    w = None if weights is None else weight_array(answers, weights)
    if by is None:
        return _with_weighted(_coverage_block(matrix, hits, goals), matrix, w)
    if by not in answers.columns:
        raise KeyError(f"no column '{by}' in the answers")
    values = _group_values(answers[by])
    blocks = []
    for value in sort_values(values.tolist()):
        rows = (values == value).to_numpy()
        block = _coverage_block(matrix[rows], None if hits is None else hits[rows], goals)
        block = _with_weighted(block, matrix[rows], None if w is None else w[rows])
        block.insert(0, by, value)
        blocks.append(block)
    return pd.concat(blocks, ignore_index=True)


def clusters_by_goals(answers: pd.DataFrame, assignment: np.ndarray, goals: Sequence[Goal],
                      level: str = "topic") -> pd.DataFrame:
    """Which opinion clusters feed which goal: one row per (cluster, goal) with answers in both.

    Columns: cluster_id, cluster_label, size, goal_id, name, count, share (count /
    cluster size). A cluster's answers that touch no goal form a ``NO_GOAL`` row.
    """
    matrix = _matrix(assignment, answers, goals)
    clusters = answers[level].astype("Int64").to_numpy()
    labels = _cluster_labels(answers, level)
    rows = []
    for cluster_id in sorted({int(c) for c in clusters if not pd.isna(c)}):
        inside = clusters == cluster_id
        size = int(inside.sum())
        counts = matrix[inside].sum(axis=0)
        for goal, count in zip(goals, counts):
            if count:
                rows.append((cluster_id, labels.get(cluster_id, str(cluster_id)), size, goal.goal_id,
                             goal.name, int(count), count / size))
        none = int((~matrix[inside].any(axis=1)).sum())
        if none:
            rows.append((cluster_id, labels.get(cluster_id, str(cluster_id)), size, NO_GOAL, NO_GOAL,
                         none, none / size))
    return pd.DataFrame(rows, columns=["cluster_id", "cluster_label", "size", "goal_id", "name", "count",
                                       "share"]).astype({"cluster_id": "int64", "size": "int64",
                                                         "count": "int64", "share": "float64"})


def unheard_goals(coverage: pd.DataFrame, min_share: float = 0.02) -> pd.DataFrame:
    """Goals touched by fewer than ``min_share`` of the answers (of each group, for a coverage
    table made ``by`` an attribute), fewest first."""
    real = coverage[~coverage["goal_id"].isin([NO_GOAL, TOTAL_LABEL])]
    quiet = real[real["share"] < min_share]
    return quiet.sort_values("share", kind="stable").reset_index(drop=True)


def uncovered_clusters(answers: pd.DataFrame, assignment: np.ndarray, goals: Sequence[Goal],
                       level: str = "topic", min_share: float = 0.5, n_representatives: int = 3,
                       scores: np.ndarray | None = None) -> pd.DataFrame:
    """Clusters where at least ``min_share`` of the answers touch no goal: what no goal covers.

    Columns: cluster_id, cluster_label, size, n_uncovered, share_uncovered,
    representatives (answer ids of uncovered answers, most typical of the cluster
    first when the answers carry the analysis's ``confidence``) and, with
    ``scores``, nearest_goal (the goal, not viewpoint, these answers come closest
    to) and its mean score. Most uncovered answers first.
    """
    matrix = _matrix(assignment, answers, goals)
    uncovered = ~matrix.any(axis=1)
    clusters = answers[level].astype("Int64").to_numpy()
    labels = _cluster_labels(answers, level)
    ids = answers["answer_id"].astype(str).to_numpy()
    leaves = [j for j, g in enumerate(goals) if g.goal_id in {leaf.goal_id for leaf in leaf_goals(goals)}]
    order = np.arange(len(answers))
    if "confidence" in answers.columns:
        order = np.argsort(-answers["confidence"].astype(float).fillna(-np.inf).to_numpy(), kind="stable")
    rows = []
    for cluster_id in sorted({int(c) for c in clusters if not pd.isna(c)}):
        inside = clusters == cluster_id
        left = inside & uncovered
        size, n_left = int(inside.sum()), int(left.sum())
        if n_left == 0 or n_left / size < min_share:
            continue
        row = {"cluster_id": cluster_id, "cluster_label": labels.get(cluster_id, str(cluster_id)),
               "size": size, "n_uncovered": n_left, "share_uncovered": n_left / size,
               "representatives": [ids[i] for i in order if left[i]][:n_representatives]}
        if scores is not None and leaves:
            means = np.asarray(scores)[left][:, leaves].mean(axis=0)
            nearest = leaves[int(means.argmax())]
            row["nearest_goal"], row["nearest_score"] = goals[nearest].goal_id, float(means.max())
        rows.append(row)
    columns = ["cluster_id", "cluster_label", "size", "n_uncovered", "share_uncovered", "representatives"]
    if scores is not None:
        columns += ["nearest_goal", "nearest_score"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["n_uncovered", "cluster_id"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def _matrix(assignment: np.ndarray, answers: pd.DataFrame, goals: Sequence[Goal]) -> np.ndarray:
    matrix = np.asarray(assignment, dtype=bool)
    if matrix.shape != (len(answers), len(goals)):
        raise ValueError(f"assignment has shape {matrix.shape}; expected ({len(answers)}, {len(goals)}) "
                         "= (answers, goals)")
    return matrix


def _coverage_block(matrix: np.ndarray, hits: np.ndarray | None, goals: Sequence[Goal]) -> pd.DataFrame:
    n = len(matrix)
    depths = goal_depths(goals)
    counts = matrix.sum(axis=0)
    none = int((~matrix.any(axis=1)).sum())
    rows = [(g.goal_id, g.name, g.parent, depths[g.goal_id], int(c)) for g, c in zip(goals, counts)]
    rows += [(NO_GOAL, NO_GOAL, None, 0, none), (TOTAL_LABEL, TOTAL_LABEL, None, 0, n)]
    frame = pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS[:-1]))
    frame["count"] = frame["count"].astype("int64")
    frame["share"] = frame["count"] / n if n else 0.0
    if hits is not None:
        frame["keyword_count"] = np.r_[hits.sum(axis=0), [int((~hits.any(axis=1)).sum()), n]].astype("int64")
    return frame


def _with_weighted(block: pd.DataFrame, matrix: np.ndarray, w: np.ndarray | None) -> pd.DataFrame:
    if w is None:
        return block
    ok = np.isfinite(w)
    total = w[ok].sum()
    touched = w[ok] @ matrix[ok] if total > 0 else np.zeros(matrix.shape[1])
    none = w[ok][~matrix[ok].any(axis=1)].sum()
    sums = np.r_[touched, [none, total]]
    block["weighted_share"] = sums / total if total > 0 else np.nan
    return block


def _group_values(series: pd.Series) -> pd.Series:
    text = series.astype(object).map(lambda v: "" if pd.isna(v) else str(v).strip())
    return text.where(text != "", MISSING_LABEL)


def _cluster_labels(answers: pd.DataFrame, level: str) -> dict[int, str]:
    column = f"{level}_label"
    if column not in answers.columns:
        return {}
    known = answers.dropna(subset=[level])
    return {int(k): str(v) for k, v in known.groupby(known[level].astype(int))[column].first().items()}
