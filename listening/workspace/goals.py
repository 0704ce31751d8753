"""The vision goals lens: goal sets, decisions on answers and indicator tables (staff), and the views everyone reads."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from listening.goals import GoalView, goal_view, read_goals, read_indicators, write_goals
from listening.types import Goal

from .base import WorkspaceBase


class GoalsMixin(WorkspaceBase):
    # -- reads ---------------------------------------------------------------------------
    def goals(self, dataset_id: int) -> list[Goal]:
        """The dataset's current goal set (empty before any is defined)."""
        self._require("view", dataset_id)
        return self._store.load_goals(dataset_id)

    def indicators(self, dataset_id: int) -> pd.DataFrame:
        """The dataset's indicator values per goal, district and year (empty when none were uploaded)."""
        self._require("view", dataset_id)
        return self._store.load_indicators(dataset_id)

    def goals_file(self, dataset_id: int, fmt: str = "csv") -> bytes | None:
        """The current goals as a CSV or YAML file; None when there are none."""
        goals = self.goals(dataset_id)
        return write_goals(goals, fmt) if goals else None

    def goals_version(self, dataset_id: int) -> tuple[int, int, int]:
        """Changes whenever goals, decisions on answers or indicators change (a cache key)."""
        self._require("view", dataset_id)
        s = self._store
        return (len(s.goal_versions(dataset_id)), len(s.goal_confirmations(dataset_id, include_history=True)),
                len(s.load_indicators(dataset_id)))

    def goal_view(self, analysis, embedder=None) -> GoalView | None:
        """Scores, assignment and keyword hits of the analysis's answers; None when no goals are defined."""
        self._require("view", analysis.dataset_id)
        return goal_view(self._store, analysis, embedder)

    # -- staff changes -------------------------------------------------------------------
    def define_goals(self, dataset_id: int, goals: Sequence[Goal], source: str | None = None) -> int:
        """Save ``goals`` as the dataset's current set (earlier sets stay as versions); the new version id."""
        self._require("goals", dataset_id)
        version = self._store.save_goals(dataset_id, list(goals), self.user.name)
        self._log("goals_saved", dataset_id, len(goals), version=version, goals=[g.goal_id for g in goals],
                  **({"file": source} if source else {}))
        return version

    def import_goals(self, dataset_id: int, data: bytes, filename: str) -> list[Goal]:
        """Goals from a CSV/Excel/YAML file saved as the current set (InputError names a bad file)."""
        self._require("goals", dataset_id)
        goals = read_goals(data, filename)
        self.define_goals(dataset_id, goals, source=filename)
        return goals

    def decide_goal(self, dataset_id: int, goal_id: str, answer_ids: Sequence[str], state: str,
                    text_hashes: Sequence[str] | None = None) -> int:
        """Record staff confirming, rejecting or clearing answers for a goal; the number recorded.

        Without ``text_hashes`` every stored answer with one of these ids is meant
        (ids reused by a later batch for other answers are then included too).
        """
        self._require("goals", dataset_id)
        if goal_id not in {g.goal_id for g in self._store.load_goals(dataset_id)}:
            raise ValueError(f"no goal with id '{goal_id}' in the current goals")
        ids = [str(a) for a in answer_ids]
        if text_hashes is None:
            known = self._store.load_answers(dataset_id)[["answer_id", "text_hash"]].astype(str)
            known = known[known["answer_id"].isin(set(ids))]
            missing = sorted(set(ids) - set(known["answer_id"]))
            if missing:
                raise ValueError(f"no answer with id {', '.join(missing[:5])} in this dataset")
            ids, hashes = known["answer_id"].tolist(), known["text_hash"].tolist()
        else:
            hashes = [str(h) for h in text_hashes]
        self._store.record_goal_decision(dataset_id, goal_id, ids, hashes, state, self.user.name)
        self._log("goal_decision", dataset_id, len(ids), goal=goal_id, state=state)
        return len(ids)

    def upload_indicators(self, dataset_id: int, data: bytes, filename: str) -> pd.DataFrame:
        """Replace the dataset's indicator table with the file's (goal ids must be current goals)."""
        self._require("goals", dataset_id)
        frame = read_indicators(data, filename, self._store.load_goals(dataset_id) or None)
        self._store.save_indicators(dataset_id, frame, self.user.name)
        self._log("indicators_saved", dataset_id, len(frame), file=filename)
        return frame
