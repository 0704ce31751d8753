"""The neighbour search above 20,000 answers: recall against exact search, and time.

The clustering space and the map are built on each answer's nearest neighbours among the
joint (sentence + word) vectors (listening.analysis.cluster.knn_graph). Up to 20,000
answers the search is exact; above, it is approximate. This compares, on ``--n`` answers
built as bench/speed.py builds them (two real sentences each) and embedded with the
bundled model (vectors and tokens cached in LISTENING_BENCH_CACHE, so only the first run
pays for them):

- exact: every similarity, on a seeded sample of ``--queries`` rows (the truth for recall;
  its time is scaled to all rows, the cost of an exact graph);
- cells: the earlier approximation (64-d PCA, ~sqrt(n) k-means cells, each row compared
  with the rows of the 16 cells nearest its own);
- nndescent: pynndescent's nearest-neighbour descent, what knn_graph uses now (seeded, one
  thread), run twice to check it gives the same graph.

Recall@k is the share of each sampled row's exact k nearest neighbours that a method
finds. Both approximations run in one process after a warm-up on a small set, so numba's
one-off compilation (paid once per process, cached on disk) is reported apart.

    python bench/neighbours.py --n 100000
"""
from __future__ import annotations

import argparse
import os
import time

import numpy as np
from common import CACHE, format_table, thread_settings
from speed import load_average, sentence_pool, synthetic_answers

K = 15


def joint_vectors(n: int, seed: int) -> np.ndarray:
    """The vectors knn_graph receives in an analysis of ``n`` synthetic answers."""
    from listening.analysis.cluster import joint_space, lexical_features
    from listening.embed import get_embedder
    from listening.store import Store, text_hash
    from listening.text import tokenize_texts

    pool, _ = sentence_pool()
    texts = synthetic_answers(n, pool, seed)
    CACHE.mkdir(parents=True, exist_ok=True)
    with Store(CACHE / "neighbours.db") as store:
        from listening.embed import embed_with_cache

        start = time.perf_counter()
        vectors, embedded = embed_with_cache(store, get_embedder("use-multilingual-v3"), texts,
                                             [text_hash(t) for t in texts])
        print(f"vectors: {len(texts):,} answers, {embedded:,} embedded now, {time.perf_counter() - start:.0f} s")
        key = f"bench-tokens:{n}:{seed}"
        tokens = store.get_json(key)
        if tokens is None:
            tokens = tokenize_texts(texts, ["ja"] * len(texts))
            store.put_json(key, tokens)
    return joint_space(vectors, lexical_features(tokens, random_state=0))


def exact_sample(x: np.ndarray, rows: np.ndarray, k: int) -> tuple[np.ndarray, float]:
    """Exact k nearest (self excluded) of ``rows``, and the seconds it took."""
    from listening.analysis.cluster import top_k

    start = time.perf_counter()
    found = []
    for s in range(0, len(rows), 256):
        block = x[rows[s : s + 256]] @ x.T
        block[np.arange(len(block)), rows[s : s + 256]] = -np.inf
        found.append(top_k(block, k, None)[0])
    return np.vstack(found), time.perf_counter() - start


def cells(x: np.ndarray, k: int, probes: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """The approximation knn_graph used above 20,000 rows before pynndescent (kept here to compare)."""
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import PCA

    from listening.analysis.cluster import top_k

    unit = lambda a: a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)  # noqa: E731
    x = np.ascontiguousarray(unit(PCA(64, random_state=0).fit_transform(x)), dtype=np.float32)
    n = len(x)
    n_cells = int(np.sqrt(n))
    fitted = MiniBatchKMeans(n_cells, random_state=0, batch_size=4096, n_init=1).fit(x)
    centres = unit(fitted.cluster_centers_)
    near = np.argsort(-(centres @ centres.T), axis=1, kind="stable")[:, :probes]
    members = [np.flatnonzero(fitted.labels_ == c) for c in range(n_cells)]
    indices = np.zeros((n, k), dtype=np.int64)
    sims = np.zeros((n, k), dtype=np.float32)
    for c in range(n_cells):
        rows = members[c]
        if len(rows) == 0:
            continue
        candidates = np.concatenate([members[d] for d in near[c]])
        block = x[rows] @ x[candidates].T
        block[candidates[None, :] == rows[:, None]] = -np.inf
        kk = min(k, len(candidates) - 1)
        indices[rows, :kk], sims[rows, :kk] = top_k(block, kk, candidates)
    return indices, sims


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth)]))


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="answers (default 100000)")
    parser.add_argument("--queries", type=int, default=2_000, help="rows whose exact neighbours are the truth")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic answers (default 0)")
    args = parser.parse_args(argv)

    from listening.analysis.cluster import knn_descent

    print(f"machine: {os.cpu_count()} CPUs, load average {load_average()}; {thread_settings()}")
    x = np.ascontiguousarray(joint_vectors(args.n, args.seed), dtype=np.float32)
    rows = np.sort(np.random.default_rng(args.seed).choice(len(x), size=min(args.queries, len(x)), replace=False))
    truth, exact_s = exact_sample(x, rows, K)
    _, warm_s = timed(knn_descent, x[:2_000], K)
    print(f"joint vectors: {x.shape[0]:,} x {x.shape[1]}; load average {load_average()}; "
          f"pynndescent warm-up on 2,000 rows (numba compilation, cached on disk): {warm_s:.1f} s")
    (cell_i, _), cell_s = timed(cells, x, K)
    print(f"load average after cells: {load_average()}")
    (nnd_i, nnd_s_), nnd_s = timed(knn_descent, x, K)
    print(f"load average after nndescent: {load_average()}")
    (again_i, again_s_), _ = timed(knn_descent, x, K)
    same = np.array_equal(nnd_i, again_i) and np.array_equal(nnd_s_, again_s_)
    scaled = exact_s * len(x) / len(rows)
    print(format_table(["method", f"recall@{K}", "seconds", "note"], [
        ["exact (brute force)", "1.000", f"{scaled:.1f}",
         f"measured on {len(rows):,} rows ({exact_s:.1f} s), scaled to {len(x):,}"],
        ["cells (before)", f"{recall(cell_i[rows], truth):.3f}", f"{cell_s:.1f}", "64-d PCA, 16 of ~sqrt(n) cells"],
        ["nndescent (now)", f"{recall(nnd_i[rows], truth):.3f}", f"{nnd_s:.1f}",
         f"pynndescent, seeded, one thread; same graph again: {'yes' if same else 'NO'}"],
    ]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
