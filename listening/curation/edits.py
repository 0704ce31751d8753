"""Curation: staff rename, merge, split and move clusters, and exclude answers.

Every change is one row of the store's append-only ``edits`` table (who, when,
what). The curated analysis is the stored run with its active edits replayed in
order, so undo only marks an edit undone and what people see can never drift from
the history. An edit is checked against the curated state it applies to before it
is stored; a split stores its explicit answer assignment and labels, so replaying
never re-runs k-means. Cluster ids are never reused: a new cluster gets one more
than any id the run has ever had, so an old rename can never land on it.
"""
from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans

from listening.analysis import (
    Analysis,
    CurationInfo,
    class_tfidf,
    label_from_keywords,
    load_analysis,
    stored_phrases,
    words_after_edits,
)
from listening.privacy import apply_redactions, masked_fragments
from listening.store import Store, now_iso

from .history import describe_edit, edit_history  # noqa: F401 - part of this module's API
from .state import LEVELS, CurationState, apply_edit, check_level, clean_answer_ids, required_text  # noqa: F401


def replay(
    store: Store, run_id: int, without: int | None = None, strict: bool = False, base: Analysis | None = None
):
    """(base analysis, curated state, ids of edits that no longer apply, active edit count)."""
    base = base if base is not None else load_analysis(store, run_id)
    state = CurationState.of(base)
    skipped: list[int] = []
    edits = store.list_edits(run_id, include_undone=False)
    for e in edits.itertuples(index=False):
        if e.id == without:
            continue
        try:
            apply_edit(state, e.op, e.payload, e.user, e.created_at)
        except (ValueError, KeyError, TypeError) as exc:
            if strict:
                raise ValueError(f"edit {e.id} ({e.op}) depends on it: undo edit {e.id} first ({exc})") from exc
            # Two people editing at once can make a later edit stale; it stays in the
            # history and is reported, rather than breaking every page.
            skipped.append(int(e.id))
    return base, state, skipped, len(edits)


def _record(store: Store, run_id: int, user: str, op: str, build: Callable[[Analysis, CurationState], dict]) -> int:
    user = required_text(user, "the user name")
    base, state, _, _ = replay(store, run_id)
    payload = build(base, state)
    apply_edit(state, op, copy.deepcopy(payload), user, now_iso())  # raises before anything is stored
    return store.add_edit(run_id, user, op, payload)


def rename_cluster(store: Store, run_id: int, user: str, level: str, cluster_id: int, label: str) -> int:
    """Give a theme or topic a staff-chosen name; returns the edit id."""
    return _record(store, run_id, user, "rename", lambda b, s: {
        "level": check_level(level), "cluster_id": int(cluster_id), "label": str(label or "").strip(),
        "previous": s.label(level, cluster_id)})


def merge_clusters(store: Store, run_id: int, user: str, level: str, source_id: int, target_id: int) -> int:
    """Merge ``source_id`` into ``target_id`` (its answers, or for themes its topics, move); the source disappears."""
    return _record(store, run_id, user, "merge", lambda b, s: {
        "level": check_level(level), "source": int(source_id), "target": int(target_id),
        "source_label": s.label(level, source_id), "target_label": s.label(level, target_id)})


def move_answers(store: Store, run_id: int, user: str, answer_ids: Sequence[str], topic_id: int) -> int:
    """Move answers to a topic (their theme follows the topic); returns the edit id."""
    ids = clean_answer_ids(answer_ids)
    return _record(store, run_id, user, "move_answers", lambda b, s: {
        "answer_ids": ids, "topic": int(topic_id), "topic_label": s.label("topic", topic_id)})


def move_topic(store: Store, run_id: int, user: str, topic_id: int, theme_id: int) -> int:
    """Put a topic, with all its answers, under another theme; returns the edit id."""
    return _record(store, run_id, user, "move_topic", lambda b, s: {
        "topic": int(topic_id), "theme": int(theme_id), "topic_label": s.label("topic", topic_id),
        "theme_label": s.label("theme", theme_id)})


def exclude_answers(store: Store, run_id: int, user: str, answer_ids: Sequence[str], reason: str) -> int:
    """Take answers out of the analysis with a reason (they stay listed in ``Analysis.excluded``)."""
    ids, reason = clean_answer_ids(answer_ids), required_text(reason, "the reason for excluding")
    return _record(store, run_id, user, "exclude", lambda b, s: {"answer_ids": ids, "reason": reason})


