"""The curated assignment while edits are replayed, and what each kind of edit does to it."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from listening.analysis import Analysis

LEVELS = ("theme", "topic")


@dataclass
class CurationState:
    """The curated assignment while edits are replayed (rows = the run's answers by pk)."""

    ids: pd.Index  # answer_id of each row
    topic: np.ndarray  # topic of each row, excluded rows included
    parent: dict[int, int]  # theme of every topic the run has ever had
    out: np.ndarray  # row is excluded
    why: dict[str, tuple[str, str, str]]  # excluded answer -> (reason, user, when)
    auto: dict[tuple[str, int], str]  # automatic label of every cluster ever seen
    next_id: dict[str, int]
    names: dict[tuple[str, int], str] = field(default_factory=dict)  # staff labels
    born: dict[tuple[str, int], int] = field(default_factory=dict)  # split part -> split cluster

    @classmethod
    def of(cls, analysis: Analysis) -> "CurationState":
        c = analysis.clusters
        topics = c[c["level"] == "topic"]
        parent = dict(zip(topics["cluster_id"].astype(int).tolist(), topics["parent"].astype(int).tolist()))
        auto = {(lv, int(i)): str(lab) for lv, i, lab in zip(c["level"], c["cluster_id"], c["label"])}
        n = len(analysis.answers)
        return cls(
            ids=pd.Index(analysis.answers["answer_id"].astype(str).to_numpy(dtype=object)),
            topic=analysis.answers["topic"].to_numpy(dtype=np.int64, copy=True),
            parent=parent, out=np.zeros(n, dtype=bool), why={}, auto=auto,
            next_id={lv: 1 + max((i for (l2, i) in auto if l2 == lv), default=-1) for lv in LEVELS},
        )

    def theme(self) -> np.ndarray:
        # A run that placed a later batch (listening.waves.update) stores curated topic ids for
        # the placed answers; until the edit that made such a topic is replayed it has no theme.
        lookup = np.full(max(max(self.parent, default=0), int(self.topic.max(initial=0))) + 1, -1, dtype=np.int64)
        lookup[list(self.parent)] = list(self.parent.values())
        return lookup[self.topic]

    def labels(self, level: str) -> np.ndarray:
        return self.topic if level == "topic" else self.theme()

    def need(self, level: str, cluster_id: int) -> None:
        present = np.unique(self.labels(level)[~self.out])
        if cluster_id not in set(present.tolist()):
            raise ValueError(f"there is no {level} {cluster_id} (existing: {', '.join(map(str, present))})")

    def label(self, level: str, cluster_id: int) -> str:
        key = (level, int(cluster_id))
        return self.names.get(key) or self.auto.get(key, f"{level} {cluster_id}")

    def rows(self, answer_ids: Sequence[str]) -> np.ndarray:
        mask = self.ids.isin(answer_ids)
        unknown = sorted(set(answer_ids) - set(self.ids[mask]))
        if unknown:
            more = f" (and {len(unknown) - 5} more)" if len(unknown) > 5 else ""
            raise ValueError(f"unknown answer ids: {', '.join(unknown[:5])}{more}")
        return np.flatnonzero(mask)


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"level must be 'theme' or 'topic', not {level!r}")
    return level


def clean_answer_ids(answer_ids) -> list[str]:
    if isinstance(answer_ids, str):
        answer_ids = [answer_ids]
    ids = list(dict.fromkeys(str(a) for a in answer_ids))
    if not ids:
        raise ValueError("no answers given")
    return ids


