"""Survey waves: a new batch joins the existing analysis; a re-analysis is matched to the last one.

``add_to_run`` keeps the committee's work: every earlier answer keeps its cluster and
map position and every curated label stays, because the new run copies the earlier
run's assignment and its active edits, and only the new answers are placed (nearest
earlier answers, listening.waves.place). ``reanalyze`` clusters everything again
and then renames the new clusters after the old ones they match (optimal assignment
on shared answers), so ids and staff labels carry over, and reports what split,
merged, appeared or vanished.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from listening.analysis import (
    Analysis,
    Artefacts,
    Runner,
    Step,
    UpdateInfo,
    analyze,
    content_hash,
    input_info,
    now,
    read_snapshot,
)
from listening.curation import curated_analysis, replay
from listening.embed import DEFAULT_MODEL, Embedder, embed_with_cache, get_embedder
from listening.privacy import drop_fragments, mask_stored, masked_fragments
from listening.store import Store
from listening.text import TOKENIZER_VERSION, tokenize_texts
from listening.types import AnalysisSettings

from .match import Matching, cluster_centroids, match_clusters, relabel
from .place import place_answers, propose_clusters, typical_spread

UPDATE_VERSION = 1
# Placing new batches, step by step (the runner reports and times them as in an analysis).
TOKENIZE = Step("tokenize", TOKENIZER_VERSION, ("new answers",), ("lang",))
EMBED = Step("embed", "model", ("run answers", "new answers"), ("model",))
PLACE = Step("place", str(UPDATE_VERSION), ("embed", "tokenize", "stored space", "stored map", "curated clusters"),
             ("lexical_weight", "n_neighbors"))


@dataclass(frozen=True, eq=False)
class Reanalysis:
    """A full re-analysis and how its clusters relate to the previous run's."""

    analysis: Analysis
    previous_run: int
    topics: Matching | None
    themes: Matching | None
    kept_share: float  # answers of both runs whose topic id is the same after matching
    labels_carried: int  # staff labels copied to the new run


def new_answers(store: Store, dataset_id: int, run_id: int) -> pd.DataFrame:
    """Answers of the dataset that the run does not hold yet (later batches)."""
    held = store._frame("SELECT answer_pk FROM run_answers WHERE run_id = ?", (run_id,))["answer_pk"]
    return _not_in(store.load_answers(dataset_id), held)


def _not_in(answers: pd.DataFrame, held_pks: pd.Series) -> pd.DataFrame:
    return answers[~answers["pk"].isin(set(held_pks.tolist()))].reset_index(drop=True)


def add_to_run(store: Store, dataset_id: int, run_id: int, embedder: Embedder | None = None,
               progress=None) -> Analysis:
    """A new run = ``run_id`` plus the answers it lacks, placed on its map and in its
    clusters; earlier answers, edits and labels carried over unchanged."""
    # As in analyze: the worker process embeds beside this one, one BLAS thread each.
    with threadpool_limits(limits=1), Runner(progress) as run:
        return _add_to_run(run, store, dataset_id, run_id, embedder)