def restore_answers(store: Store, run_id: int, user: str, answer_ids: Sequence[str]) -> int:
    """Bring excluded answers back into the analysis, in the topic they were in."""
    ids = clean_answer_ids(answer_ids)
    return _record(store, run_id, user, "restore", lambda b, s: {"answer_ids": ids})


def new_topic(store: Store, run_id: int, user: str, answer_ids: Sequence[str], theme_id: int, label: str) -> int:
    """Make a new topic of these answers under ``theme_id`` with a staff-chosen name
    (new voices no existing topic covers); returns the edit id. The topic gets the next
    id the run has never had, so an old rename can never land on it."""
    ids, label = clean_answer_ids(answer_ids), required_text(label, "the name of the new topic")
    return _record(store, run_id, user, "new_topic", lambda b, s: {
        "answer_ids": ids, "theme": int(theme_id), "label": label, "topic": s.next_id["topic"],
        "theme_label": s.label("theme", theme_id)})


def split_cluster(store: Store, run_id: int, user: str, cluster_id: int, n_parts: int = 2, level: str = "topic") -> int:
    """Split a topic (or a theme) into ``n_parts`` new ones by k-means on the run's clustering space.

    New ids follow the highest id the run has had. A theme split keeps topics whole:
    each goes to the new theme holding most of its answers.
    """
    return _record(store, run_id, user, "split", lambda b, s: _split_payload(store, b, s, level, cluster_id, n_parts))


def _split_payload(store: Store, base: Analysis, state: CurationState, level: str, cluster_id, n_parts) -> dict:
    level, cid, n_parts = check_level(level), int(cluster_id), int(n_parts)
    if n_parts < 2:
        raise ValueError("a split needs at least 2 parts")
    state.need(level, cid)
    labels = state.labels(level)
    members = np.flatnonzero((labels == cid) & ~state.out)
    if len(members) < n_parts:
        raise ValueError(f"{level} {cid} has {len(members)} answer(s): too few to split into {n_parts}")
    points = _artefact(store, base, "space")
    seed = int(base.info.settings.random_state)
    km = KMeans(n_clusters=n_parts, n_init=4, random_state=seed).fit(points[members])
    counts = np.bincount(km.labels_, minlength=n_parts)
    if (counts == 0).any():
        raise ValueError(f"the answers of {level} {cid} are too alike to split into {n_parts}")
    rank = np.empty(n_parts, dtype=np.int64)
    rank[np.argsort(-counts, kind="stable")] = np.arange(n_parts)  # part 0 is the largest
    first = state.next_id[level]
    trial = labels.copy()
    payload: dict = {"level": level, "cluster_id": cid, "n_parts": n_parts, "label": state.label(level, cid)}
    if level == "topic":
        rows = np.flatnonzero(labels == cid)  # excluded members too, so restoring them is well defined
        parts = first + rank[km.predict(points[rows])]
        parts[np.isin(rows, members)] = first + rank[km.labels_]
        trial[rows] = parts
        payload["assignment"] = dict(zip(state.ids[rows].tolist(), parts.tolist()))
    else:
        moves = _topics_to_parts(state, cid, members, rank[km.labels_], n_parts)
        trial = _parents_applied(state, {t: first + p for t, p in moves.items()})
        payload["topics"] = {str(t): first + p for t, p in moves.items()}
    tokens = _artefact(store, base, "tokens")
    shown = np.flatnonzero(~state.out)
    n_keywords = int(base.info.settings.n_keywords)
    keywords = class_tfidf([tokens[i] for i in shown], trial[shown], n_keywords=n_keywords)
    payload["new"] = {str(first + j): label_from_keywords([w for w, _ in keywords.get(first + j, [])])
                      or f"{level} {first + j}" for j in range(n_parts)}
    payload["keywords"] = {k: [w for w, _ in keywords.get(int(k), [])] for k in payload["new"]}
    return payload


