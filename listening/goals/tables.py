"""Tables of the goals lens, from a :class:`GoalView`: coverage, clusters x goals, unheard goals,
uncovered voices, suggested answers and keyword hits per goal, indicators beside opinion shares.

Pure functions of the view (no store): ``listening.goals.service.goal_view`` builds it.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .files import Goal
from .scores import confirmation_indices, goal_children, leaf_goals, matched_keywords
from .views import NO_GOAL, goal_coverage, uncovered_clusters, unheard_goals

BATCH = "batch_id"  # coverage "by batch": the answers' batch, shown by its name


@dataclass(frozen=True, eq=False)
class GoalView:
    """Goals, scores and staff decisions for the answers of one (curated) analysis.

    ``scores``, ``assignment`` (the goals each answer touches) and ``keywords``
    (keyword-rule hits) are answers x goals, rows in the order of ``answers``,
    columns in the order of ``goals``.
    """

    goals: list[Goal]
    answers: pd.DataFrame
    scores: np.ndarray
    assignment: np.ndarray
    keywords: np.ndarray
    decisions: pd.DataFrame
    indicators: pd.DataFrame
    batch_names: dict[int, str]
    version: int | None

    def column(self, goal_id: str) -> int:
        for j, goal in enumerate(self.goals):
            if goal.goal_id == goal_id:
                return j
        raise KeyError(f"no goal with id '{goal_id}'")

    def names(self) -> dict[str, str]:
        return {g.goal_id: g.name for g in self.goals}


def coverage(view: GoalView, by: str | None = None, rows: Sequence[int] | None = None,
             weights=None) -> pd.DataFrame:
    """``goals_views.goal_coverage`` with keyword counts, of all answers or the ``rows`` positions;
    ``by`` an attribute or ``BATCH`` (values: batch names). ``weights``: one per answer of
    ``view.answers`` (by position, e.g. ``listening.weighting.answer_weights(view.answers, w)``)
    adds ``weighted_share``."""
    at = np.arange(len(view.answers)) if rows is None else np.asarray(rows, dtype=np.int64)
    answers = view.answers.iloc[at].reset_index(drop=True)
    if by == BATCH:
        answers = answers.assign(**{BATCH: answers[BATCH].map(lambda b: view.batch_names.get(int(b), str(b)))})
    w = None if weights is None else np.asarray(weights, dtype=float)[at]
    return goal_coverage(answers, view.assignment[at], view.goals, by=by, keywords=view.keywords[at], weights=w)


def coverage_matrix(view: GoalView, by: str, rows: Sequence[int] | None = None,
                    weights=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(counts, shares): goals (then "no goal" and total) x values of ``by``; with ``weights``
    the shares are weighted (counts stay the answers counted)."""
    table = coverage(view, by, rows, weights)
    order = list(dict.fromkeys(table["goal_id"]))
    counts = table.pivot(index="goal_id", columns=by, values="count").reindex(order)
    share = "share" if weights is None else "weighted_share"
    shares = table.pivot(index="goal_id", columns=by, values=share).reindex(order)
    columns = list(dict.fromkeys(table[by]))
    return counts[columns], shares[columns]


def cluster_goal_cells(view: GoalView, level: str = "topic") -> pd.DataFrame:
    """Every (cluster, goal) cell for a heatmap: cluster_id, cluster, size, goal_id, goal, count, share.

    Goals are the leaf goals plus ``NO_GOAL`` (answers of the cluster touching none);
    share = count / cluster size. ``cluster`` is the label, with the id where two
    clusters share a label (a chart axis would merge them).
    """
    leaves = [view.column(g.goal_id) for g in leaf_goals(view.goals)]
    frame = pd.DataFrame(view.assignment[:, leaves], columns=[view.goals[j].goal_id for j in leaves])
    frame[NO_GOAL] = ~view.assignment.any(axis=1)
    clusters = view.answers[level].astype("int64").to_numpy()
    counts = frame.groupby(clusters).sum()
    sizes = pd.Series(clusters).value_counts().reindex(counts.index)
    labels = view.answers.groupby(clusters)[f"{level}_label"].first() if f"{level}_label" in view.answers else None
    cells = counts.reset_index(names="cluster_id").melt(id_vars="cluster_id", var_name="goal_id", value_name="count")
    names = view.names() | {NO_GOAL: NO_GOAL}
    shown = {c: str(labels[c]) if labels is not None else str(c) for c in counts.index}
    twice = {name for name in shown.values() if list(shown.values()).count(name) > 1}
    cells["cluster"] = [f"{shown[c]} ({c})" if shown[c] in twice else shown[c] for c in cells["cluster_id"]]
    cells["size"] = sizes.loc[cells["cluster_id"]].to_numpy()
    cells["goal"] = cells["goal_id"].map(names)
    cells["share"] = cells["count"] / cells["size"]
    return cells[["cluster_id", "cluster", "size", "goal_id", "goal", "count", "share"]]


def unheard(view: GoalView, min_share: float = 0.02) -> pd.DataFrame:
    """Goals (not viewpoints) touched by fewer than ``min_share`` of the answers, fewest first."""
    leaves = {g.goal_id for g in leaf_goals(view.goals)}
    quiet = unheard_goals(coverage(view), min_share)
    return quiet[quiet["goal_id"].isin(leaves)].reset_index(drop=True)


