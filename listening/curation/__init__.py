"""Staff edits of an analysis (rename, merge, split, move, exclude): an append-only log replayed into the curated view."""

from .edits import curated_analysis, rename_cluster, replay, undo
from .history import describe_edit, edit_history

__all__ = [
    "curated_analysis",
    "describe_edit",
    "edit_history",
    "rename_cluster",
    "replay",
    "undo",
]
