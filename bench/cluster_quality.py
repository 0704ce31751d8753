"""Clustering quality against known groups: the default pipeline vs two UMAP baselines.

All methods cluster the same USE embeddings:
- default: what ``listening.analysis.pipeline.analyze`` does (tokens -> clustering_space ->
  cluster_answers, theme count chosen by silhouette); scored at the theme level
  (comparable to the true groups) and at the topic level, plus themes fixed to the
  true group count for reference;
- UMAP(5-D, cosine) + HDBSCAN(min_cluster_size=10), noise kept as one more cluster;
- UMAP(2-D, cosine) + KMeans(k = clip(round(cbrt(n)), 2, 10)).

Datasets: KLUE-YNAT dev (Korean headlines, 7 topics) and the Fukui visitor survey
(Japanese, every answer's question is its group). V-measure and ARI, mean ± sd over
seeds. USE embeddings are cached in /tmp between runs.

    python bench/cluster_quality.py [--dataset ynat|fukui ...] [--seeds 0 1 2]
"""
from __future__ import annotations

import argparse
import hashlib
import os
import time
import warnings
from dataclasses import dataclass, field

import numpy as np
from common import CACHE, DATA, format_table, fukui_answers, require, thread_settings

TARGET_GAIN = 0.05  # default theme V-measure minus the best baseline, on KLUE-YNAT


@dataclass(frozen=True)
class Dataset:
    key: str
    name: str
    texts: list[str]
    languages: list[str]
    truth: np.ndarray  # group id per answer
    note: str


@dataclass
class Scores:
    """Per-seed figures of one method on one dataset."""

    v: list[float] = field(default_factory=list)
    ari: list[float] = field(default_factory=list)
    clusters: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    noise: list[float] = field(default_factory=list)


def load_ynat() -> Dataset:
    """KLUE-YNAT dev titles, read and normalised the way the app reads a survey column."""
    from listening.ingest import read_path, select_answers

    answers = select_answers(read_path(require(DATA / "klue_ynat_dev.csv")), ["title"], attr_columns=["label"])
    kept = answers.kept
    _, truth = np.unique(kept["label"].astype(str).to_numpy(), return_inverse=True)
    note = f"{answers.n_in} rows, {len(kept)} kept ({answers.drop_counts() or 'none dropped'}), " \
           f"{truth.max() + 1} topics"
    return Dataset("ynat", "KLUE-YNAT dev", kept["text"].tolist(), kept["language"].tolist(), truth, note)


def load_fukui() -> Dataset:
    """All months of the Fukui survey, the 7 free-text questions; the truth is each answer's question."""
    kept, n_in, files = fukui_answers()
    _, truth = np.unique(kept["question"].astype(str).to_numpy(), return_inverse=True)
    note = f"{', '.join(files)}: {n_in} cells, {len(kept)} answers kept, {truth.max() + 1} questions"
    return Dataset("fukui", "Fukui survey", kept["text"].tolist(), kept["language"].tolist(), truth, note)


