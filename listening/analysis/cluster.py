"""Two-level clustering: themes (about 4-10) with topics (about 10-40) nested inside.

Design (measured in bench/cluster_quality.py):
- The clustering space is not the 2-D map. Sentence embeddings alone under-use the
  words people share ("バス", "空き家"), so each answer's vector is joined with a
  small LSA vector of its content-word tokens (semantic + lexical).
- That joint vector is smoothed over the answer's nearest neighbours (a few steps of
  averaging on the kNN similarity graph). This is the part of UMAP that helps
  clustering (neighbourhood structure) without its cost: numpy only, ~3 s for 10k.
- Themes are k-means on the smoothed space; topics are k-means inside each theme,
  so topics always nest in themes. Every answer gets a cluster (no outlier bucket);
  answers that sit nearly as close to another topic are flagged low-confidence.
- Numbers of clusters come from the data (silhouette over the allowed range) unless
  the user fixes them.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score

from listening import config
from listening.types import ClusteringSettings, ClusterResult

# The defaults are settings (AnalysisSettings.clustering), part of every run's fingerprint.
_DEFAULTS = ClusteringSettings()
THEME_RANGE = _DEFAULTS.theme_range
TOPIC_RANGE = _DEFAULTS.topic_range
LEXICAL_WEIGHT = _DEFAULTS.lexical_weight
N_NEIGHBORS = _DEFAULTS.n_neighbors
SMOOTH_STEPS = _DEFAULTS.smooth_steps
# Low confidence: another topic's centre is within 5 % of the distance to its own.
LOW_CONFIDENCE_MARGIN = _DEFAULTS.low_confidence_margin
CLUSTER_VERSION = "1"


def _unit_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def lexical_features(
    tokens: Sequence[Sequence[str]], n_components: int = 100, random_state: int = 0
) -> np.ndarray:
    """Unit-length LSA vectors of the answers' content words (zeros where an answer has none)."""
    n = len(tokens)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    vectorizer = TfidfVectorizer(analyzer=lambda doc: doc, min_df=2, sublinear_tf=True)
    try:
        tfidf = vectorizer.fit_transform(tokens)
    except ValueError:  # no word occurs twice: nothing lexical to add
        return np.zeros((n, 1), dtype=np.float32)
    k = min(n_components, tfidf.shape[1] - 1, n - 1)
    if k < 2:
        return np.zeros((n, 1), dtype=np.float32)
    lsa = TruncatedSVD(k, random_state=random_state).fit_transform(tfidf)
    return _unit_rows(lsa)


def joint_space(embeddings: np.ndarray, lexical: np.ndarray | None, weight: float = LEXICAL_WEIGHT) -> np.ndarray:
    """Concatenate the sentence embedding with the weighted lexical vector, unit length."""
    if lexical is None or lexical.size == 0 or weight == 0:
        return _unit_rows(embeddings)
    return _unit_rows(np.hstack([embeddings, weight * lexical]))


EXACT_NEIGHBOURS = 20_000  # above this many rows the neighbour search is approximate
# Part of a cache key only above EXACT_NEIGHBOURS, where the approximate search runs.
APPROXIMATE_VERSION = "nndescent-1"