def required_text(value, what: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValueError(f"{what} must not be empty")
    return text


def apply_edit(state: CurationState, op: str, p: dict, user: str, when: str) -> None:
    """Check one edit against ``state`` and apply it; on ValueError nothing has changed."""
    if op == "rename":
        level, cid = check_level(p["level"]), int(p["cluster_id"])
        state.need(level, cid)
        state.names[(level, cid)] = required_text(p["label"], "the new name")
    elif op == "merge":
        level, source, target = check_level(p["level"]), int(p["source"]), int(p["target"])
        if source == target:
            raise ValueError(f"cannot merge {level} {source} into itself")
        state.need(level, source)
        state.need(level, target)
        if level == "topic":
            state.topic[state.topic == source] = target
        else:
            state.parent.update({t: target for t, th in state.parent.items() if th == source})
    elif op == "split":
        _apply_split(state, p)
    elif op == "move_answers":
        rows, topic = state.rows(p["answer_ids"]), int(p["topic"])
        if state.out[rows].any():
            raise ValueError("excluded answers cannot be moved: restore them first")
        state.need("topic", topic)
        if (state.topic[rows] == topic).all():
            raise ValueError(f"the answers are already in topic {topic}")
        state.topic[rows] = topic
    elif op == "move_topic":
        topic, theme = int(p["topic"]), int(p["theme"])
        state.need("topic", topic)
        state.need("theme", theme)
        if state.parent[topic] == theme:
            raise ValueError(f"topic {topic} is already in theme {theme}")
        state.parent[topic] = theme
    elif op == "new_topic":
        _apply_new_topic(state, p)
    elif op == "exclude":
        rows, reason = state.rows(p["answer_ids"]), required_text(p["reason"], "the reason for excluding")
        if state.out[rows].any():
            raise ValueError(f"already excluded: {', '.join(state.ids[rows[state.out[rows]]][:5])}")
        state.out[rows] = True
        state.why.update({a: (reason, user, when) for a in state.ids[rows]})
    elif op == "restore":
        rows = state.rows(p["answer_ids"])
        if not state.out[rows].all():
            raise ValueError(f"not excluded: {', '.join(state.ids[rows[~state.out[rows]]][:5])}")
        state.out[rows] = False
        for a in state.ids[rows]:
            state.why.pop(a, None)
    else:
        raise ValueError(f"unknown edit operation {op!r}")


def _apply_split(state: CurationState, p: dict) -> None:
    level, cid = check_level(p["level"]), int(p["cluster_id"])
    state.need(level, cid)
    new = {int(k): v for k, v in p["new"].items()}
    if min(new) < state.next_id[level]:
        raise ValueError(f"the split would reuse a {level} id: it was made on another history")
    if level == "topic":
        rows = np.flatnonzero(state.topic == cid)
        parts = pd.Series(state.ids[rows]).map(p["assignment"])
        if parts.isna().any() or not set(parts.astype(int)) <= set(new):
            raise ValueError(f"topic {cid} has changed since this split was made")
        state.topic[rows] = parts.to_numpy(dtype=np.int64)
        state.parent.update({n: state.parent[cid] for n in new})
    else:
        moves = {int(t): int(th) for t, th in p["topics"].items()}
        mine = {t for t, th in state.parent.items() if th == cid}
        if mine - set(moves) or not set(moves.values()) <= set(new):
            raise ValueError(f"theme {cid} has changed since this split was made")
        state.parent.update({t: moves[t] for t in mine})
    for n, label in new.items():
        state.auto[(level, n)] = str(label)
        state.born[(level, n)] = cid
    state.next_id[level] = max(new) + 1


def _apply_new_topic(state: CurationState, p: dict) -> None:
    rows, theme, topic = state.rows(p["answer_ids"]), int(p["theme"]), int(p["topic"])
    if state.out[rows].any():
        raise ValueError("excluded answers cannot be moved: restore them first")
    state.need("theme", theme)
    if topic < state.next_id["topic"]:
        raise ValueError("the new topic would reuse a topic id: it was made on another history")
    label = required_text(p["label"], "the name of the new topic")
    state.topic[rows] = topic
    state.parent[topic] = theme
    # Staff named it, and it has no automatic label to fall back to: the name is both.
    state.auto[("topic", topic)] = label
    state.names[("topic", topic)] = label
    state.next_id["topic"] = topic + 1
