"""The vision goals lens: goal files, how answers relate to each goal, and the coverage views."""

from .files import FIELDS, LANGUAGES, read_goals, read_indicators, write_goals
from .scores import MIN_SCORE, assign_goals, goal_prototypes, goal_scores
from .service import GoalView, export_coverage, goal_view
from .views import NO_GOAL

__all__ = [
    "assign_goals",
    "export_coverage",
    "FIELDS",
    "goal_prototypes",
    "goal_scores",
    "goal_view",
    "GoalView",
    "LANGUAGES",
    "MIN_SCORE",
    "NO_GOAL",
    "read_goals",
    "read_indicators",
    "write_goals",
]