def uncovered(view: GoalView, level: str = "topic", min_share: float = 0.5,
              n_representatives: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(clusters, voices): clusters where at least ``min_share`` of the answers touch no goal, with
    the goal they come nearest to; and their most typical uncovered answers (cluster, answer_id, text)."""
    table = uncovered_clusters(view.answers, view.assignment, view.goals, level=level, min_share=min_share,
                               n_representatives=n_representatives, scores=view.scores)
    text_of: dict[str, str] = {}
    for answer_id, text in zip(view.answers["answer_id"].astype(str), view.answers["text"].astype(str)):
        text_of.setdefault(answer_id, text)
    voices = pd.DataFrame([(r.cluster_label, a, text_of.get(a, "")) for r in table.itertuples()
                           for a in r.representatives], columns=["cluster", "answer_id", "text"])
    table = table.assign(nearest_goal=table["nearest_goal"].map(view.names())) if len(table) else table
    return table.drop(columns=["representatives"]), voices


def suggestions(view: GoalView, goal_id: str, n: int = 100) -> pd.DataFrame:
    """The ``n`` distinct texts the model scores highest for a goal, plus every text staff decided on
    for it; highest score first. Identical answers share one row (staff judge a text once).

    Columns: text_hash, answer_ids (list), text, n_answers, score (best of the
    answers), assigned (the model gives the goal to at least one of them), keywords
    (the goal's keywords in the text), state ("confirmed"/"rejected" when every
    answer with the text has that decision, else "").
    """
    j = view.column(goal_id)
    decided = view.decisions[view.decisions["goal_id"] == goal_id]
    confirmed, rejected = confirmation_indices(view.answers, decided)
    states = {p: "confirmed" for p in confirmed.get(goal_id, [])} | {p: "rejected" for p in rejected.get(goal_id, [])}
    order = np.argsort(-view.scores[:, j], kind="stable")
    hashes = view.answers["text_hash"].astype(str).to_numpy()
    wanted = set(list(dict.fromkeys(hashes[order].tolist()))[:n]) | {hashes[p] for p in states}
    rows = order[np.isin(hashes[order], list(wanted))]
    return _by_text(view, rows, j, [states.get(int(p), "") for p in rows])


def keyword_hits(view: GoalView, goal_id: str) -> pd.DataFrame:
    """Texts a goal's keyword rule matches (its sub-goals' rules included), highest model score first,
    one row per distinct text; columns as :func:`suggestions` without state."""
    j = view.column(goal_id)
    rows = np.flatnonzero(view.keywords[:, j])
    return _by_text(view, rows[np.argsort(-view.scores[rows, j], kind="stable")], j)


def _by_text(view: GoalView, rows: np.ndarray, j: int, states: list[str] | None = None) -> pd.DataFrame:
    rule = keyword_rule(view.goals, view.goals[j])
    frame = pd.DataFrame({
        "text_hash": view.answers["text_hash"].astype(str).to_numpy()[rows],
        "answer_id": view.answers["answer_id"].astype(str).to_numpy()[rows],
        "text": view.answers["text"].astype(str).to_numpy()[rows],
        "score": view.scores[rows, j].astype(float), "assigned": view.assignment[rows, j],
        "state": states if states is not None else [""] * len(rows),
    })
    grouped = frame.groupby("text_hash", sort=False).agg(
        answer_ids=("answer_id", list), text=("text", "first"), n_answers=("answer_id", "size"),
        score=("score", "max"), assigned=("assigned", "any"),
        state=("state", lambda s: s.iloc[0] if s.nunique() == 1 else "")).reset_index()
    grouped["keywords"] = [" / ".join(matched_keywords(t, rule)) for t in grouped["text"]]
    columns = ["text_hash", "answer_ids", "text", "n_answers", "score", "assigned", "keywords"]
    return grouped[columns + (["state"] if states is not None else [])]


def keyword_rule(goals: Sequence[Goal], goal: Goal) -> Goal:
    """``goal`` with the keywords of every goal under it: the rule ``keyword_matches`` applies to it."""
    children, terms, todo = goal_children(goals), list(goal.keywords), list(goal_children(goals)[goal.goal_id])
    by_id = {g.goal_id: g for g in goals}
    while todo:
        kid = todo.pop(0)
        terms += by_id[kid].keywords
        todo += children[kid]
    return Goal(goal.goal_id, goal.name, keywords=tuple(dict.fromkeys(terms)))


def indicators_beside(view: GoalView, area: str | None = None, district: str | None = None) -> pd.DataFrame:
    """The indicator table with the opinion shares beside each value.

    ``area`` is the attribute holding districts. ``share``: answers touching the
    goal among the answers of the row's district (all answers for a row with a
    blank district); ``answers``: how many touch it there; ``city_share``: among all
    answers. With ``district`` (a district profile) only that district's rows and
    the whole-area rows are kept, and ``share``/``answers`` are the district's on
    every row. Columns: goal_id, goal, district, year, indicator, value, unit,
    answers, share, city_share.
    """
    table = view.indicators.copy()
    if district is not None:
        table = table[table["district"].map(_fold).isin({_fold(district), ""})]
    places = view.answers[area].map(_fold).to_numpy() if area in view.answers.columns else None
    counts, shares, city = [], [], []
    for goal_id, place in zip(table["goal_id"], table["district"].map(_fold)):
        place = _fold(district) if district is not None else place
        j = next((k for k, g in enumerate(view.goals) if g.goal_id == goal_id), None)
        inside = np.ones(len(view.answers), bool) if place == "" else (None if places is None else places == place)
        hit = None if j is None or inside is None or not inside.any() else view.assignment[inside, j]
        counts.append(None if hit is None else int(hit.sum()))
        shares.append(np.nan if hit is None else float(hit.mean()))
        city.append(np.nan if j is None or not len(view.answers) else float(view.assignment[:, j].mean()))
    table.insert(1, "goal", table["goal_id"].map(view.names()))
    return table.assign(answers=pd.array(counts, dtype="Int64"), share=shares, city_share=city).reset_index(drop=True)


def _fold(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else \
        unicodedata.normalize("NFKC", str(value)).strip()
