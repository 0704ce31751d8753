"""The vision goals lens: goal files, how answers relate to each goal, and the coverage views."""

from .files import FIELDS, LANGUAGES, read_goals, read_indicators, write_goals
from .scores import MIN_SCORE, assign_goals, goal_prototypes, goal_scores
from .service import (
    BATCH,
    GoalView,
    cluster_goal_cells,
    coverage,
    coverage_csv,
    coverage_matrix,
    export_coverage,
    goal_view,
    goals_from_table,
    goals_table,
    indicators_beside,
    keyword_hits,
    keyword_rule,
    sample_goals,
    suggestions,
    uncovered,
    unheard,
)
from .views import NO_GOAL

__all__ = [
    "assign_goals",
    "BATCH",
    "cluster_goal_cells",
    "coverage",
    "coverage_csv",
    "coverage_matrix",
    "export_coverage",
    "FIELDS",
    "goal_prototypes",
    "goal_scores",
    "goal_view",
    "GoalView",
    "goals_from_table",
    "goals_table",
    "indicators_beside",
    "keyword_hits",
    "keyword_rule",
    "LANGUAGES",
    "MIN_SCORE",
    "NO_GOAL",
    "read_goals",
    "read_indicators",
    "sample_goals",
    "suggestions",
    "uncovered",
    "unheard",
    "write_goals",
]
