"""2-D coordinates for the opinion map.

The map is for looking, the clustering space (cluster.py) is for grouping: the map
is UMAP on the same joint vectors, reusing their exact kNN graph so UMAP skips its
own neighbour search. Seeded, so the same data give the same map.
"""
from __future__ import annotations

import warnings
from concurrent.futures import Future

import numpy as np
from threadpoolctl import threadpool_limits

from listening import config
from listening.embed import worker

from .runner import submit_or_run

MAP_VERSION = "3"


def map_coordinates(
    joint: np.ndarray,
    knn_indices: np.ndarray,
    knn_similarities: np.ndarray,
    random_state: int = 0,
    n_epochs: int | None = None,
) -> np.ndarray:
    """(n, 2) float32 map coordinates scaled to [-1, 1]."""
    n = len(joint)
    if n < 4 or knn_indices.shape[1] < 2:
        return _tiny_layout(joint)
    config.use_numba_cache()
    import umap  # lazy: importing umap costs 2-3 s and compiles on first use

    # UMAP wants each point's own index first with distance 0.
    indices = np.hstack([np.arange(n)[:, None], knn_indices]).astype(np.int64)
    dists = np.hstack([np.zeros((n, 1), np.float32), 1.0 - knn_similarities]).astype(np.float32)
    dists = np.clip(dists, 0.0, 2.0)
    epochs = n_epochs or 200  # UMAP's own choice above 10k; the map looks the same, 1/3 faster below
    reducer = umap.UMAP(
        n_components=2,
        n_neighbors=indices.shape[1],
        metric="cosine",
        min_dist=0.05,
        random_state=random_state,
        n_epochs=epochs,
        precomputed_knn=(indices, dists, None),
        init="spectral" if n <= 50_000 else "pca",
        low_memory=True,
    )
    # One BLAS thread: this runs beside the analysis on a 2-core machine.
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore")
        coords = reducer.fit_transform(joint)
    return _scale(coords)


def _tiny_layout(x: np.ndarray) -> np.ndarray:
    """For a handful of answers UMAP is meaningless; a PCA projection is honest."""
    if len(x) == 0:
        return np.zeros((0, 2), dtype=np.float32)
    centred = x - x.mean(axis=0)
    if len(x) == 1 or not np.any(centred):
        return np.zeros((len(x), 2), dtype=np.float32)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    coords = centred @ vt[:2].T
    if coords.shape[1] < 2:
        coords = np.hstack([coords, np.zeros((len(x), 1))])
    return _scale(coords)


def _scale(coords: np.ndarray) -> np.ndarray:
    coords = np.asarray(coords, dtype=np.float32)
    coords = coords - coords.mean(axis=0)
    span = float(np.abs(coords).max()) or 1.0
    return coords / span


def warm_up() -> None:
    """Compile UMAP's numba code on a tiny layout (~6 s once per process), so it can
    happen on the worker's core while the main process builds the clustering space."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 8)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    sims = x @ x.T
    np.fill_diagonal(sims, -np.inf)
    idx = np.argsort(-sims, axis=1)[:, :5]
    map_coordinates(x, idx, np.take_along_axis(sims, idx, axis=1), n_epochs=5)


def layout_input(vectors: np.ndarray, dims: int = 32, random_state: int = 0) -> np.ndarray:
    """What UMAP gets as its data beside the precomputed kNN graph.

    With the graph given, UMAP reads the data only to place disconnected parts of the
    graph and, above 50k answers, for its PCA start. A seeded random projection to 32
    dimensions keeps that geometry (Johnson-Lindenstrauss) at 1/16 of the memory, which
    matters when 100k vectors are sent to the worker process.
    """
    if vectors.shape[1] <= dims:
        return np.ascontiguousarray(vectors, dtype=np.float32)
    rng = np.random.default_rng(random_state)
    basis, _ = np.linalg.qr(rng.normal(size=(vectors.shape[1], dims)))
    return (vectors @ basis.astype(np.float32)).astype(np.float32)


def start_warm_up() -> Future | None:
    """Begin compiling UMAP in the worker process (returns at once)."""
    return worker.submit(warm_up)


def map_coordinates_async(
    joint: np.ndarray, knn_indices: np.ndarray, knn_similarities: np.ndarray, random_state: int = 0
) -> Future:
    """``map_coordinates`` in the worker process, or here when there is no worker."""
    return submit_or_run(map_coordinates, joint, knn_indices, knn_similarities, random_state)
