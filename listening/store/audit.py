"""Audit log: who did what, when, to which rows. Append-only; nothing here deletes."""
from __future__ import annotations

import json

import pandas as pd

from .base import now_iso


class AuditMixin:
    def log(self, user: str, role: str, action: str, dataset_id: int | None = None,
            rows: int | None = None, **detail) -> int:
        with self.transaction() as conn:
            return conn.execute(
                "INSERT INTO audit (at, user, role, action, dataset_id, rows, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (now_iso(), user, role, action, dataset_id, rows,
                 json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)),
            ).lastrowid

    def audit_log(self, dataset_id: int | None = None) -> pd.DataFrame:
        """id, at, user, role, action, dataset_id, rows, detail (dict); oldest first."""
        sql = "SELECT id, at, user, role, action, dataset_id, rows, detail FROM audit"
        params: tuple = ()
        if dataset_id is not None:
            sql += " WHERE dataset_id = ?"
            params = (dataset_id,)
        frame = self._frame(sql + " ORDER BY id", params)
        frame["detail"] = [json.loads(v) for v in frame["detail"]]
        return frame