def _add_to_run(run: Runner, store, dataset_id, run_id, embedder) -> Analysis:
    mask_stored(store, dataset_id)
    base, state, _, _ = replay(store, run_id)
    # base.answers is the run's answers with their stored assignment: read once, used throughout.
    inputs = read_snapshot(store, dataset_id)  # a batch landing later waits for the next placement
    fresh = _not_in(inputs.answers, base.answers["pk"])
    if fresh.empty:
        return curated_analysis(store, run_id, base=base)
    fingerprint = content_hash("update", base.info.fingerprint, fresh["text_hash"].tolist(), fresh["pk"].tolist(),
                               UPDATE_VERSION)
    if (existing := store.find_run(dataset_id, fingerprint)) is not None:
        return curated_analysis(store, existing)
    settings = base.info.settings
    run.prepare_worker(load_model=base.info.model == DEFAULT_MODEL, import_umap=False)
    languages = fresh["language"].tolist() if settings.lang == "auto" else [settings.lang] * len(fresh)
    tokenizing = run.in_thread(TOKENIZE, tokenize_texts, fresh["text"].tolist(), languages)

    embedder = embedder or get_embedder(base.info.model)
    keys = base.info.artefacts or Artefacts()
    space, old_map = store.get_arrays(keys.space) if keys.space else None, \
        store.get_arrays(keys.map) if keys.map else None
    old_tokens = store.get_json(keys.tokens) if keys.tokens else None
    if space is None or old_map is None or old_tokens is None:
        raise ValueError(f"run {run_id} lacks its stored space or map: run a full analysis instead")
    old_vectors, new_vectors, n_embedded = run.run(EMBED, _embed_old_and_new, store, embedder, base.answers, fresh)
    new_tokens = drop_fragments(tokenizing.result(), masked_fragments(store.list_findings(dataset_id)))
    # Placed among the curated clusters: merged or split topics are where answers go now.
    placed = run.run(PLACE, place_answers, new_vectors, new_tokens, space, old_vectors, state.theme(), state.topic,
                     dict(state.parent), old_map["xy"], old_tokens, n_neighbors=settings.clustering.n_neighbors,
                     lexical_weight=settings.clustering.lexical_weight)

    assignments = base.answers[["pk", "theme", "topic", "x", "y", "confidence", "low_confidence"]]
    added = pd.DataFrame({
        "pk": fresh["pk"], "theme": placed.theme, "topic": placed.topic, "x": placed.x, "y": placed.y,
        "confidence": placed.similarity, "low_confidence": placed.new_voice,
    })
    assignments = pd.concat([assignments.astype({"low_confidence": bool}), added], ignore_index=True)
    prefix = f"update:{fingerprint}"
    store.put_json(f"tokens:{prefix}", list(old_tokens) + new_tokens)
    store.put_arrays(f"space:{prefix}", points=np.vstack([space["points"], placed.points]),
                     sample=space["sample"], sample_joint=space["sample_joint"],
                     knn_i=np.vstack([space["knn_i"], placed.knn_i]), knn_s=np.vstack([space["knn_s"], placed.knn_s]))
    store.put_arrays(f"map:{prefix}", xy=np.vstack([old_map["xy"], np.c_[placed.x, placed.y]]))
    info = _child_info(base, inputs, fresh, placed, fingerprint, n_embedded, run.timings)
    info = replace(info, artefacts=Artefacts(tokens=f"tokens:{prefix}", space=f"space:{prefix}", map=f"map:{prefix}"))
    clusters = base.clusters.drop(columns=["share"], errors="ignore")
    child = store.save_run(dataset_id, fingerprint, settings.as_record(), info.to_dict(), assignments, clusters)
    store.copy_edits(run_id, child)
    return curated_analysis(store, child)


def _embed_old_and_new(store, embedder, old: pd.DataFrame, fresh: pd.DataFrame):
    """Vectors of the run's answers (from the cache) and of the new ones, and how many were embedded now."""
    old_vectors, _ = embed_with_cache(store, embedder, old["text"].tolist(), old["text_hash"].tolist())
    # Small chunks, so even a monthly batch of a few hundred answers is shared with the worker.
    new_vectors, n_embedded = embed_with_cache(store, embedder, fresh["text"].tolist(), fresh["text_hash"].tolist(),
                                               chunk=200)
    return old_vectors, new_vectors, n_embedded


def _child_info(base: Analysis, inputs, fresh, placed, fingerprint, n_embedded, timings):
    """The earlier run's record with this placement's inputs, counts, timings and update."""
    account = input_info(inputs.batches, inputs.answers)
    counts = replace(account.answers,
                     low_confidence=int(base.answers["low_confidence"].sum() + placed.new_voice.sum()))
    update = UpdateInfo(added=int(len(fresh)), batches=sorted(int(b) for b in fresh["batch_id"].unique()),
                        new_voices=fresh.loc[placed.new_voice, "answer_id"].astype(str).tolist(),
                        thresholds=placed.thresholds, version=UPDATE_VERSION)
    return replace(base.info.with_inputs(account), answers=counts, fingerprint=fingerprint,
                   embedded_now=int(n_embedded), parent_run=base.run_id, created_at=now(), timings=dict(timings),
                   update=update, curation=None)


