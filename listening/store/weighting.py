"""Population margins and weighting settings per dataset (append-only: the latest row is current)."""
from __future__ import annotations

import json

import pandas as pd

from .base import now_iso

SETTING_FIELDS = ("margins_id", "by_attributes", "mapping", "method", "max_ratio", "missing", "default_weighted")


class WeightingMixin:
    def save_population(self, dataset_id: int, population_json: str, user: str) -> int:
        """Store a population table (``Population.to_json()``); returns its id."""
        with self.transaction() as conn:
            return conn.execute(
                "INSERT INTO population_margins (dataset_id, population, user, created_at) VALUES (?, ?, ?, ?)",
                (dataset_id, population_json, user, now_iso()),
            ).lastrowid

    def load_population(self, margins_id: int) -> str | None:
        rows = self._query("SELECT population FROM population_margins WHERE id = ?", (margins_id,))
        return rows[0][0] if rows else None

    def save_weighting(self, dataset_id: int, user: str, *, margins_id: int | None, by_attributes: list[str],
                       mapping: list[dict], method: str, max_ratio: float | None, missing: str,
                       default_weighted: bool) -> int:
        """A new current weighting setting for the dataset; earlier ones stay as history."""
        with self.transaction() as conn:
            return conn.execute(
                """INSERT INTO weighting_settings (dataset_id, margins_id, by_attributes, mapping, method,
                       max_ratio, missing, default_weighted, user, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (dataset_id, margins_id, json.dumps(list(by_attributes), ensure_ascii=False),
                 json.dumps(mapping, ensure_ascii=False), method, max_ratio, missing, int(bool(default_weighted)),
                 user, now_iso()),
            ).lastrowid

    def weighting_settings(self, dataset_id: int) -> dict | None:
        """The current setting as a dict (SETTING_FIELDS plus id, user, created_at), or None."""
        rows = self._query(
            f"""SELECT id, {", ".join(SETTING_FIELDS)}, user, created_at FROM weighting_settings
                WHERE dataset_id = ? ORDER BY id DESC LIMIT 1""",
            (dataset_id,),
        )
        if not rows:
            return None
        row = dict(zip(("id", *SETTING_FIELDS, "user", "created_at"), rows[0]))
        row["by_attributes"] = json.loads(row["by_attributes"])
        row["mapping"] = json.loads(row["mapping"])
        row["default_weighted"] = bool(row["default_weighted"])
        return row

    def weighting_history(self, dataset_id: int) -> pd.DataFrame:
        """Every weighting setting of the dataset, oldest first: id, margins_id, method, max_ratio,
        missing, default_weighted, user, created_at."""
        return self._frame(
            """SELECT id, margins_id, method, max_ratio, missing, default_weighted, user, created_at
               FROM weighting_settings WHERE dataset_id = ? ORDER BY id""",
            (dataset_id,),
        )
