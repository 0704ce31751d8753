"""Response tables: what staff wrote for each opinion type, as an append-only log of field edits.

A row's text is the last active edit of each field; undo marks an edit group undone, so the
history and the table cannot disagree. Edits made together (one import) share a group and are
undone together. Rows are keyed by topic id, which carries over re-analyses and new batches, so
responses belong to the dataset, not to one run.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .base import now_iso

TABLE_KEY = "__table__"  # row key of table-wide settings: row order, dispositions, title


class ResponsesMixin:
    def add_response_edits(self, dataset_id: int, edits: Sequence[tuple[str, str, str, str | None]],
                           user: str) -> list[int]:
        """Store ``(row_key, field, value, digest)`` edits as one group; their ids."""
        if not edits:
            return []
        when = now_iso()
        ids = []
        with self.transaction() as conn:
            for row_key, field, value, digest in edits:
                ids.append(conn.execute(
                    """INSERT INTO response_edits (dataset_id, row_key, field, value, digest, user, created_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    (dataset_id, str(row_key), str(field), str(value), digest, user, when),
                ).lastrowid)
            conn.execute(f"UPDATE response_edits SET grp = ? WHERE id IN ({','.join('?' * len(ids))})",
                         (ids[0], *ids))
        return ids

    def list_response_edits(self, dataset_id: int, include_undone: bool = False) -> pd.DataFrame:
        """id, grp, row_key, field, value, digest, user, created_at, undone_at, undone_by; oldest first."""
        frame = self._frame(
            """SELECT id, grp, row_key, field, value, digest, user, created_at, undone_at, undone_by
               FROM response_edits WHERE dataset_id = ? ORDER BY id""",
            (dataset_id,),
        )
        if not include_undone:
            frame = frame[frame["undone_at"].isna()].reset_index(drop=True)
        return frame

    def undo_response_edits(self, dataset_id: int, user: str, group: int | None = None) -> int | None:
        """Mark one edit group undone (the latest active one when ``group`` is None); the group id."""
        with self.transaction() as conn:
            if group is None:
                row = conn.execute(
                    "SELECT MAX(grp) FROM response_edits WHERE dataset_id = ? AND undone_at IS NULL",
                    (dataset_id,),
                ).fetchone()
                group = row[0]
            if group is None:
                return None
            done = conn.execute(
                """UPDATE response_edits SET undone_at = ?, undone_by = ?
                   WHERE dataset_id = ? AND grp = ? AND undone_at IS NULL""",
                (now_iso(), user, dataset_id, int(group)),
            ).rowcount
        return int(group) if done else None

    def response_version(self, dataset_id: int) -> tuple[int, int]:
        """Changes whenever a response edit is made or undone (for caches)."""
        rows = self._query(
            "SELECT COUNT(*), COALESCE(SUM(undone_at IS NOT NULL), 0) FROM response_edits WHERE dataset_id = ?",
            (dataset_id,),
        )
        return int(rows[0][0]), int(rows[0][1])
