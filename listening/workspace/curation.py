"""Staff edits of an analysis, one typed method per edit, and the edit history everyone may read."""
from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from listening import curation

from .base import WorkspaceBase


class CurationMixin(WorkspaceBase):
    # -- reads ---------------------------------------------------------------------------
    def edits(self, run_id: int, include_undone: bool = False) -> pd.DataFrame:
        """The run's edits as stored (id, op, payload, user, created_at, undone_at ...), oldest first."""
        self._require("view", self._run_dataset(run_id))
        return self._store.list_edits(run_id, include_undone=include_undone)

    def edit_history(self, run_id: int, lang: str = "ja") -> pd.DataFrame:
        """Every edit of the run described in ``lang``, oldest first (listening.curation.edit_history)."""
        self._require("view", self._run_dataset(run_id))
        return curation.edit_history(self._store, run_id, lang=lang)

    # -- edits (staff) -------------------------------------------------------------------
    def rename_cluster(self, run_id: int, level: str, cluster_id: int, label: str) -> int:
        """Give a theme or topic a staff-chosen name; the edit id."""
        return self._edit(curation.rename_cluster, run_id, (level, cluster_id, label))

    def merge_clusters(self, run_id: int, level: str, source_id: int, target_id: int) -> int:
        """Merge ``source_id`` into ``target_id``; the source disappears."""
        return self._edit(curation.merge_clusters, run_id, (level, source_id, target_id))

    def split_cluster(self, run_id: int, cluster_id: int, n_parts: int = 2, level: str = "topic") -> int:
        """Split a topic (or a theme) into ``n_parts`` new ones by k-means on the run's clustering space."""
        # The audit entry lists the arguments as they were given: the level only when it is not the default.
        args = (cluster_id, n_parts) if level == "topic" else (cluster_id, n_parts, level)
        return self._edit(curation.split_cluster, run_id, args)

    def move_answers(self, run_id: int, answer_ids: Sequence[str], topic_id: int) -> int:
        """Move answers to a topic (their theme follows the topic)."""
        return self._edit(curation.move_answers, run_id, (answer_ids, topic_id), rows=len(answer_ids))

    def move_topic(self, run_id: int, topic_id: int, theme_id: int) -> int:
        """Put a topic, with all its answers, under another theme."""
        return self._edit(curation.move_topic, run_id, (topic_id, theme_id))

    def exclude_answers(self, run_id: int, answer_ids: Sequence[str], reason: str) -> int:
        """Take answers out of the analysis with a reason (they stay listed as excluded)."""
        return self._edit(curation.exclude_answers, run_id, (answer_ids, reason), rows=len(answer_ids))

    def restore_answers(self, run_id: int, answer_ids: Sequence[str]) -> int:
        """Bring excluded answers back, in the topic they were in."""
        return self._edit(curation.restore_answers, run_id, (answer_ids,), rows=len(answer_ids))

    def new_topic(self, run_id: int, answer_ids: Sequence[str], theme_id: int, label: str) -> int:
        """Make a new topic of these answers under ``theme_id`` with a staff-chosen name."""
        return self._edit(curation.new_topic, run_id, (answer_ids, theme_id, label), rows=len(answer_ids))

    def undo(self, run_id: int, edit_id: int | None = None) -> int | None:
        """Undo ``edit_id`` (default: the latest active edit); the id undone, None when there was none."""
        dataset_id = self._run_dataset(run_id)
        self._require("curate", dataset_id)
        undone = curation.undo(self._store, run_id, self.user.name, edit_id)
        self._log("undo", dataset_id, None, run=run_id, edit=undone)
        return undone

    def _edit(self, edit: Callable[..., int], run_id: int, args: tuple, rows: int | None = None) -> int:
        """Check the role, record the edit as this user, log it under the edit's name with its arguments."""
        dataset_id = self._run_dataset(run_id)
        self._require("curate", dataset_id)
        edit_id = edit(self._store, run_id, self.user.name, *args)
        self._log(edit.__name__, dataset_id, rows, run=run_id, edit=edit_id, args=list(args))
        return edit_id
