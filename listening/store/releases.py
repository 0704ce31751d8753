"""Public releases: what each public export printed, so the next one can be compared with it."""
from __future__ import annotations

import json

from .base import now_iso


class ReleasesMixin:
    def add_release(self, dataset_id: int, run_id: int | None, user: str, digest: str, cells: dict,
                    options: dict, forced: bool = False) -> int:
        """Record one public release: every count it printed (``cells``: name -> int or mark)."""
        with self.transaction() as conn:
            return conn.execute(
                """INSERT INTO releases (dataset_id, run_id, user, created_at, digest, cells, options, forced)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (dataset_id, run_id, user, now_iso(), digest,
                 json.dumps(cells, ensure_ascii=False, sort_keys=True),
                 json.dumps(options, ensure_ascii=False, sort_keys=True, default=str), int(forced)),
            ).lastrowid

    def list_releases(self, dataset_id: int) -> list[dict]:
        """The dataset's public releases, oldest first: id, run_id, user, created_at, digest,
        cells (dict), options (dict), forced (bool)."""
        frame = self._frame("SELECT id, run_id, user, created_at, digest, cells, options, forced FROM releases "
                            "WHERE dataset_id = ? ORDER BY id", (dataset_id,))
        return [{**row, "cells": json.loads(row["cells"]), "options": json.loads(row["options"]),
                 "forced": bool(row["forced"]), "run_id": None if row["run_id"] is None else int(row["run_id"]),
                 "id": int(row["id"])} for row in frame.to_dict("records")]
