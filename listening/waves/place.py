"""New batches on an existing analysis, new voices, and carrying cluster ids over.

``place_answers`` puts new answers on the stored map and into the stored clusters
without touching any earlier answer; ``new_voice_threshold`` and
``propose_clusters`` find what the existing clusters do not cover; after a full
re-analysis, ``match_clusters`` and ``relabel`` carry the old ids (and so the
curated labels) over to the new clusters and say what split, merged, appeared or
vanished.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from listening.analysis import LEXICAL_WEIGHT, N_NEIGHBORS, centre_distances, top_k
from listening.embed import normalise_rows

from .match import cluster_centroids

NEW_VOICE_QUANTILE = 0.95
SIMILARITY_QUANTILE = 0.02
CANDIDATES = 50  # sentence-vector neighbours re-ranked with words


@dataclass(frozen=True, eq=False)
class Placement:
    """Where new answers went. Arrays have one row per new answer."""

    theme: np.ndarray  # int64
    topic: np.ndarray  # int64
    x: np.ndarray  # float32 map coordinates
    y: np.ndarray
    distance: np.ndarray  # to the topic's centre in the clustering space
    similarity: np.ndarray  # mean cosine to the nearest earlier answers
    new_voice: np.ndarray  # bool: fits no existing cluster well
    points: np.ndarray  # (m, d) clustering-space points, to append to the stored space
    knn_i: np.ndarray  # (m, k) nearest earlier answers (rows of the old arrays)
    knn_s: np.ndarray  # (m, k) their joint-space cosine similarities
    thresholds: dict = field(default_factory=dict)  # distance and similarity limits used


def place_answers(
    new_vectors: np.ndarray, new_tokens: Sequence[Sequence[str]] | None, old_space: dict,
    old_vectors: np.ndarray, old_theme: np.ndarray, old_topic: np.ndarray, topic_parent: np.ndarray | dict,
    old_xy: np.ndarray, old_tokens: Sequence[Sequence[str]] | None = None, n_neighbors: int = N_NEIGHBORS,
    lexical_weight: float = LEXICAL_WEIGHT,
) -> Placement:
    """Put new answers on the existing map and in the existing clusters; earlier answers
    keep their point, topic, theme and map position (nothing old is recomputed or
    written). ``topic_parent``: the theme of each topic id (a dict where curated ids
    skip). For each new answer:

    - its ``n_neighbors`` nearest earlier answers, as the clustering space's kNN graph
      would see them: the 50 nearest by cosine of the sentence vectors, re-ranked by
      (cosine + w^2 word cosine) / (1 + w^2), which is the cosine of the joint
      vectors (cluster.joint_space, w = ``lexical_weight``). The fitted LSA is not
      stored, so the TF-IDF cosine of ``new_tokens`` and ``old_tokens`` stands in for
      it; without tokens the sentence vectors alone decide. (Holding out the March
      batch of the Fukui survey, 84 % of its answers got the topic the full analysis
      gave them with words, 81 % without);
    - its clustering-space point = the similarity-weighted mean of those neighbours'
      points. That is one more step of the smoothing the space was built with (each
      answer's vector averaged over its kNN graph, then a linear PCA, so averaging
      points equals averaging before the PCA);
    - its topic = the nearest topic centre in that space, as k-means assigned the
      earlier answers; its theme = that topic's parent, so topics still nest;
    - its map position = the same weighted mean of the neighbours' map positions. The
      map is UMAP on this kNN graph, so neighbours sit together and the mean lands
      among them; no jitter, so an answer lands on the same spot whichever batch
      brings it;
    - a new voice when its point is further from its topic centre than the
      ``new_voice_threshold`` of the earlier answers, or when its nearest earlier
      answers are less similar to it than almost any earlier answer's neighbours are
      to that answer (the 2 % quantile, measured on the stored sample). The second
      test catches answers unlike everything whose few weak neighbours happen to
      share one topic, where the averaged point still sits inside that topic.
    """
    old_points = np.asarray(old_space["points"], dtype=np.float32)
    old_units, new_units = normalise_rows(old_vectors), normalise_rows(new_vectors)
    if not (len(old_points) == len(old_topic) == len(old_theme) == len(old_xy) == len(old_units)):
        raise ValueError("the old points, vectors, clusters and map must have one row per earlier answer")
    words = new_tokens is not None and old_tokens is not None
    cand_i, cand_s = _nearest(new_units, old_units, max(n_neighbors, CANDIDATES) if words else n_neighbors)
    similarity = cand_s[:, :n_neighbors].mean(axis=1) if cand_s.shape[1] else np.zeros(len(new_units))
    if words and cand_i.shape[1]:
        knn_i, knn_s = _rerank_with_words(cand_i, cand_s, new_tokens, old_tokens, n_neighbors, lexical_weight)
    else:
        knn_i, knn_s = cand_i[:, :n_neighbors], cand_s[:, :n_neighbors]
    weights = np.clip(knn_s, 0.0, None)
    weights[weights.sum(axis=1) <= 0] = 1.0  # nothing similar at all: a plain mean
    weights = weights / weights.sum(axis=1, keepdims=True)
    points = np.einsum("mk,mkd->md", weights, old_points[knn_i]).astype(np.float32)
    xy = np.einsum("mk,mkd->md", weights, np.asarray(old_xy, dtype=np.float32)[knn_i]).astype(np.float32)
    topic_ids, centres = cluster_centroids(old_points, old_topic, unit=False)
    dist = centre_distances(points, centres)
    nearest = np.argmin(dist, axis=1) if len(points) else np.zeros(0, dtype=np.int64)
    topic = topic_ids[nearest]
    parent = topic_parent if isinstance(topic_parent, dict) else dict(enumerate(np.asarray(topic_parent).tolist()))
    theme = np.array([int(parent[int(t)]) for t in topic], dtype=np.int64)
    distance = dist[np.arange(len(points)), nearest] if len(points) else np.zeros(0)
    limit = new_voice_threshold(old_points, old_topic)
    floor = _similarity_floor(old_units, old_space.get("sample"), n_neighbors)
    new_voice = (distance > limit) | (similarity < floor)
    return Placement(
        theme=theme, topic=topic.astype(np.int64), x=xy[:, 0], y=xy[:, 1], distance=distance.astype(np.float32),
        similarity=similarity.astype(np.float32), new_voice=new_voice, points=points, knn_i=knn_i, knn_s=knn_s,
        thresholds={"distance": float(limit), "similarity": float(floor)},
    )


def new_voice_threshold(points: np.ndarray, topic: np.ndarray, quantile: float = NEW_VOICE_QUANTILE) -> float:
    """Distance to its own topic centre that only ``1 - quantile`` of current answers
    exceed (one global value: a per-topic quantile is noise for a topic of 15)."""
    points = np.asarray(points, dtype=np.float32)
    ids, centres = cluster_centroids(points, topic, unit=False)
    index = np.searchsorted(ids, np.asarray(topic))
    own = np.linalg.norm(points - centres[index], axis=1)
    return float(np.quantile(own, quantile)) if len(own) else 0.0


@dataclass(frozen=True, eq=False)
class Proposals:
    """Candidate new topics among new voices: ``labels`` per answer (-1: in none),
    proposals numbered by size, largest first."""

    labels: np.ndarray
    sizes: np.ndarray

    def members(self, proposal: int) -> np.ndarray:
        return np.flatnonzero(self.labels == proposal)


def typical_spread(vectors: np.ndarray, labels: np.ndarray) -> float:
    """Median over clusters of the mean cosine distance between two of its members:
    how tight an existing topic is, for ``propose_clusters``."""
    _, inverse = np.unique(np.asarray(labels), return_inverse=True)
    n = np.bincount(inverse).astype(float)
    totals = np.zeros((len(n), vectors.shape[1]))
    np.add.at(totals, inverse, normalise_rows(vectors))
    # Sum of all pairwise cosines = |sum of unit rows|^2 - n (each row with itself).
    spreads = 1.0 - ((totals**2).sum(axis=1) - n) / np.maximum(n * (n - 1), 1)
    return float(np.median(spreads[n >= 2])) if (n >= 2).any() else 1.0


def propose_clusters(
    vectors: np.ndarray, spread: float, min_size: int = 10, tolerance: float = 1.15,
    max_points: int = 5000, random_state: int = 0,
) -> Proposals:
    """Group new voices into candidate topics for staff to accept or reject.

    ``vectors``: the new voices' sentence vectors, not their placed points (a new
    voice's point is an average over unrelated neighbours, so it says little).
    Average-linkage clustering on cosine distance, cut where two groups are on
    average further apart than ``tolerance`` x ``spread`` (``typical_spread`` of the
    existing topics): a proposal is about as tight as an existing topic. Groups
    smaller than ``min_size`` are no proposal. Above ``max_points`` a seeded sample is
    clustered and the rest join the proposal whose members they are, on average,
    closest to, if within that limit (all-pairs distances grow as n^2).
    """
    from sklearn.cluster import AgglomerativeClustering

    units = normalise_rows(vectors)
    n = len(units)
    labels = np.full(n, -1, dtype=np.int64)
    if n < max(2, min_size):
        return Proposals(labels, np.zeros(0, np.int64))
    limit = tolerance * float(spread)
    rng = np.random.default_rng(random_state)
    fit = np.sort(rng.choice(n, size=max_points, replace=False)) if n > max_points else np.arange(n)
    raw = AgglomerativeClustering(n_clusters=None, distance_threshold=limit, metric="cosine",
                                  linkage="average").fit(units[fit]).labels_
    sizes = np.bincount(raw)
    keep = [int(c) for c in np.argsort(-sizes, kind="stable") if sizes[c] >= min_size]
    rank = np.full(len(sizes), -1)
    rank[keep] = np.arange(len(keep))
    labels[fit] = rank[raw]
    rest = np.setdiff1d(np.arange(n), fit)
    if len(rest) and keep:
        centres = np.vstack([units[fit][raw == c].mean(axis=0) for c in keep])
        mean_distance = 1.0 - units[rest] @ centres.T  # mean cosine distance to a proposal's members
        labels[rest] = np.where(mean_distance.min(axis=1) <= limit, mean_distance.argmin(axis=1), -1)
    return Proposals(labels, np.bincount(labels[labels >= 0], minlength=len(keep)).astype(np.int64))


def _nearest(new_units: np.ndarray, old_units: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact cosine kNN of each new row among old rows, best first, in blocks of ~80 MB."""
    k = min(k, len(old_units))
    if k == 0 or len(new_units) == 0:
        return np.zeros((len(new_units), k), dtype=np.int64), np.zeros((len(new_units), k), dtype=np.float32)
    chunk = max(64, 20_000_000 // len(old_units))
    found = [top_k(new_units[s : s + chunk] @ old_units.T, k, None) for s in range(0, len(new_units), chunk)]
    return np.vstack([f[0] for f in found]).astype(np.int64), np.vstack([f[1] for f in found]).astype(np.float32)


def _rerank_with_words(cand_i, cand_s, new_tokens, old_tokens, k: int,
                       weight: float = LEXICAL_WEIGHT) -> tuple[np.ndarray, np.ndarray]:
    """The best ``k`` candidates by joint cosine (see ``place_answers``), best first."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=lambda doc: doc, min_df=2, sublinear_tf=True)
    try:
        old_words = vectorizer.fit_transform(old_tokens)
    except ValueError:  # no word occurs twice among the earlier answers
        return cand_i[:, :k], cand_s[:, :k]
    new_words = vectorizer.transform(new_tokens)
    rows = np.repeat(np.arange(len(cand_i)), cand_i.shape[1])
    lexical = np.asarray(new_words[rows].multiply(old_words[cand_i.ravel()]).sum(axis=1)).reshape(cand_i.shape)
    joint = ((cand_s + weight**2 * lexical) / (1 + weight**2)).astype(np.float32)
    order = np.argsort(-joint, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(cand_i, order, axis=1), np.take_along_axis(joint, order, axis=1)


def _similarity_floor(old_units: np.ndarray, sample: np.ndarray | None, k: int,
                      quantile: float = SIMILARITY_QUANTILE, limit: int = 2000) -> float:
    """The ``quantile`` of earlier answers' mean cosine to their k nearest other answers."""
    n = len(old_units)
    if n < 2:
        return -1.0
    rows = np.asarray(sample, dtype=np.int64)[:limit] if sample is not None and len(sample) else \
        np.sort(np.random.default_rng(0).choice(n, size=min(n, limit), replace=False))
    idx, sims = _nearest(old_units[rows], old_units, min(k, n - 1) + 1)
    own = idx == rows[:, None]
    # Drop each row's match with itself (or, for exact duplicates, its last neighbour).
    own[~own.any(axis=1), -1] = True
    means = sims[~own].reshape(len(rows), -1).mean(axis=1)
    return float(np.quantile(means, quantile))
