"""A dataset's vision goals (versioned sets), staff decisions on answers per goal, indicator values."""
from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
import pandas as pd

from listening.types import Goal, validate_goals

from .base import now_iso

DECISIONS = ("confirmed", "rejected", "cleared")
DECISION_COLUMNS = ["goal_id", "answer_id", "text_hash", "state", "user", "created_at"]


INDICATOR_COLUMNS = ("goal_id", "district", "year", "indicator", "value", "unit")


class GoalsMixin:
    # -- goal sets: saving replaces the current set, earlier sets stay as versions ----------
    def save_goals(self, dataset_id: int, goals: Sequence[Goal], user: str) -> int:
        """Store ``goals`` as the dataset's current set (validated); returns the new version id."""
        validate_goals(list(goals))
        with self.transaction() as conn:
            set_id = conn.execute(
                "INSERT INTO goal_sets (dataset_id, user, created_at) VALUES (?, ?, ?)",
                (dataset_id, user, now_iso()),
            ).lastrowid
            conn.executemany(
                """INSERT INTO goals (set_id, position, goal_id, name, description, examples, keywords,
                       parent, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                ((set_id, i, g.goal_id, g.name, g.description, json.dumps(list(g.examples), ensure_ascii=False),
                  json.dumps(list(g.keywords), ensure_ascii=False), g.parent, g.language)
                 for i, g in enumerate(goals)),
            )
        return set_id

    def load_goals(self, dataset_id: int, version: int | None = None) -> list[Goal]:
        """The current goal set (or the set saved as ``version``); [] when none was saved."""
        if version is None:
            rows = self._query("SELECT MAX(id) FROM goal_sets WHERE dataset_id = ?", (dataset_id,))
            version = rows[0][0]
            if version is None:
                return []
        rows = self._query(
            """SELECT g.goal_id, g.name, g.description, g.examples, g.keywords, g.parent, g.language
               FROM goals g JOIN goal_sets s ON s.id = g.set_id
               WHERE g.set_id = ? AND s.dataset_id = ? ORDER BY g.position""",
            (version, dataset_id),
        )
        return [Goal(gid, name, desc, tuple(json.loads(ex)), tuple(json.loads(kw)), parent, lang)
                for gid, name, desc, ex, kw, parent, lang in rows]

    def goal_versions(self, dataset_id: int) -> pd.DataFrame:
        """Saved goal sets, oldest first: id, user, created_at, n_goals."""
        return self._frame(
            """SELECT s.id, s.user, s.created_at, COUNT(g.goal_id) AS n_goals
               FROM goal_sets s LEFT JOIN goals g ON g.set_id = s.id
               WHERE s.dataset_id = ? GROUP BY s.id ORDER BY s.id""",
            (dataset_id,),
        )

    # -- staff decisions: append-only, the latest per (goal, answer) counts ------------------
    def record_goal_decision(self, dataset_id: int, goal_id: str, answer_ids: Sequence[str],
                             text_hashes: Sequence[str], state: str, user: str) -> None:
        """Record that ``user`` confirmed, rejected or cleared these answers for ``goal_id``.

        Answers are named by their answer id and text hash (``load_answers`` has
        both), so a decision follows the answer through new batches and re-analyses.
        """
        if state not in DECISIONS:
            raise ValueError(f"unknown decision '{state}': use one of {', '.join(DECISIONS)}")
        if len(answer_ids) != len(text_hashes):
            raise ValueError("answer_ids and text_hashes must have the same length")
        created = now_iso()
        with self.transaction() as conn:
            conn.executemany(
                """INSERT INTO goal_decisions (dataset_id, goal_id, answer_id, text_hash, state, user, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                ((dataset_id, goal_id, str(a), str(h), state, user, created)
                 for a, h in zip(answer_ids, text_hashes)),
            )

    def goal_confirmations(self, dataset_id: int, include_history: bool = False) -> pd.DataFrame:
        """Current decisions: goal_id, answer_id, text_hash, state (confirmed/rejected), user, created_at.

        With ``include_history`` every decision ever recorded, cleared ones included, oldest first.
        """
        if include_history:
            return self._frame(
                f"SELECT {', '.join(DECISION_COLUMNS)} FROM goal_decisions WHERE dataset_id = ? ORDER BY id",
                (dataset_id,),
            )
        return self._frame(
            f"""SELECT {', '.join(DECISION_COLUMNS)} FROM goal_decisions WHERE id IN (
                    SELECT MAX(id) FROM goal_decisions WHERE dataset_id = ?
                    GROUP BY goal_id, answer_id, text_hash)
                AND state != 'cleared' ORDER BY id""",
            (dataset_id,),
        )

    # -- indicator values per goal, district and year (an upload replaces the last) --------
    def save_indicators(self, dataset_id: int, indicators: pd.DataFrame, user: str) -> None:
        """Replace the dataset's indicator table with ``indicators`` (as ``read_indicators`` gives it)."""
        frame = indicators.reindex(columns=list(INDICATOR_COLUMNS))
        created = now_iso()
        with self.transaction() as conn:
            conn.execute("DELETE FROM goal_indicators WHERE dataset_id = ?", (dataset_id,))
            conn.executemany(
                """INSERT INTO goal_indicators (dataset_id, position, goal_id, district, year, indicator, value,
                       unit, user, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                ((dataset_id, i, str(r.goal_id), _text(r.district), None if pd.isna(r.year) else int(r.year),
                  str(r.indicator), None if pd.isna(r.value) else float(r.value), _text(r.unit), user, created)
                 for i, r in enumerate(frame.itertuples(index=False))),
            )

    def load_indicators(self, dataset_id: int) -> pd.DataFrame:
        """goal_id, district, year (Int64), indicator, value (float, NaN when missing), unit; upload order."""
        frame = self._frame(
            f"SELECT {', '.join(INDICATOR_COLUMNS)} FROM goal_indicators WHERE dataset_id = ? ORDER BY position",
            (dataset_id,),
        )
        for column in ("goal_id", "district", "indicator", "unit"):
            frame[column] = frame[column].astype("str")
        frame["year"] = frame["year"].astype("Int64")
        frame["value"] = frame["value"].astype("float64")
        return frame

    # -- the analysis's neighbour graph, which sharpens goal scores ---------------------------
    def analysis_neighbours(self, space_key: str | None) -> tuple[np.ndarray, np.ndarray] | None:
        """(knn_i, knn_s) kept with a run's clustering space (``Analysis.info.artefacts.space``),
        rows in the order of its answers; None when the run kept no neighbour graph."""
        arrays = self.get_arrays(space_key) if space_key else None
        if not arrays or "knn_i" not in arrays:
            return None
        return arrays["knn_i"], arrays["knn_s"]


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
