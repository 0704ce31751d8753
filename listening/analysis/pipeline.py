"""The analysis, end to end: file -> answers -> vectors -> clusters, labels and map.

``analyze`` reads as its list of steps (declared below with their versions, inputs and
settings); the Runner (runner.py) reports, times and places them. Each expensive result
is stored under a key = hash(inputs, settings, step versions), so a step reruns only
when something it depends on changed (re-clustering with another number of topics
reuses the vectors, the clustering space, the tokens and the map).
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from listening.embed import DEFAULT_MODEL, Embedder, embed_with_cache, get_embedder
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

from .cluster import (
    APPROXIMATE_VERSION,
    CLUSTER_VERSION,
    EXACT_NEIGHBOURS,
    cluster_answers,
    neighbourhoods,
    representatives,
    smoothed_space,
)
from .info import RUN_SCHEMA, Artefacts, ClusterCounts, RunInfo, Snapshot, content_hash, input_info, now, \
    read_snapshot, versions
from .label import class_tfidf, label_from_keywords
from .names import NAME_VERSION
from .naming import PendingPhrases, name_step, phrase_embedder, words_for_stored
from .reduce import MAP_VERSION, layout_input, map_coordinates, warm_up
from .runner import Progress, Runner, Step, step_key

# The analysis, step by step: name (as progress and run.json "timings" show it), version,
# what it reads, and the settings it depends on.
MASK = Step("mask", "1", ("stored answers",))
LOAD = Step("load", "1", ("stored answers", "batches"))
TOKENIZE = Step("tokenize", TOKENIZER_VERSION, ("load",), ("lang",))
PHRASES = Step("phrases", PHRASE_VERSION, ("load",), ("lang",))  # waits for tokenize: one tagger per process
EMBED = Step("embed", "model", ("load",), ("model",))
NEIGHBOURS = Step("neighbours", CLUSTER_VERSION, ("embed", "tokenize"),
                  ("random_state", "lexical_weight", "n_neighbors"))
SPACE = Step("space", CLUSTER_VERSION, ("neighbours",), ("random_state", "smooth_steps"))
MAP = Step("map", MAP_VERSION, ("embed", "neighbours"), ("random_state",))
CLUSTER = Step("cluster", CLUSTER_VERSION, ("space",),
               ("n_themes", "n_topics", "random_state", "theme_range", "topic_range", "low_confidence_margin"))
LABEL = Step("label", CLUSTER_VERSION, ("load", "tokenize", "embed", "cluster"), ("n_keywords", "n_representatives"))
NAME = Step("name", NAME_VERSION, ("load", "phrases", "embed", "cluster", "label"))
SAVE = Step("save", str(RUN_SCHEMA), ("load", "cluster", "label", "name", "map"))
STEPS = (MASK, LOAD, TOKENIZE, PHRASES, EMBED, NEIGHBOURS, SPACE, MAP, CLUSTER, LABEL, NAME, SAVE)


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
    info: RunInfo
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
    with threadpool_limits(limits=1), Runner(progress) as run:
        return _analyze(run, store, dataset_id, settings, embedder, progress)


def _analyze(run: Runner, store, dataset_id, settings: AnalysisSettings, embedder, progress) -> Analysis:
    run.run(MASK, mask_stored, store, dataset_id)  # answers stored before masking existed
    inputs = run.run(LOAD, read_snapshot, store, dataset_id)  # a batch landing later is not half seen
    answers = inputs.answers
    embedder = embedder or get_embedder(settings.model)
    keys = cache_keys(answers, embedder.model_id, settings)
    if (existing := store.find_run(dataset_id, keys.run)) is not None:
        return load_analysis(store, existing)
    if answers.empty:
        raise ValueError("this dataset has no answers to analyse: every row was empty or dropped")
    texts, seed, knobs = answers["text"].tolist(), settings.random_state, settings.clustering

    tokens, coords = store.get_json(keys.tokens), store.get_arrays(keys.map)
    shared_model = embedder.model_id == DEFAULT_MODEL  # the worker embeds a share of the texts
    run.prepare_worker(load_model=shared_model, import_umap=coords is None)  # while this process reads
    tokenizing = None if tokens is not None else run.in_thread(TOKENIZE, tokenize_texts, texts,
                                                                _languages(answers, settings))
    # Phrases are extracted in the background too, after the tokens (the taggers are not thread-safe).
    phrases = PendingPhrases(store, keys.phrases, texts, _languages(answers, settings),
                             after=tokenizing.future if tokenizing is not None else None)
    _share_cores(embedder, busy=tokenizing is not None or shared_model)
    vectors, n_embedded = run.run(EMBED, embed_with_cache, store, embedder, texts, answers["text_hash"].tolist(),
                                  progress)
    if coords is None:
        run.start(warm_up)  # the worker compiles UMAP while this process builds the clustering space
    if tokenizing is not None:
        # A part of a masked name or e-mail said elsewhere must not become a keyword.
        tokens = drop_fragments(tokenizing.result(), masked_fragments(store.list_findings(dataset_id)))
        store.put_json(keys.tokens, tokens)
    space, mapping = _space_and_map(run, store, keys, vectors, tokens, settings, need_map=coords is None)
    result = run.run(CLUSTER, cluster_answers, space["points"], (space["sample"], space["sample_joint"]),
                     settings.n_themes, settings.n_topics, seed, theme_range=knobs.theme_range,
                     topic_range=knobs.topic_range, low_confidence_margin=knobs.low_confidence_margin)
    clusters = run.run(LABEL, _describe_clusters, answers, tokens, vectors, result, settings)
    if mapping is not None:
        xy = mapping.result()
        store.put_arrays(keys.map, xy=xy)
    else:
        xy = coords["xy"]
    # After the map, so the worker process (which holds the model) is free to embed candidate phrases.
    clusters = run.run(NAME, name_step, clusters, answers, result, vectors, phrases, phrase_embedder(store, embedder))
    run.timings[PHRASES.name] = phrases.seconds  # spent on its own thread, beside the embedding

    assignments = pd.DataFrame({
        "pk": answers["pk"], "theme": result.theme, "topic": result.topic,
        "x": xy[:, 0], "y": xy[:, 1], "confidence": result.confidence,
        "low_confidence": result.low_confidence,
    })
    info = _run_info(inputs, settings, embedder, result, run.timings, n_embedded, keys)
    run_id = run.run(SAVE, store.save_run, dataset_id, keys.run, settings.as_record(), info.to_dict(),
                     assignments, clusters)
    info = dataclasses.replace(info, timings=dict(run.timings))
    return _assemble(run_id, dataset_id, answers, assignments, clusters, info, inputs.attributes)


@dataclass(frozen=True)
class CacheKeys:
    """Store keys of a run (its fingerprint) and of the artefacts it builds on."""

    run: str
    tokens: str
    space: str
    map: str
    phrases: str


def cache_keys(answers: pd.DataFrame, model_id: str, settings: AnalysisSettings) -> CacheKeys:
    """Each key hashes what its result is built from: the answers' texts and languages, the
    model, and the settings and versions of every step on the way. Clustering settings
    enter only where they differ from their defaults, so runs and artefacts stored before
    those were settings keep their keys (an existing store is not analysed again)."""
    data = content_hash(answers["text_hash"].tolist(), answers["language"].tolist(), model_id)
    prep = ("prep", data, settings.lang, settings.random_state, CLUSTER_VERSION, TOKENIZER_VERSION)
    # Above EXACT_NEIGHBOURS answers the neighbour search is approximate, with a version of its own.
    search = (APPROXIMATE_VERSION,) if len(answers) > EXACT_NEIGHBOURS else ()
    graph = step_key(settings, (TOKENIZE, NEIGHBOURS), *prep, *search)
    run = (data, settings.as_record(), CLUSTER_VERSION, MAP_VERSION, TOKENIZER_VERSION, RUN_SCHEMA)
    return CacheKeys(
        run=content_hash(*run, *search),
        tokens=f"tokens:{step_key(settings, (TOKENIZE,), *prep)}",
        space=f"space:{step_key(settings, (TOKENIZE, NEIGHBOURS, SPACE), *prep, *search)}",
        map=f"map:{content_hash(graph, MAP_VERSION)}",
        phrases=f"phrases:{step_key(settings, (PHRASES,), *prep)}:{PHRASE_VERSION}",
    )


def _languages(answers: pd.DataFrame, settings: AnalysisSettings) -> list[str]:
    return answers["language"].tolist() if settings.lang == "auto" else [settings.lang] * len(answers)


def _share_cores(embedder, busy: bool) -> None:
    """With the worker sharing the embedding (or tokenising beside it), one BLAS thread each."""
    if hasattr(embedder, "threads"):
        embedder.threads = 1 if busy else max(1, min(2, os.cpu_count() or 1))


def _space_and_map(run: Runner, store: Store, keys: CacheKeys, vectors, tokens, settings: AnalysisSettings,
                   need_map: bool):
    """The clustering space (from the store when kept) and, when the map is not stored yet, its
    layout started in the worker from the same neighbour graph, as soon as that exists."""
    seed, knobs = settings.random_state, settings.clustering

    def start_map(knn_i, knn_s):
        return run.in_worker(MAP, map_coordinates, layout_input(vectors), knn_i, knn_s, seed) if need_map else None

    space = store.get_arrays(keys.space)
    if space is not None:
        return space, start_map(space["knn_i"], space["knn_s"])
    joint, knn_i, knn_s = run.run(NEIGHBOURS, neighbourhoods, vectors, tokens, seed, knobs.lexical_weight,
                                  knobs.n_neighbors)
    mapping = start_map(knn_i, knn_s)  # the worker lays out the map while this process goes on
    points = run.run(SPACE, smoothed_space, joint, knn_i, knn_s, seed, knobs.smooth_steps)
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(len(points), size=min(2000, len(points)), replace=False))
    space = {"points": points, "sample": sample, "sample_joint": joint[sample], "knn_i": knn_i, "knn_s": knn_s}
    store.put_arrays(keys.space, **space)
    return space, mapping


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


def _run_info(inputs: Snapshot, settings, embedder, result, timings, n_embedded, keys: CacheKeys) -> RunInfo:
    account = input_info(inputs.batches, inputs.answers)
    counts = dataclasses.replace(account.answers, low_confidence=int(np.sum(result.low_confidence)))
    return RunInfo(
        dataset=inputs.dataset, input_hash=account.input_hash, inputs=account.inputs, answers=counts,
        model=embedder.model_id, settings=settings,
        clusters=ClusterCounts(n_themes=result.n_themes, n_topics=result.n_topics, chosen=result.chosen),
        embedded_now=int(n_embedded), versions=versions(),
        step_versions={"cluster": CLUSTER_VERSION, "map": MAP_VERSION, "tokenizer": TOKENIZER_VERSION},
        fingerprint=keys.run, timings=dict(timings), created_at=now(),
        artefacts=Artefacts(tokens=keys.tokens, space=keys.space, map=keys.map, phrases=keys.phrases),
    )


def _assemble(run_id, dataset_id, answers, assignments, clusters, info: RunInfo, attributes) -> Analysis:
    merged = answers.merge(assignments, on="pk", how="inner", validate="one_to_one")
    for level in ("theme", "topic"):
        rows = clusters[clusters["level"] == level]
        merged[f"{level}_label"] = merged[level].map(dict(zip(rows["cluster_id"], rows["label"])))
    return Analysis(run_id, dataset_id, merged, clusters, info, tuple(attributes))


def load_analysis(store: Store, run_id: int) -> Analysis:
    """A stored run with its answers, as ``analyze`` returned it."""
    stored, assignments, clusters = store.load_run(run_id)
    info = RunInfo.from_dict(stored)
    dataset_id = store.dataset_id(info.dataset)
    answers = store.load_answers(dataset_id)
    clusters["share"] = clusters["size"] / max(len(assignments), 1)
    clusters = words_for_stored(clusters, answers)
    attributes = store.attribute_names(dataset_id)
    return _assemble(run_id, dataset_id, answers, assignments, clusters, info, attributes)
