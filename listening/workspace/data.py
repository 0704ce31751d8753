"""Datasets, batches and runs: what is stored, files in, analyses made and read back."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from listening.analysis import Analysis, ColumnChoice, ImportResult, analyze, import_file, load_analysis
from listening.curation import curated_analysis
from listening.types import AnalysisSettings

from .base import WorkspaceBase


class DataMixin(WorkspaceBase):
    # -- reads ---------------------------------------------------------------------------
    def datasets(self) -> pd.DataFrame:
        """Every dataset: id, name, created_at, batches, answers."""
        self._require("view")
        return self._store.list_datasets()

    def dataset_id(self, name: str) -> int | None:
        """The id of the dataset called ``name``; None when there is none."""
        self._require("view")
        return self._store.dataset_id(name)

    def dataset_name(self, dataset_id: int) -> str:
        self._require("view", dataset_id)
        return self._store.dataset_name(dataset_id)

    def batches(self, dataset_id: int) -> pd.DataFrame:
        """The dataset's batches (survey waves and note files) in id order, with their accounting."""
        self._require("view", dataset_id)
        return self._store.list_batches(dataset_id)

    def latest_run(self, dataset_id: int) -> int | None:
        """The dataset's newest analysis; None before the first."""
        self._require("view", dataset_id)
        return self._store.latest_run(dataset_id)

    def stored_analysis(self, run_id: int) -> Analysis:
        """A run as the analysis saved it, without the staff's edits."""
        self._require("view", self._run_dataset(run_id))
        return load_analysis(self._store, run_id)

    def curated_analysis(self, run_id: int, base: Analysis | None = None) -> Analysis:
        """A run as everyone sees it: the staff's edits and the dataset's redactions applied
        (``base``: the stored run when the caller has it already)."""
        self._require("view", self._run_dataset(run_id))
        return curated_analysis(self._store, run_id, base=base)

    def run_version(self, run_id: int) -> str:
        """Changes whenever what a run shows changes: its edits, the dataset's redactions, and the
        run itself (SQLite hands a removed run's id to the next run, e.g. after a batch is removed)."""
        dataset_id = self._run_dataset(run_id)
        self._require("view", dataset_id)
        edits = self._store.list_edits(run_id)
        undone = int(edits["undone_at"].notna().sum()) if len(edits) else 0
        added, removed = self._store.redaction_version(dataset_id)
        return f"{self._store.run_stamp(run_id)}:{len(edits)}:{undone}:{added}:{removed}"

    # -- data in -------------------------------------------------------------------------
    def import_file(self, dataset: str, data: bytes, filename: str, columns: ColumnChoice,
                    batch_name: str | None = None, collected_on: str | None = None) -> ImportResult:
        self._require("upload")
        result = import_file(self._store, dataset, data, filename, columns, batch_name=batch_name,
                             collected_on=collected_on)
        a = result.answers
        self._log("upload", result.dataset_id, len(a.kept), file=filename, batch=result.batch_id,
                  answers_in=a.n_in, dropped=a.drop_counts(), reused=result.reused)
        return result

    def load_sample(self, language: str) -> int:
        from listening.sample import SAMPLES, load_sample

        self._require("upload")
        existed = self._store.dataset_id(SAMPLES[language].dataset) is not None
        dataset_id = load_sample(self._store, language)
        if not existed:  # loading the sample again changes nothing
            self._log("upload", dataset_id, int(self._store.load_answers(dataset_id).shape[0]), sample=language)
        return dataset_id

    def analyze(self, dataset_id: int, settings: AnalysisSettings = AnalysisSettings(),
                progress: Callable[[str, float], None] | None = None) -> Analysis:
        self._require("analyze", dataset_id)
        result = analyze(self._store, dataset_id, settings, progress=progress)
        self._log("analyze", dataset_id, len(result.answers), run=result.run_id,
                  settings=result.info.get("settings"))
        return result

    def remove_batch(self, batch_id: int) -> None:
        batches = self._store._frame("SELECT dataset_id, name, n_kept FROM batches WHERE id = ?", (batch_id,))
        if batches.empty:
            raise ValueError(f"no batch with id {batch_id}")
        dataset_id = int(batches["dataset_id"].iat[0])
        self._require("delete", dataset_id)
        self._store.remove_batch(batch_id)
        self._log("delete_batch", dataset_id, int(batches["n_kept"].iat[0]), batch=batch_id,
                  name=str(batches["name"].iat[0]))