def _topics_to_parts(state: CurationState, theme: int, members: np.ndarray, parts: np.ndarray, n_parts: int) -> dict[int, int]:
    topics = sorted(t for t, th in state.parent.items() if th == theme)
    index = {t: i for i, t in enumerate(topics)}
    counts = np.zeros((len(topics), n_parts))
    np.add.at(counts, ([index[t] for t in state.topic[members].tolist()], parts), 1)
    live = [i for i in range(len(topics)) if counts[i].sum() > 0]
    if len(live) < n_parts:
        raise ValueError(f"theme {theme} has {len(live)} topics: too few to split into {n_parts} themes "
                         "(split one of its topics instead)")
    share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    chosen: dict[int, int] = {}
    # Each part first takes the topic lying most within it, so no new theme is empty.
    for p in range(n_parts):
        best = max((i for i in live if i not in chosen), key=lambda i: (share[i, p], counts[i, p], -i))
        chosen[best] = p
    for i in range(len(topics)):
        chosen.setdefault(i, int(np.argmax(counts[i])))
    return {topics[i]: p for i, p in chosen.items()}


def _parents_applied(state: CurationState, moves: dict[int, int]) -> np.ndarray:
    trial = dataclasses.replace(state, parent=state.parent | moves)
    return trial.theme()


def _artefact(store: Store, analysis: Analysis, name: str):
    key = getattr(analysis.info.artefacts, name) if analysis.info.artefacts is not None else None
    value = None
    if key:
        value = store.get_json(key) if name == "tokens" else (store.get_arrays(key) or {}).get("points")
    if value is None or len(value) != len(analysis.answers):
        raise ValueError(f"run {analysis.run_id} has no stored {name}: run the analysis again to curate it")
    return value


def undo(store: Store, run_id: int, user: str, edit_id: int | None = None) -> int | None:
    """Undo the latest active edit, or ``edit_id``; returns the undone id (None: nothing to undo).

    An earlier edit that a later active one builds on (a split whose new topic was
    renamed) cannot be undone before that later edit.
    """
    user = required_text(user, "the user name")
    active = store.list_edits(run_id, include_undone=False)["id"].astype(int).tolist()
    if edit_id is None:
        if not active:
            return None
        edit_id = active[-1]
    edit_id = int(edit_id)
    if edit_id not in active:
        every = store.list_edits(run_id)["id"].astype(int).tolist()
        raise ValueError(f"edit {edit_id} is already undone" if edit_id in every
                         else f"run {run_id} has no edit {edit_id}")
    _refuse_inherited_structure(store, run_id, edit_id)
    if edit_id != active[-1]:
        replay(store, run_id, without=edit_id, strict=True)
    store.undo_edit(edit_id, user)
    return edit_id


def _refuse_inherited_structure(store: Store, run_id: int, edit_id: int) -> None:
    """A run that added a batch placed the new answers in the clusters as edited then
    (listening.waves.update). Undoing a split or a new topic made before that would leave those
    answers in a cluster that no longer exists, so it is refused with what to do instead."""
    info, created = store._query("SELECT info, created_at FROM runs WHERE id = ?", (run_id,))[0]
    if "parent_run" not in json.loads(info):
        return
    edit = store.list_edits(run_id).set_index("id").loc[edit_id]
    if edit["op"] in ("split", "new_topic") and str(edit["created_at"]) <= created:
        raise ValueError(
            f"edit {edit_id} ({edit['op']}) was made before the latest batch was added and the new answers "
            "were placed in its clusters; merge the clusters instead, or remove the batch first")


