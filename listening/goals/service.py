"""The goals lens over a stored analysis: the goal view, the editable goal table and the coverage file.

Staff changes (goal sets, decisions on answers, indicator tables) are Workspace
methods (listening.workspace), so the "goals" permission is checked where the work
happens and every change lands in the audit log; pages and the CLI read the view
through the Workspace too.

Scores use the analysis's neighbour graph, whose rows are the run's answers in
answer-pk order *before* staff exclusions: every answer of the run is scored, then
the rows of the curated analysis are picked out by pk.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from listening.privacy import csv_bytes

from .files import FIELDS, Goal, read_goals
from .scores import (
    MIN_SCORE,
    assign_goals,
    confirmation_indices,
    goal_prototypes,
    goal_scores,
    keyword_matches,
)
from .tables import (  # the views, so pages and the CLI need one module
    BATCH,
    GoalView,
    cluster_goal_cells,
    coverage,
    coverage_matrix,
    indicators_beside,
    keyword_hits,
    keyword_rule,
    suggestions,
    uncovered,
    unheard,
)

# -- the editable table and the sample vision ----------------------------------------------


def goals_table(goals: Sequence[Goal]) -> pd.DataFrame:
    """One row per goal with the columns of a goal file (examples " | ", keywords " OR ")."""
    rows = [[g.goal_id, g.name, g.description, " | ".join(g.examples), " OR ".join(g.keywords), g.parent or "",
             g.language] for g in goals]
    return pd.DataFrame(rows, columns=list(FIELDS), dtype=object)


def goals_from_table(table: pd.DataFrame) -> list[Goal]:
    """The goals an edited table holds, read exactly as a goal file is (InputError when invalid)."""
    frame = table.reindex(columns=list(FIELDS)).astype(object)
    return read_goals(csv_bytes(frame.where(frame.notna(), "")), "goals.csv")


def sample_goals(language: str) -> tuple[bytes, str]:
    """(bytes, file name) of the sample vision written for the sample city (ja or ko)."""
    from listening.sample import SAMPLE_DIR

    name = f"goals_{'ko' if language == 'ko' else 'ja'}.csv"
    return (SAMPLE_DIR / name).read_bytes(), name


# -- the view ------------------------------------------------------------------------------


def goal_view(store, analysis, embedder=None, *, min_score: float = MIN_SCORE) -> GoalView | None:
    """Scores, assignment and keyword hits of the analysis's answers; None when no goals are defined."""
    goals = store.load_goals(analysis.dataset_id)
    if not goals:
        return None
    from listening.embed import embed_with_cache, get_embedder

    embedder = embedder or get_embedder(analysis.info.get("model") or "use-multilingual-v3")
    answers = analysis.answers.reset_index(drop=True)
    run, neighbours = _run_answers(store, analysis)
    vectors, _ = embed_with_cache(store, embedder, run["text"].tolist(), run["text_hash"].astype(str).tolist())
    decisions = store.goal_confirmations(analysis.dataset_id)
    confirmed, rejected = confirmation_indices(run, decisions)
    scores = goal_scores(vectors, goals, confirmed=confirmed, rejected=rejected, neighbours=neighbours,
                         prototypes=goal_prototypes(goals, embedder, store))
    if "pk" in answers.columns and "pk" in run.columns:
        at = pd.Series(np.arange(len(run)), index=run["pk"].to_numpy())
        scores = scores[at.loc[answers["pk"].to_numpy()].to_numpy()]
    versions = store.goal_versions(analysis.dataset_id)
    batches = store.list_batches(analysis.dataset_id)
    return GoalView(goals=goals, answers=answers, scores=scores, assignment=assign_goals(scores, min_score=min_score),
                    keywords=keyword_matches(answers["text"].astype(str).tolist(), goals), decisions=decisions,
                    indicators=store.load_indicators(analysis.dataset_id),
                    batch_names={int(i): str(n) for i, n in zip(batches["id"], batches["name"])},
                    version=int(versions["id"].iloc[-1]) if len(versions) else None)


def _run_answers(store, analysis) -> tuple[pd.DataFrame, tuple[np.ndarray, np.ndarray] | None]:
    """Every answer of the run (staff exclusions included) in the order of its neighbour graph, and
    the graph when it matches them (None otherwise: the scores are then not smoothed)."""
    if "pk" not in analysis.answers.columns:
        return analysis.answers.reset_index(drop=True), None
    _, assigned, _ = store.load_run(analysis.run_id)
    stored = store.load_answers(analysis.dataset_id)
    run = stored[stored["pk"].isin(set(assigned["pk"].tolist()))].sort_values("pk").reset_index(drop=True)
    missing = set(analysis.answers["pk"].tolist()) - set(run["pk"].tolist())
    if missing:  # answers of the run no longer stored: score what the analysis has
        return analysis.answers.reset_index(drop=True), None
    graph = store.analysis_neighbours(analysis.info)
    if graph is None or len(graph[0]) != len(run) or len(run) != len(assigned):
        return run, None
    return run, graph


def export_coverage(store, analysis) -> pd.DataFrame | None:
    """Goal coverage of every answer of the analysis, for the export's goal section (None: no goals)."""
    view = goal_view(store, analysis)
    return None if view is None else coverage(view)


def coverage_csv(table: pd.DataFrame) -> bytes:
    """A coverage table as UTF-8 CSV with BOM (Excel), no cell read as a formula."""
    return csv_bytes(table)


__all__ = ["BATCH", "GoalView", "cluster_goal_cells", "coverage", "coverage_csv", "coverage_matrix", "export_coverage",
           "goal_view", "goals_from_table", "goals_table", "indicators_beside", "keyword_hits", "keyword_rule",
           "sample_goals", "suggestions", "uncovered", "unheard"]
