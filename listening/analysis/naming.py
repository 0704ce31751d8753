"""The naming step of an analysis: each theme and topic gets a name in words and one sentence.

Adds four columns to the clusters table, stored with the run:

- ``name``: the name shown (names per language side by side, main language first);
  the keyword ``label`` where no phrase could name the group;
- ``names``: {language: [phrases]} the name is made of;
- ``summary_id`` / ``summary``: the public id of the answer whose sentence stands for
  the group, and that sentence, verbatim (listening.analysis.summary).

Runs stored before names existed get ``name`` = label and a sentence taken from their
representative answers when they are loaded (``words_for_stored``).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from listening.text import Phrases, route_language

from .names import choose_phrases, display_name, joined
from .summary import central_order, group_sentence, quotable

WORD_COLUMNS = ("name", "names", "summary_id", "summary")


def routed_languages(answers: pd.DataFrame, languages: Sequence[str] | None = None) -> list[str]:
    """The analyser each answer's phrases came from (ja, ko or other), for the answers'
    languages or the ones the analysis was told to use."""
    given = answers["language"].tolist() if languages is None else list(languages)
    return [route_language(t if isinstance(t, str) else "", str(lang)) for t, lang in zip(answers["text"].tolist(), given)]


def _shares(routed: np.ndarray, members: np.ndarray) -> dict[str, float]:
    values, counts = np.unique(routed[members], return_counts=True)
    return {str(v): c / max(len(members), 1) for v, c in zip(values, counts)}


def name_level(clusters: pd.DataFrame, level: str, labels: np.ndarray, answers: pd.DataFrame, phrases: Phrases | None,
               vectors: np.ndarray | None = None, embed: Callable[[list[str]], np.ndarray] | None = None,
               only: Sequence[int] | None = None, taken: set[str] | None = None,
               languages: Sequence[str] | None = None, routed: np.ndarray | None = None) -> dict[int, dict]:
    """{cluster id: {name, names, summary_id, summary}} for the clusters of one level.

    ``labels``: the level's cluster of each row of ``answers``. ``only``: name just these
    clusters (after a merge or split), leaving the phrases in ``taken`` to the others.
    Without ``vectors`` the sentence comes from the answers in the order of the
    clusters' ``representatives``, then the rest.
    """
    labels = np.asarray(labels)
    if routed is None:
        routed = np.asarray(routed_languages(answers, languages), dtype=object)
    texts = answers["text"].astype(str).tolist()
    ids = answers["answer_id"].astype(str).to_numpy()
    rows = clusters[clusters["level"] == level]
    wanted = [int(c) for c in rows["cluster_id"]] if only is None else [int(c) for c in only]
    chosen = choose_phrases(phrases, labels, routed, vectors, embed, groups=wanted, taken=taken) if phrases else {}
    out: dict[int, dict] = {}
    routed_list = routed.tolist()
    for row in rows.itertuples(index=False):
        cid = int(row.cluster_id)
        if cid not in wanted:
            continue
        members = np.flatnonzero(labels == cid)
        names = {lang: [phrases.phrases[p][1] for p in pids] for lang, pids in chosen.get(cid, {}).items()}
        name = display_name({lang: joined(lang, parts) for lang, parts in names.items()}, _shares(routed, members))
        order = central_order(vectors, members) if vectors is not None else _by_representatives(
            members, ids, list(getattr(row, "representatives", []) or []))
        found = group_sentence(texts, routed_list, order, list(row.keywords or [])[:10])
        out[cid] = {"name": name or str(row.label), "names": names,
                    "summary_id": None if found is None else str(ids[found[0]]),
                    "summary": None if found is None else found[1]}
    return out


def _by_representatives(members: np.ndarray, ids: np.ndarray, representatives: list[str]) -> list[int]:
    at = {a: i for i, a in zip(members.tolist(), ids[members].tolist())}
    first = [at[r] for r in representatives if r in at]
    seen = set(first)
    return first + [i for i in members.tolist() if i not in seen]


def describe_in_words(clusters: pd.DataFrame, answers: pd.DataFrame, labels: dict[str, np.ndarray],
                      phrases: Phrases | None, vectors: np.ndarray | None = None,
                      embed: Callable[[list[str]], np.ndarray] | None = None,
                      languages: Sequence[str] | None = None) -> pd.DataFrame:
    """``clusters`` with ``WORD_COLUMNS`` for every theme and topic (the analysis's naming step).

    ``labels``: {"theme": ..., "topic": ...} cluster of each answer row. ``embed``: texts ->
    unit vectors with the answers' model, to rank phrases by closeness to a group's centre.
    """
    found: dict[tuple[str, int], dict] = {}
    routed = np.asarray(routed_languages(answers, languages), dtype=object)
    for level in ("theme", "topic"):
        for cid, words in name_level(clusters, level, labels[level], answers, phrases, vectors, embed,
                                     routed=routed).items():
            found[(level, cid)] = words
    return _with_columns(clusters, found)


def _with_columns(clusters: pd.DataFrame, found: dict[tuple[str, int], dict]) -> pd.DataFrame:
    out = clusters.copy()
    keys = list(zip(out["level"], out["cluster_id"].astype(int)))
    for column in WORD_COLUMNS:
        old = out[column].tolist() if column in out.columns else [None] * len(out)
        out[column] = [found[k][column] if k in found else v for k, v in zip(keys, old)]
    return out


def words_for_stored(clusters: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """Clusters of a run stored before names existed: ``name`` = label, the sentence from the
    representative answers (the most central ones), ``names`` empty."""
    if "name" in clusters.columns and clusters["name"].notna().all():
        return clusters
    texts = dict(zip(answers["answer_id"].astype(str), answers["text"].astype(str)))
    routed = dict(zip(answers["answer_id"].astype(str), routed_languages(answers)))
    found = {}
    for row in clusters.itertuples(index=False):
        if isinstance(getattr(row, "name", None), str):
            continue
        summary_id = summary = None
        for answer_id in row.representatives or []:
            piece = quotable(texts.get(str(answer_id), ""), routed.get(str(answer_id), "other"), list(row.keywords or []))
            if piece:
                summary_id, summary = str(answer_id), piece
                break
        found[(row.level, int(row.cluster_id))] = {"name": str(row.label), "names": {},
                                                   "summary_id": summary_id, "summary": summary}
    return _with_columns(clusters, found)


# ---- the step inside ``analyze`` ----------------------------------------------------------


class PendingPhrases:
    """Phrases of an analysis's answers: from the store, or extracted on a background thread
    while the answers are embedded (stored under ``key`` once done).

    ``after``: the future of the keyword tokens, when they are being made on another thread.
    The extraction waits for it: fugashi's tagger and Kiwi are shared and not safe to use
    from two threads at once (tokens came out different, and so did the clusters).
    """

    def __init__(self, store, key: str, texts: list[str], languages: list[str], after=None) -> None:
        self.store, self.key, self.seconds, self.languages = store, key, 0.0, list(languages)
        self._phrases = Phrases.from_json(store.get_json(key))
        self._future = self._pool = None
        if self._phrases is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(1, thread_name_prefix="listening-phrases")
            self._future = self._pool.submit(self._extract, texts, languages, after)

    @staticmethod
    def _extract(texts, languages, after):
        import time

        from listening.text import extract_phrases

        if after is not None:
            try:
                after.result()
            except Exception:  # noqa: BLE001 - the analysis reports the tokenizer's error itself
                pass
        start = time.perf_counter()
        phrases = extract_phrases(texts, languages)
        phrases.held, phrases.words, phrases.languages, phrases.word_counts  # noqa: B018 - built here, not in the foreground
        return phrases, round(time.perf_counter() - start, 3)

    def result(self) -> Phrases:
        if self._phrases is None:
            self._phrases, self.seconds = self._future.result()
            self._pool.shutdown()
            self.store.put_json(self.key, self._phrases.as_json())
        return self._phrases


def phrase_embedder(store, embedder) -> Callable[[list[str]], np.ndarray]:
    """texts -> unit vectors with the analysis's model. Vectors of phrases are kept in one
    artefact per model (not in the answers' embedding cache, which holds answers only); the
    bundled model embeds in the worker process, where it is already loaded."""
    from listening.embed import DEFAULT_MODEL, embed_in_this_process, worker
    from listening.store import text_hash

    key = f"phrase_vectors:{embedder.model_id}"

    def embed(texts: list[str]) -> np.ndarray:
        kept = store.get_arrays(key) or {}
        cached = dict(zip(kept.get("hashes", np.array([], dtype=str)).tolist(), kept.get("vectors", [])))
        hashes = [text_hash(t) for t in texts]
        todo = list(dict.fromkeys(t for t, h in zip(texts, hashes) if h not in cached))
        if todo:
            future = worker.submit(embed_in_this_process, DEFAULT_MODEL, todo) \
                if embedder.model_id == DEFAULT_MODEL else None
            try:
                found = future.result() if future is not None else embedder.embed(todo)
            except Exception:  # noqa: BLE001 - the worker died: embed here
                found = embedder.embed(todo)
            cached.update(zip((text_hash(t) for t in todo), np.asarray(found, dtype=np.float32)))
            store.put_arrays(key, hashes=np.array(list(cached), dtype=str),
                             vectors=np.stack(list(cached.values())).astype(np.float32))
        if not hashes:
            return np.zeros((0, 512), dtype=np.float32)
        return np.stack([cached[h] for h in hashes])

    return embed


def name_step(clusters: pd.DataFrame, answers: pd.DataFrame, result, vectors: np.ndarray,
              pending: PendingPhrases, embed: Callable[[list[str]], np.ndarray] | None) -> pd.DataFrame:
    """The naming step of ``analyze``: waits for the phrases, then names and quotes every cluster."""
    phrases = pending.result()
    return describe_in_words(clusters, answers, {"theme": result.theme, "topic": result.topic}, phrases,
                             vectors, embed, languages=pending.languages)


def words_after_edits(clusters: pd.DataFrame, answers: pd.DataFrame, labels: dict[str, np.ndarray],
                      changed: dict[str, set[int]], phrases: Phrases | None) -> pd.DataFrame:
    """Names and sentences of a curated analysis: clusters whose answers changed (merged,
    split, moved) are named again, with the phrases other names hold left to them, and
    their sentence is taken again from their own answers; a staff rename replaces the name.

    ``answers`` and ``phrases`` cover the curated (shown) answers, row for row.
    """
    found: dict[tuple[str, int], dict] = {}
    for level in ("theme", "topic"):
        rows = clusters[clusters["level"] == level]
        redo = sorted(set(changed.get(level, set())) & set(rows["cluster_id"].astype(int)))
        if not redo:
            continue
        kept = rows[~rows["cluster_id"].astype(int).isin(redo)]
        taken = {p for names in kept.get("names", pd.Series(dtype=object)) if isinstance(names, dict)
                 for parts in names.values() for p in parts}
        found.update({(level, cid): words for cid, words in
                      name_level(clusters, level, labels[level], answers, phrases, only=redo, taken=taken).items()})
    out = _with_columns(clusters, found)
    if "renamed" in out.columns:
        renamed = out["renamed"].astype(bool).to_numpy()
        out.loc[renamed, "name"] = out.loc[renamed, "label"]
    return out


def stored_phrases(store, info, rows: np.ndarray, n_run: int) -> Phrases | None:
    """The phrases an analysis stored for its ``n_run`` answers (``info``: its RunInfo), cut to
    ``rows`` (positions); None for a run stored before phrases existed."""
    key = info.artefacts.phrases if info.artefacts is not None else None
    phrases = Phrases.from_json(store.get_json(key)) if key else None
    if phrases is None or len(phrases.per_text) != n_run:
        return None
    return Phrases(phrases.phrases, [phrases.per_text[i] for i in np.asarray(rows).tolist()])