def use_vectors(data: Dataset, threads: int) -> tuple[np.ndarray, float | None]:
    """USE vectors of every answer, from the /tmp cache when the same texts were embedded before.

    Returns (vectors, seconds spent embedding or None when read from the cache).
    """
    from listening.embed import DEFAULT_MODEL, get_embedder

    unique = list(dict.fromkeys(data.texts))
    digest = hashlib.sha256("\x00".join([DEFAULT_MODEL, *unique]).encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"{data.key}-{digest}.npy"
    seconds = None
    if path.exists():
        vectors = np.load(path)
    else:
        start = time.perf_counter()
        vectors = get_embedder(DEFAULT_MODEL, threads=threads).embed(unique)
        seconds = time.perf_counter() - start
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    where = {t: i for i, t in enumerate(unique)}
    return vectors[[where[t] for t in data.texts]], seconds


def score(scores: Scores, truth: np.ndarray, labels: np.ndarray, seconds: float) -> None:
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    scores.v.append(float(v_measure_score(truth, labels)))
    scores.ari.append(float(adjusted_rand_score(truth, labels)))
    scores.clusters.append(int(len(np.unique(labels[labels >= 0]))))
    scores.seconds.append(seconds)


def run_default(vectors, tokens, truth, seed: int, results: dict) -> None:
    """Exactly the clustering calls of ``analyze``, with its one BLAS/OpenMP thread
    (k-means sums in a thread-dependent order, so the thread count is part of the result)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        _run_default(vectors, tokens, truth, seed, results)


def _run_default(vectors, tokens, truth, seed: int, results: dict) -> None:
    from listening.analysis import cluster_answers, clustering_space

    n = len(vectors)
    start = time.perf_counter()
    points, joint, _, _ = clustering_space(vectors, tokens, seed)
    space_s = time.perf_counter() - start
    sample = np.sort(np.random.default_rng(seed).choice(n, size=min(2000, n), replace=False))
    start = time.perf_counter()
    result = cluster_answers(points, (sample, joint[sample]), None, None, seed)
    cluster_s = time.perf_counter() - start
    score(results["default: theme"], truth, result.theme, space_s + cluster_s)
    score(results["default: topic"], truth, result.topic, space_s + cluster_s)
    k_true = int(truth.max()) + 1
    start = time.perf_counter()
    fixed = cluster_answers(points, (sample, joint[sample]), k_true, None, seed)
    # The space is shared with the automatic run; this row times only the clustering.
    score(results[f"default: {k_true} themes fixed"], truth, fixed.theme, time.perf_counter() - start)


def run_baselines(vectors, truth, seed: int, results: dict) -> None:
    import umap
    from sklearn.cluster import HDBSCAN, KMeans

    n = len(vectors)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "n_jobs overridden by random_state" and friends
        start = time.perf_counter()
        reduced = umap.UMAP(n_components=5, metric="cosine", random_state=seed).fit_transform(vectors)
        labels = HDBSCAN(min_cluster_size=10).fit_predict(reduced)
        seconds = time.perf_counter() - start
        # Noise (-1) stays one more label: V-measure and ARI then count it as a cluster.
        entry = results["UMAP5 + HDBSCAN"]
        score(entry, truth, labels, seconds)
        entry.noise.append(float(np.mean(labels == -1)))

        start = time.perf_counter()
        reduced = umap.UMAP(n_components=2, metric="cosine", random_state=seed).fit_transform(vectors)
        k = int(np.clip(round(np.cbrt(n)), 2, 10))
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(reduced)
        score(results["UMAP2 + KMeans"], truth, labels, time.perf_counter() - start)


def warm_up_umap() -> float:
    """Compile UMAP's numba code once, so the first seed's timing is not inflated by it."""
    import umap

    start = time.perf_counter()
    x = np.random.default_rng(0).normal(size=(300, 16)).astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for dims in (2, 5):
            umap.UMAP(n_components=dims, metric="cosine", random_state=0, n_epochs=5).fit_transform(x)
    return time.perf_counter() - start


def mean_sd(values: list[float]) -> str:
    if not values:
        return "-"
    sd = float(np.std(values, ddof=1)) if len(values) > 1 else 0.0
    return f"{np.mean(values):.3f} ± {sd:.3f}"


def report(data: Dataset, results: dict, seeds: list[int]) -> None:
    rows = []
    for method, s in results.items():
        if not s.v:
            continue
        noise = f"{np.mean(s.noise):.1%}" if s.noise else "-"
        rows.append([method, mean_sd(s.v), mean_sd(s.ari), f"{np.mean(s.clusters):.1f}",
                     noise, f"{np.mean(s.seconds):.1f}"])
    print(f"\n{data.name}: {len(data.texts)} answers, seeds {seeds}")
    print(format_table(["method", "V-measure", "ARI", "clusters", "noise", "seconds/seed"], rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", action="append", choices=("ynat", "fukui"),
                        help="dataset to score (repeatable; default both)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--no-baselines", action="store_true", help="score only the default pipeline")
    parser.add_argument("--threads", type=int, default=1, help="USE threads when embedding (default 1)")
    args = parser.parse_args(argv)

    from listening.text import tokenize_texts

    loaders = {"ynat": load_ynat, "fukui": load_fukui}
    print(f"{os.cpu_count()} CPUs, load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}; "
          f"{thread_settings()} (timings depend on both; scores do not)")
    if not args.no_baselines:
        print(f"UMAP numba warm-up (not counted in timings): {warm_up_umap():.1f} s")
    gains = {}
    for key in args.dataset or ("ynat", "fukui"):
        data = loaders[key]()
        print(f"\n== {data.name}: {data.note}")
        vectors, embed_s = use_vectors(data, args.threads)
        print(f"USE embeddings: {vectors.shape}, "
              + (f"embedded in {embed_s:.1f} s" if embed_s is not None else f"read from cache in {CACHE}"))
        start = time.perf_counter()
        tokens = tokenize_texts(data.texts, data.languages)
        print(f"tokens: {time.perf_counter() - start:.1f} s (shared by all default runs, not in their timings)")
        k_true = int(data.truth.max()) + 1
        methods = ["default: theme", "default: topic", f"default: {k_true} themes fixed",
                   "UMAP5 + HDBSCAN", "UMAP2 + KMeans"]
        results = {m: Scores() for m in methods}
        for seed in args.seeds:
            run_default(vectors, tokens, data.truth, seed, results)
            if not args.no_baselines:
                run_baselines(vectors, data.truth, seed, results)
            line = ", ".join(f"{m} V={s.v[-1]:.3f}" for m, s in results.items() if s.v)
            print(f"  seed {seed}: {line}", flush=True)
        report(data, results, args.seeds)
        if not args.no_baselines:
            best = max(("UMAP5 + HDBSCAN", "UMAP2 + KMeans"), key=lambda m: np.mean(results[m].v))
            gains[data.name] = (np.mean(results["default: theme"].v) - np.mean(results[best].v), best)

    if gains:
        print("\nDefault theme V-measure minus the best baseline's (mean over seeds):")
        for name, (gain, best) in gains.items():
            target = f"   target ≥ {TARGET_GAIN:.2f}: {'met' if gain >= TARGET_GAIN else 'NOT met'}" \
                if name == "KLUE-YNAT dev" else ""
            print(f"  {name}: {gain:+.3f} (best baseline: {best}){target}")
    print("\nclusters: mean number found (HDBSCAN: without noise); noise: HDBSCAN's share of -1, "
          "scored as one extra cluster; seconds: default = clustering_space + cluster_answers, "
          "fixed = cluster_answers only, baselines = UMAP + clusterer (numba pre-compiled).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
