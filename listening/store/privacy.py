"""Personal data the masking found, and the redactions staff added by hand."""
from __future__ import annotations

import pandas as pd

from .base import now_iso


class PrivacyMixin:
    # -- what masking found ----------------------------------------------------
    def list_findings(self, dataset_id: int) -> pd.DataFrame:
        """One row per masked item: answer_id, batch, kind, original, start, end, masked text, language,
        field (None for the answer's text, else the attribute the item was in)."""
        return self._frame(
            """SELECT a.answer_id, b.name AS batch, f.kind, f.original, f.start, f.stop AS "end", a.text, a.language,
                      f.field
               FROM findings f JOIN answers a ON a.pk = f.answer_pk
               JOIN batches b ON b.id = a.batch_id
               WHERE b.dataset_id = ? ORDER BY a.pk, f.start""",
            (dataset_id,),
        )

    # -- manual redactions (a term masked wherever it appears) ---------------------
    def add_redaction(self, dataset_id: int, term: str, user: str) -> int:
        with self.transaction() as conn:
            return conn.execute(
                "INSERT INTO redactions (dataset_id, term, user, created_at) VALUES (?, ?, ?, ?)",
                (dataset_id, term, user, now_iso()),
            ).lastrowid

    def remove_redaction(self, redaction_id: int, user: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE redactions SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at IS NULL",
                (now_iso(), user, redaction_id),
            )

    def list_redactions(self, dataset_id: int, include_removed: bool = False) -> pd.DataFrame:
        """id, term, user, created_at, removed_at, removed_by; oldest first."""
        frame = self._frame(
            """SELECT id, term, user, created_at, removed_at, removed_by FROM redactions
               WHERE dataset_id = ? ORDER BY id""",
            (dataset_id,),
        )
        if not include_removed:
            frame = frame[frame["removed_at"].isna()].reset_index(drop=True)
        return frame

    def redaction_version(self, dataset_id: int) -> tuple[int, int]:
        """Changes whenever a redaction is added or removed (for caches)."""
        rows = self._query(
            "SELECT COUNT(*), COALESCE(SUM(removed_at IS NOT NULL), 0) FROM redactions WHERE dataset_id = ?",
            (dataset_id,),
        )
        return int(rows[0][0]), int(rows[0][1])
