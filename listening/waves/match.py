"""Matching clusters of two analyses, so ids and curated labels carry over a re-analysis.

The optimal assignment (Hungarian) keeps as many answers as possible under their old
id; what did not match is reported as split, merged, appeared or vanished.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from listening.embed import normalise_rows


@dataclass(frozen=True, eq=False)
class Matching:
    """New cluster ids mapped to old ones, and what changed between two clusterings.

    ``mapping``: new id -> old id. ``splits``: old id -> the new ids it went into;
    ``merges``: new id -> the old ids it took in; ``appeared``: new ids with no old
    counterpart; ``vanished``: old ids with no new one. ``changes``: all of it as one
    table (kind, old, new, similarity, overlap).
    """

    mapping: dict
    splits: dict
    merges: dict
    appeared: list
    vanished: list
    changes: pd.DataFrame
    old_ids: np.ndarray
    new_ids: np.ndarray


def match_clusters(
    old_centroids: np.ndarray, new_centroids: np.ndarray,
    old_members: np.ndarray | None = None, new_members: np.ndarray | None = None,
    old_ids: np.ndarray | None = None, new_ids: np.ndarray | None = None,
    min_similarity: float = 0.5, min_overlap: float = 0.2,
) -> Matching:
    """Pair each new cluster with at most one old one by an optimal assignment
    (``scipy.optimize.linear_sum_assignment``).

    Centroids must share a space, e.g. the sentence vectors (``cluster_centroids``):
    each run's PCA clustering space has its own axes. They are centred on the mean of
    all centroids first, since one survey's centroids all lean the same way (raw
    cosines near 0.8 even for unrelated topics). ``old_members``/``new_members``: the
    old and new label of the same answers, row by row (-1 where a run lacks the
    answer). With them the assignment keeps the most answers under their old id,
    among pairs whose Jaccard overlap reaches ``min_overlap``; without them it
    maximises centred cosine over pairs reaching ``min_similarity``.

    Split: one old cluster gave most (>= half) of the answers of two or more new ones,
    each taking at least ``min_overlap`` of it (without members: it is the closest old
    cluster of two or more new ones). Merge: the same the other way round.
    """
    old_ids = np.asarray(np.arange(len(old_centroids)) if old_ids is None else old_ids)
    new_ids = np.asarray(np.arange(len(new_centroids)) if new_ids is None else new_ids)
    both = np.vstack([old_centroids, new_centroids]).astype(np.float64)
    centred = normalise_rows(both - both.mean(axis=0)).astype(np.float64)
    cosine = centred[: len(old_ids)] @ centred[len(old_ids) :].T
    overlap = None
    if old_members is not None and new_members is not None:
        overlap = _overlap(np.asarray(old_members), np.asarray(new_members), old_ids, new_ids)
        old_size, new_size = overlap.sum(axis=1, keepdims=True), overlap.sum(axis=0, keepdims=True)
        of_old, of_new = overlap / np.maximum(old_size, 1), overlap / np.maximum(new_size, 1)
        jaccard = overlap / np.maximum(old_size + new_size - overlap, 1)
        score = np.where(jaccard >= min_overlap, overlap, 0).astype(float)
        split_link, merge_link = (of_new >= 0.5) & (of_old >= min_overlap), (of_old >= 0.5) & (of_new >= min_overlap)
    else:
        score = np.where(cosine >= min_similarity, cosine + 1.0, 0.0)  # + 1: every valid pair beats none
        near = cosine >= min_similarity
        split_link = near & (cosine >= cosine.max(axis=0, keepdims=True, initial=-np.inf))
        merge_link = near & (cosine >= cosine.max(axis=1, keepdims=True, initial=-np.inf))
    rows, cols = linear_sum_assignment(-score)
    mapping = {int(new_ids[c]): int(old_ids[r]) for r, c in zip(rows, cols) if score[r, c] > 0}
    splits = {int(old_ids[i]): new_ids[split_link[i]].tolist() for i in range(len(old_ids)) if split_link[i].sum() >= 2}
    merges = {int(new_ids[j]): old_ids[merge_link[:, j]].tolist() for j in range(len(new_ids)) if merge_link[:, j].sum() >= 2}
    in_split = {j for parts in splits.values() for j in parts}
    in_merge = {i for parts in merges.values() for i in parts}
    appeared = [j for j in new_ids.tolist() if j not in mapping and j not in in_split]
    vanished = [i for i in old_ids.tolist() if i not in mapping.values() and i not in in_merge]
    old_at, new_at = {v: k for k, v in enumerate(old_ids.tolist())}, {v: k for k, v in enumerate(new_ids.tolist())}

    def event(kind, old, new):
        i, j = old_at.get(old), new_at.get(new)
        found = i is not None and j is not None
        return (kind, old, new, cosine[i, j] if found else np.nan,
                overlap[i, j] if found and overlap is not None else None)

    events = [event("matched", o, n) for n, o in sorted(mapping.items())]
    events += [event("split", o, n) for o, parts in splits.items() for n in parts]
    events += [event("merged", o, n) for n, parts in merges.items() for o in parts]
    events += [event("appeared", None, n) for n in appeared] + [event("vanished", o, None) for o in vanished]
    changes = pd.DataFrame(events, columns=["kind", "old", "new", "similarity", "overlap"])
    changes = changes.astype({"old": "Int64", "new": "Int64", "overlap": "Int64", "similarity": float})
    return Matching(mapping, splits, merges, appeared, vanished, changes, old_ids, new_ids)


def relabel(new_labels: np.ndarray, matching: Matching, first_free: int | None = None) -> np.ndarray:
    """New labels with matched clusters under their old ids and the rest under fresh
    ids from ``first_free`` (default: one above any old id): no old id is reused for
    a different cluster. Negative labels (no cluster) pass through."""
    start = int(first_free) if first_free is not None else int(max(matching.old_ids.tolist(), default=-1)) + 1
    table = dict(matching.mapping)
    for offset, new in enumerate(n for n in matching.new_ids.tolist() if n not in table):
        table[new] = start + offset
    return np.array([table.get(v, v) if v >= 0 else v for v in np.asarray(new_labels).tolist()], dtype=np.int64)


def share_kept(old_labels: np.ndarray, new_labels: np.ndarray, matching: Matching) -> float:
    """Of the answers in both runs, the share whose new cluster carries their old id."""
    old_labels, new_labels = np.asarray(old_labels), np.asarray(new_labels)
    both = (old_labels >= 0) & (new_labels >= 0)
    return float((old_labels[both] == relabel(new_labels[both], matching)).mean()) if both.any() else float("nan")


def cluster_centroids(x: np.ndarray, labels: np.ndarray, unit: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(sorted cluster ids, mean row of each); ids need not be 0..k-1 (curated ids skip)."""
    ids, inverse = np.unique(np.asarray(labels), return_inverse=True)
    sums = np.zeros((len(ids), x.shape[1]), dtype=np.float64)
    np.add.at(sums, inverse, np.asarray(x, dtype=np.float64))
    means = sums / np.bincount(inverse, minlength=len(ids))[:, None]
    return ids.astype(np.int64), (normalise_rows(means) if unit else means.astype(np.float32))


def _overlap(old_members, new_members, old_ids, new_ids) -> np.ndarray:
    """Answers in old cluster i and new cluster j, for every (i, j)."""
    if len(old_members) != len(new_members):
        raise ValueError("old_members and new_members must label the same answers, row by row")
    both = (old_members >= 0) & (new_members >= 0)
    i, j = pd.Index(old_ids).get_indexer(old_members[both]), pd.Index(new_ids).get_indexer(new_members[both])
    if (i < 0).any() or (j < 0).any():
        raise ValueError("a member label is not among the cluster ids")
    return np.bincount(i * len(new_ids) + j, minlength=len(old_ids) * len(new_ids)).reshape(len(old_ids), len(new_ids))
