"""Survey waves: new batches placed on a run, matched re-analyses, and what staff review after a wave."""
from __future__ import annotations

import pandas as pd

from listening.analysis import Analysis
from listening.types import AnalysisSettings

from .base import WorkspaceBase


class WavesMixin(WorkspaceBase):
    # -- reads ---------------------------------------------------------------------------
    def new_answers(self, dataset_id: int, run_id: int) -> pd.DataFrame:
        """Stored answers of the dataset that the run does not hold yet (batches added since)."""
        from listening.waves import new_answers

        self._require("view", dataset_id)
        return new_answers(self._store, dataset_id, run_id)

    def duplicates(self, analysis: Analysis) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(members, bursts): repeated and near-identical answers of the analysis and the waves where they
        came in bursts (listening.waves.analysis_duplicates), embedded with the model kept loaded."""
        from listening.embed import loaded_embedder
        from listening.waves import analysis_duplicates

        self._require("view", analysis.dataset_id)
        return analysis_duplicates(self._store, analysis, loaded_embedder(analysis.info["model"]))

    def new_voice_proposals(self, analysis: Analysis, min_size: int = 10) -> list[list[str]]:
        """Candidate new topics among the new voices of the run's added batch (answer ids), largest first."""
        from listening.embed import loaded_embedder
        from listening.waves import new_voice_proposals

        self._require("view", analysis.dataset_id)
        return new_voice_proposals(self._store, analysis, loaded_embedder(analysis.info["model"]), min_size=min_size)

    def accepted_voices(self, run_id: int) -> set[str]:
        """Answers staff already made into a new topic (active new_topic edits of the run)."""
        from listening.waves import accepted_voices

        self._require("view", self._run_dataset(run_id))
        return accepted_voices(self._store.list_edits(run_id, include_undone=False))

    # -- analyses (staff) ----------------------------------------------------------------
    def add_to_run(self, dataset_id: int, run_id: int, progress=None) -> Analysis:
        """Place the answers of new batches in an existing analysis (earlier work kept)."""
        from listening.waves import add_to_run

        self._require("analyze", dataset_id)
        result = add_to_run(self._store, dataset_id, run_id, progress=progress)
        update = result.info.get("update", {})
        self._log("add_to_analysis", dataset_id, update.get("added"), run=result.run_id, parent=run_id,
                  batches=update.get("batches"), new_voices=len(update.get("new_voices", [])))
        return result

    def reanalyze(self, dataset_id: int, previous_run: int, settings: AnalysisSettings = AnalysisSettings(),
                  progress=None):
        """A full re-analysis matched to ``previous_run`` (listening.waves.Reanalysis)."""
        from listening.waves import reanalyze

        self._require("analyze", dataset_id)
        result = reanalyze(self._store, dataset_id, previous_run, settings, progress=progress, user=self.user.name)
        self._log("reanalyze", dataset_id, len(result.analysis.answers), run=result.analysis.run_id,
                  previous=previous_run, kept_share=round(result.kept_share, 4), labels_carried=result.labels_carried)
        return result