def knn_graph(
    x: np.ndarray, n_neighbors: int = N_NEIGHBORS, chunk: int | None = None, random_state: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Cosine nearest neighbours of unit rows (self excluded): (indices, similarities), best first.

    Exact brute force up to EXACT_NEIGHBOURS rows (blocks of rows keep memory near
    200 MB). Above that an all-pairs scan is 10^10 similarities for 100k rows (over
    half an hour here), so nearest-neighbour descent (pynndescent) finds them: seeded and
    on one thread, so the same rows give the same graph. bench/neighbours.py, 100k
    answers: recall@15 0.963 in 28 s, where the k-means cells used before found 0.562 in
    35 s; numba compiles pynndescent once per process (~90 s of CPU, not cacheable).
    """
    n = len(x)
    k = min(n_neighbors, n - 1)
    if k < 1:
        return np.zeros((n, 0), dtype=np.int64), np.zeros((n, 0), dtype=np.float32)
    x = np.ascontiguousarray(x, dtype=np.float32)
    if n > EXACT_NEIGHBOURS:
        return knn_descent(x, k, random_state)
    chunk = chunk or max(256, min(4096, 50_000_000 // n))
    indices = np.empty((n, k), dtype=np.int64)
    sims = np.empty((n, k), dtype=np.float32)
    for start in range(0, n, chunk):
        block = x[start : start + chunk] @ x.T
        rows = np.arange(block.shape[0])
        block[rows, start + rows] = -np.inf
        indices[start : start + chunk], sims[start : start + chunk] = top_k(block, k, None)
    return indices, sims


def top_k(block: np.ndarray, k: int, columns: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Best k columns of each row of a similarity block, best first (ties by position)."""
    part = np.argpartition(-block, k - 1, axis=1)[:, :k]
    part_sims = np.take_along_axis(block, part, axis=1)
    order = np.argsort(-part_sims, axis=1, kind="stable")
    part = np.take_along_axis(part, order, axis=1)
    return (part if columns is None else columns[part]), np.take_along_axis(part_sims, order, axis=1)


def knn_descent(x: np.ndarray, k: int, random_state: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Approximate cosine kNN of unit rows by nearest-neighbour descent (pynndescent, the
    search UMAP itself uses), self excluded, best first. One numba thread: the worker
    process owns the other core, and a single thread makes the graph reproducible."""
    config.use_numba_cache()  # the parts numba can cache are read from disk by later processes
    import numba
    from pynndescent import NNDescent

    n = len(x)
    threads = numba.get_num_threads()
    try:
        graph = NNDescent(x, metric="cosine", n_neighbors=k + 1, random_state=random_state, n_jobs=1,
                          low_memory=True, compressed=True).neighbor_graph
    finally:
        numba.set_num_threads(threads)
    idx, dist = graph
    idx = np.where(idx < 0, np.arange(n)[:, None], idx)  # a slot descent could not fill: the row itself
    own = idx == np.arange(n)[:, None]
    # Each row drops itself; a row whose exact duplicates crowded it out drops its last neighbour.
    own[~own.any(axis=1), -1] = True
    first = np.argmax(own, axis=1)
    keep = np.ones_like(own)
    keep[np.arange(n), first] = False
    indices = idx[keep].reshape(n, k).astype(np.int64)
    sims = (1.0 - dist[keep].reshape(n, k)).astype(np.float32)
    sims[indices == np.arange(n)[:, None]] = 0.0  # filled slots count as no similarity
    return indices, sims


def smooth_over_graph(x: np.ndarray, indices: np.ndarray, sims: np.ndarray, steps: int = SMOOTH_STEPS) -> np.ndarray:
    """Average each row with its neighbours ``steps`` times (symmetric kNN graph)."""
    n, k = indices.shape
    if k == 0 or steps == 0:
        return _unit_rows(x)
    weights = sp.csr_matrix(
        (np.maximum(sims.ravel(), 0.0), (np.repeat(np.arange(n), k), indices.ravel())), shape=(n, n)
    )
    weights = weights + weights.T
    degree = np.asarray(weights.sum(axis=1)).ravel()
    transition = sp.diags(1.0 / np.maximum(degree, 1e-12)) @ weights
    z = np.asarray(x, dtype=np.float32)
    for _ in range(steps):
        z = transition @ z
    return _unit_rows(z)


SPACE_DIMS = 32


def neighbourhoods(
    embeddings: np.ndarray,
    tokens: Sequence[Sequence[str]] | None,
    random_state: int = 0,
    lexical_weight: float = LEXICAL_WEIGHT,
    n_neighbors: int = N_NEIGHBORS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(joint vectors, knn indices, knn similarities): what both the map and the clusters need."""
    lexical = lexical_features(tokens, random_state=random_state) if tokens is not None else None
    joint = joint_space(embeddings, lexical, lexical_weight)
    indices, sims = knn_graph(joint, n_neighbors, random_state=random_state)
    return joint, indices, sims


def smoothed_space(
    joint: np.ndarray, indices: np.ndarray, sims: np.ndarray, random_state: int = 0, steps: int = SMOOTH_STEPS
) -> np.ndarray:
    """The clustering space: a 32-d PCA of the graph-smoothed joint vectors. k-means there
    takes ~0.1 s for 10k answers, which keeps re-clustering with another k interactive."""
    smoothed = smooth_over_graph(joint, indices, sims, steps)
    dims = min(SPACE_DIMS, smoothed.shape[1], max(1, len(smoothed) - 1))
    if len(smoothed) > dims + 1:
        space = PCA(dims, random_state=random_state).fit_transform(smoothed).astype(np.float32)
    else:
        space = smoothed
    # PCA returns Fortran order, the store gives back C order, and BLAS rounds the two
    # differently: one layout keeps confidences identical whether fresh or cached.
    return np.ascontiguousarray(space)


def clustering_space(
    embeddings: np.ndarray,
    tokens: Sequence[Sequence[str]] | None,
    random_state: int = 0,
    lexical_weight: float = LEXICAL_WEIGHT,
    n_neighbors: int = N_NEIGHBORS,
    steps: int = SMOOTH_STEPS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(space, joint, knn_indices, knn_similarities): ``neighbourhoods`` then ``smoothed_space``."""
    joint, indices, sims = neighbourhoods(embeddings, tokens, random_state, lexical_weight, n_neighbors)
    return smoothed_space(joint, indices, sims, random_state, steps), joint, indices, sims


def _kmeans(x: np.ndarray, k: int, random_state: int) -> np.ndarray:
    if k <= 1 or len(x) <= 1:
        return np.zeros(len(x), dtype=np.int64)
    k = min(k, len(x))
    return KMeans(n_clusters=k, n_init=4, random_state=random_state).fit(x).labels_.astype(np.int64)


def _choose_themes(
    space: np.ndarray, check: tuple[np.ndarray, np.ndarray], candidates: Sequence[int], random_state: int
) -> tuple[int, dict]:
    """Theme count with the best cosine silhouette, measured on ``check`` = (row indices,
    their unsmoothed joint vectors): smoothing inflates silhouette as k grows."""
    idx, vectors = check
    scores: dict[int, float] = {}
    for k in candidates:
        labels = _kmeans(space, k, random_state)[idx]
        if 1 < len(set(labels.tolist())) < len(idx):
            scores[k] = round(float(silhouette_score(vectors, labels, metric="cosine")), 4)
    if not scores:
        return (candidates[0] if candidates else 1), scores
    return max(scores, key=lambda k: (round(scores[k], 3), k)), scores


def default_topic_count(n: int, n_themes: int, topic_range: tuple[int, int] = TOPIC_RANGE) -> int:
    """More answers, finer topics: sqrt(n / 8) within ``topic_range`` (10-40), at least one
    per theme, and never so many that topics average fewer than 15 answers."""
    k = int(round(np.sqrt(n / 8)))
    k = min(max(k, topic_range[0]), topic_range[1], max(1, n // 15))
    return max(k, n_themes)


def _split_topics(total: int, sizes: np.ndarray) -> np.ndarray:
    """Share ``total`` topics among themes by sqrt of size (big themes get more, each at least 1)."""
    cap = np.maximum(1, sizes // 3)
    weights = np.sqrt(sizes.astype(float))
    raw = weights / max(weights.sum(), 1e-12) * total
    alloc = np.minimum(np.maximum(1, np.floor(raw)).astype(int), cap)
    # Raising small themes to one topic each can overshoot: take back from the most over-served.
    while alloc.sum() > total and np.any(alloc > 1):
        alloc[int(np.argmax(np.where(alloc > 1, alloc - raw, -np.inf)))] -= 1
    while alloc.sum() < total:
        gap = np.where(alloc < cap, raw - alloc, -np.inf)
        if not np.isfinite(gap).any():
            break
        alloc[int(np.argmax(gap))] += 1
    return alloc


def cluster_answers(
    space: np.ndarray,
    check: tuple[np.ndarray, np.ndarray] | None = None,
    n_themes: int | None = None,
    n_topics: int | None = None,
    random_state: int = 0,
    *,
    theme_range: tuple[int, int] = THEME_RANGE,
    topic_range: tuple[int, int] = TOPIC_RANGE,
    low_confidence_margin: float = LOW_CONFIDENCE_MARGIN,
) -> ClusterResult:
    """Themes and nested topics for every row of ``space`` (see ``clustering_space``).

    ``check`` = (row indices, vectors) on which the theme count is judged; by default
    a seeded sample of ``space`` itself. Fixed ``n_themes``/``n_topics`` override the
    automatic choice, which stays within ``theme_range``/``topic_range``. An answer is low-confidence
    when another topic's centre is within ``low_confidence_margin`` of its own distance.
    """
    n = len(space)
    chosen: dict = {}
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return ClusterResult(empty, empty, empty, np.zeros(0, np.float32), np.zeros(0, bool), 0, 0, chosen)
    if n_themes is None:
        # Each theme should be able to hold at least two topics, and ~20 answers.
        cap = max(1, min(n // 20, default_topic_count(n, 1, topic_range) // 2))
        candidates = list(range(min(theme_range[0], cap), min(theme_range[1], cap) + 1))
        if check is None:
            rng = np.random.default_rng(random_state)
            idx = np.sort(rng.choice(n, size=min(2000, n), replace=False))
            check = (idx, space[idx])
        n_themes, chosen["theme_silhouette"] = _choose_themes(space, check, candidates, random_state)
        chosen["themes_chosen_by"] = "silhouette"
    n_themes = max(1, min(int(n_themes), n))
    theme = _relabel_by_size(_kmeans(space, n_themes, random_state))
    n_themes = int(theme.max()) + 1
    sizes = np.bincount(theme, minlength=n_themes)
    if n_topics is None:
        n_topics = default_topic_count(n, n_themes, topic_range)
        chosen["topics_chosen_by"] = "size"
    per_theme = _split_topics(max(int(n_topics), n_themes), sizes)
    topic = np.zeros(n, dtype=np.int64)
    parent: list[int] = []
    for t in range(n_themes):
        members = np.flatnonzero(theme == t)
        local = _relabel_by_size(_kmeans(space[members], int(per_theme[t]), random_state))
        topic[members] = len(parent) + local
        parent.extend([t] * (int(local.max()) + 1))
    confidence = _margin(space, topic, len(parent))
    chosen.update(n_themes=int(n_themes), n_topics=len(parent))
    return ClusterResult(
        topic=topic,
        theme=theme,
        topic_parent=np.asarray(parent, dtype=np.int64),
        confidence=confidence,
        low_confidence=confidence < low_confidence_margin,
        n_topics=len(parent),
        n_themes=int(n_themes),
        chosen=chosen,
    )


def _relabel_by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber clusters so 0 is the largest (ties by first appearance): stable, readable ids."""
    counts = np.bincount(labels)
    first = np.full(len(counts), len(labels))
    np.minimum.at(first, labels, np.arange(len(labels)))
    order = sorted(range(len(counts)), key=lambda c: (-counts[c], first[c]))
    order = [c for c in order if counts[c] > 0]
    mapping = np.zeros(len(counts), dtype=np.int64)
    mapping[order] = np.arange(len(order))
    return mapping[labels]


def _margin(space: np.ndarray, topic: np.ndarray, k: int) -> np.ndarray:
    """How much closer an answer is to its own topic centre than to the next one:
    (d_other - d_own) / d_other, 0 = on the border, 1 = at its own centre."""
    if k < 2:
        return np.ones(len(space), dtype=np.float32)
    centres = np.vstack([space[topic == t].mean(axis=0) for t in range(k)])
    d = centre_distances(space, centres)
    own = d[np.arange(len(space)), topic]
    d[np.arange(len(space)), topic] = np.inf
    other = d.min(axis=1)
    return ((other - own) / np.maximum(other, 1e-12)).astype(np.float32)


def centre_distances(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Euclidean distances to each centre, in chunks so 100k x 40 stays small."""
    # float64: the expanded form |b|^2 - 2 b.c + |c|^2 cancels badly in float32.
    centres = np.asarray(centres, dtype=np.float64)
    out = np.empty((len(x), len(centres)), dtype=np.float64)
    c2 = (centres**2).sum(axis=1)
    for s in range(0, len(x), 50_000):
        b = np.asarray(x[s : s + 50_000], dtype=np.float64)
        out[s : s + 50_000] = np.sqrt(np.maximum((b**2).sum(axis=1)[:, None] - 2 * b @ centres.T + c2[None, :], 0))
    return out


def topic_centres(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Unit mean vector of each label 0..max."""
    k = int(labels.max()) + 1 if len(labels) else 0
    return _unit_rows(np.vstack([vectors[labels == c].mean(axis=0) for c in range(k)])) if k else np.zeros((0, vectors.shape[1]))


def representatives(
    vectors: np.ndarray, labels: np.ndarray, n: int = 5, diversity: float = 0.5
) -> dict[int, list[int]]:
    """Row indices of up to ``n`` answers per cluster: the most central first, then
    central-but-different ones (maximal marginal relevance), so the examples do not
    all say the same thing."""
    out: dict[int, list[int]] = {}
    units = _unit_rows(vectors)
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        centre = units[members].mean(axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-12)
        relevance = units[members] @ centre
        # Only the most central quarter competes, so "diverse" never means "off-topic".
        pool = members[np.argsort(-relevance, kind="stable")[: max(n * 4, len(members) // 4)]]
        pool_rel = units[pool] @ centre
        picked = [int(np.argmax(pool_rel))]
        while len(picked) < min(n, len(pool)):
            redundancy = (units[pool] @ units[pool[picked]].T).max(axis=1)
            score = (1 - diversity) * pool_rel - diversity * redundancy
            score[picked] = -np.inf
            picked.append(int(np.argmax(score)))
        out[int(c)] = [int(pool[i]) for i in picked]
    return out