def new_voice_proposals(store: Store, analysis: Analysis, embedder: Embedder | None = None,
                        min_size: int = 10) -> list[list[str]]:
    """Answer ids of candidate new topics among the run's new voices, largest first."""
    voices = set(analysis.info.update.new_voices if analysis.info.update else [])
    rows = analysis.answers[analysis.answers["answer_id"].astype(str).isin(voices)]
    if len(rows) < min_size:
        return []
    embedder = embedder or get_embedder(analysis.info.model)
    vectors, _ = embed_with_cache(store, embedder, rows["text"].tolist(), rows["text_hash"].tolist())
    all_vectors, _ = embed_with_cache(store, embedder, analysis.answers["text"].tolist(),
                                      analysis.answers["text_hash"].tolist())
    spread = typical_spread(all_vectors, analysis.answers["topic"].to_numpy())
    found = propose_clusters(vectors, spread, min_size=min_size)
    ids = rows["answer_id"].astype(str).to_numpy()
    return [ids[found.members(p)].tolist() for p in range(len(found.sizes))]


# -- full re-analysis, matched to the previous run -------------------------------------

def reanalyze(store: Store, dataset_id: int, previous_run: int, settings: AnalysisSettings = AnalysisSettings(),
              embedder: Embedder | None = None, progress=None, user: str = "system") -> Reanalysis:
    """Analyse every answer again, then give matched clusters the previous run's ids and
    staff labels. A seeded re-analysis of unchanged data returns the previous run."""
    result = analyze(store, dataset_id, settings, embedder=embedder, progress=progress)
    if result.run_id == previous_run:
        return Reanalysis(curated_analysis(store, previous_run), previous_run, None, None, 1.0, 0)
    before = curated_analysis(store, previous_run)
    embedder = embedder or get_embedder(result.info.model)
    vectors, _ = embed_with_cache(store, embedder, result.answers["text"].tolist(),
                                  result.answers["text_hash"].tolist())
    old_by_id = {level: dict(zip(before.answers["answer_id"].astype(str), before.answers[level])) for level in
                 ("topic", "theme")}
    ids = result.answers["answer_id"].astype(str)
    maps: dict[str, dict[int, int]] = {}
    matchings: dict[str, Matching] = {}
    for level in ("theme", "topic"):
        old = np.array([old_by_id[level].get(a, -1) for a in ids], dtype=np.int64)
        new = result.answers[level].to_numpy(np.int64)
        shared = old >= 0
        old_ids, old_c = cluster_centroids(vectors[shared], old[shared])
        new_ids, new_c = cluster_centroids(vectors, new)
        matching = match_clusters(old_c, new_c, old, new, old_ids=old_ids, new_ids=new_ids)
        first_free = int(before.clusters.loc[before.clusters["level"] == level, "cluster_id"].max()) + 1
        first_free = max(first_free, int(getattr(before.info.clusters, f"n_{level}s")))
        relabelled = relabel(new, matching, first_free=first_free)
        maps[level] = {int(a): int(b) for a, b in zip(new, relabelled)}
        matchings[level] = matching
    store.relabel_run(result.run_id, maps["topic"], maps["theme"])
    store.update_run_info(result.run_id, {"matched_to": previous_run})
    carried = _carry_labels(store, before, result.run_id, maps, user)
    after = curated_analysis(store, result.run_id)
    old_topic = np.array([old_by_id["topic"].get(a, -1) for a in after.answers["answer_id"].astype(str)])
    both = old_topic >= 0
    kept = float(np.mean(old_topic[both] == after.answers["topic"].to_numpy()[both])) if both.any() else 0.0
    return Reanalysis(after, previous_run, matchings["topic"], matchings["theme"], kept, carried)


def _carry_labels(store: Store, before: Analysis, run_id: int, maps: dict, user: str) -> int:
    """Staff labels of matched clusters, as rename edits on the new run (once)."""
    from listening.curation import rename_cluster

    if len(store.list_edits(run_id)):
        return 0  # this run was matched before: its edits are already there
    renamed = before.clusters[before.clusters.get("renamed", pd.Series(False, index=before.clusters.index))]
    carried = 0
    for row in renamed.itertuples():
        if int(row.cluster_id) in set(maps[row.level].values()):
            try:
                rename_cluster(store, run_id, user, row.level, int(row.cluster_id), str(row.label))
                carried += 1
            except ValueError:
                pass  # the cluster is empty in the new run
    return carried


def reanalysis_report(r: Reanalysis) -> pd.DataFrame:
    """One row per change (level, kind, old, new, similarity, overlap)."""
    frames = [m.changes.assign(level=level) for level, m in (("theme", r.themes), ("topic", r.topics)) if m]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["level", "kind", "old", "new", "similarity", "overlap"])


__all__ = ["Reanalysis", "add_to_run", "new_answers", "new_voice_proposals", "reanalyze", "reanalysis_report"]