def curated_analysis(store: Store, run_id: int, base: Analysis | None = None) -> Analysis:
    """The stored run with every active edit applied: what every page and export shows.

    Sizes and shares are recounted; empty clusters disappear; staff names replace the
    automatic labels (kept in ``auto_label``, flagged by ``renamed``); clusters whose
    members changed get fresh keywords and representatives that are still members.
    Excluded answers move to ``Analysis.excluded``. ``base``: the run as ``analyze``
    just returned it, so it is not read from the store a second time.
    """
    base, state, skipped, n_active = replay(store, run_id, base=base)
    answers = base.answers.copy()
    before = {"theme": answers["theme"].to_numpy(), "topic": answers["topic"].to_numpy()}
    now = {"theme": state.theme(), "topic": state.topic}
    shown = ~state.out
    settings = base.info.settings
    cache: dict = {}

    def artefact(name):
        if name not in cache:
            cache[name] = _artefact(store, base, name)
        return cache[name]

    old = {(r["level"], int(r["cluster_id"])): r for r in base.clusters.to_dict("records")}
    rows = []
    redo: dict[str, set[int]] = {}  # clusters whose answers changed: named and quoted again
    for level in LEVELS:
        labels = now[level]
        sizes = np.bincount(labels[shown], minlength=int(labels.max(initial=0)) + 1)
        diff = (labels != before[level]) | state.out
        changed = set(before[level][diff].tolist()) | set(labels[diff & shown].tolist())
        present = np.flatnonzero(sizes).tolist()
        redo[level] = changed & set(present)
        keywords = None
        if changed & set(present):
            idx = np.flatnonzero(shown)
            tokens = artefact("tokens")
            keywords = class_tfidf([tokens[i] for i in idx], labels[idx], n_keywords=int(settings.n_keywords))
        for cid in present:
            key = (level, cid)
            row = dict(old.get(key) or {"level": level, "cluster_id": cid})
            if cid in changed:
                row["keywords"] = [w for w, _ in keywords.get(cid, [])]
                seeds = (old.get(key) or old.get((level, state.born.get(key, -1))) or {}).get("representatives", [])
                row["representatives"] = _representatives(
                    seeds, np.flatnonzero((labels == cid) & shown), state.ids, artefact,
                    int(settings.n_representatives))
            row.update(parent=state.parent[cid] if level == "topic" else None, size=int(sizes[cid]),
                       auto_label=state.auto[key], label=state.label(level, cid), renamed=key in state.names)
            rows.append(row)
    clusters = pd.DataFrame(rows, columns=[*base.clusters.columns, "auto_label", "renamed"])
    clusters["parent"] = clusters["parent"].astype("Int64")
    clusters["size"] = clusters["size"].astype(np.int64)
    clusters["share"] = clusters["size"] / max(int(shown.sum()), 1)
    clusters["renamed"] = clusters["renamed"].astype(bool)
    if any(redo.values()) or clusters["renamed"].any():
        rows_shown = np.flatnonzero(shown)
        clusters = words_after_edits(clusters, answers.iloc[rows_shown], {lv: now[lv][rows_shown] for lv in LEVELS},
                                     redo, stored_phrases(store, base.info, rows_shown, len(answers)))

    for level in LEVELS:
        answers[level] = now[level]
        names = {int(c): state.label(level, c) for c in np.unique(now[level])}
        answers[f"{level}_label"] = answers[level].map(names)
    gone = answers[state.out]
    excluded = pd.DataFrame({
        "answer_id": gone["answer_id"].astype(str).to_numpy(), "text": gone["text"].to_numpy(),
        # Where each answer stood when it was taken out (a duplicate counted once still belongs to a topic).
        "pk": gone["pk"].to_numpy(), "respondent_id": gone["respondent_id"].to_numpy(),
        "topic": gone["topic"].to_numpy(),
        **{col: [state.why[a][i] for a in gone["answer_id"].astype(str)] for i, col in enumerate(("reason", "user", "when"))},
    })
    counts = dataclasses.replace(base.info.answers, shown=int(shown.sum()), excluded=int(state.out.sum()),
                                 low_confidence=int(answers.loc[shown, "low_confidence"].sum()))
    numbers = dataclasses.replace(base.info.clusters, n_themes=int((clusters["level"] == "theme").sum()),
                                  n_topics=int((clusters["level"] == "topic").sum()))
    info = dataclasses.replace(base.info, answers=counts, clusters=numbers,
                               curation=CurationInfo(edits=n_active, skipped=skipped))
    curated = dataclasses.replace(base, answers=answers[shown].reset_index(drop=True), clusters=clusters,
                                  info=info, excluded=excluded)
    # Manual redactions come last, so they also cover labels staff typed; keywords that are
    # parts of masked items go, also from runs made before they were masked.
    return apply_redactions(curated, store.list_redactions(base.dataset_id)["term"].tolist(),
                            masked_fragments(store.list_findings(base.dataset_id)))


def _representatives(seeds, members: np.ndarray, ids: pd.Index, artefact, n: int) -> list[str]:
    """Earlier representatives that are still members, topped up with the most central members."""
    member_ids = ids[members]
    inside = set(member_ids)
    keep = [r for r in seeds if r in inside][:n]
    if len(keep) < min(n, len(members)):
        points = artefact("space")[members]
        order = np.argsort(((points - points.mean(axis=0)) ** 2).sum(axis=1), kind="stable")
        for a in member_ids[order]:
            if len(keep) >= n:
                break
            if a not in keep:
                keep.append(a)
    return [str(a) for a in keep]
