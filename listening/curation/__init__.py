"""Staff edits of an analysis (rename, merge, split, move, exclude): an append-only log replayed into the curated view."""

from .edits import (
    curated_analysis,
    exclude_answers,
    merge_clusters,
    move_answers,
    move_topic,
    new_topic,
    rename_cluster,
    replay,
    restore_answers,
    split_cluster,
    undo,
)
from .history import describe_edit, edit_history

__all__ = [
    "curated_analysis",
    "describe_edit",
    "edit_history",
    "exclude_answers",
    "merge_clusters",
    "move_answers",
    "move_topic",
    "new_topic",
    "rename_cluster",
    "replay",
    "restore_answers",
    "split_cluster",
    "undo",
]
