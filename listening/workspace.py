"""What a signed-in person can do with the store: every call checks the role and is audited.

Pages and the CLI act through a ``Workspace`` instead of calling the store, the
pipeline and the curation functions directly, so the role is enforced where the work
happens (not only by hiding buttons) and every upload, edit, export and deletion
lands in the audit log with who, when, what and how many rows.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pandas as pd

from listening.analysis import Analysis, ColumnChoice, ImportResult, analyze, import_file
from listening.auth import AccessDenied, User, can, require
from listening.curation import edits as curate
from listening.store import Store
from listening.types import AnalysisSettings

EDITS = ("rename_cluster", "merge_clusters", "move_answers", "move_topic", "exclude_answers",
         "restore_answers", "split_cluster", "new_topic")


class Workspace:
    def __init__(self, store: Store, user: User) -> None:
        self.store = store
        self.user = user

    def can(self, permission: str) -> bool:
        return can(self.user, permission)

    def _log(self, action: str, dataset_id: int | None, rows: int | None = None, **detail) -> None:
        self.store.log(self.user.name, self.user.role, action, dataset_id, rows, **detail)

    def _require(self, permission: str, dataset_id: int | None = None) -> None:
        try:
            require(self.user, permission)
        except AccessDenied:
            self._log("denied", dataset_id, None, permission=permission)
            raise

    # -- data in -----------------------------------------------------------------
    def import_file(self, dataset: str, data: bytes, filename: str, columns: ColumnChoice,
                    batch_name: str | None = None, collected_on: str | None = None) -> ImportResult:
        self._require("upload")
        result = import_file(self.store, dataset, data, filename, columns, batch_name=batch_name,
                             collected_on=collected_on)
        a = result.answers
        self._log("upload", result.dataset_id, len(a.kept), file=filename, batch=result.batch_id,
                  answers_in=a.n_in, dropped=a.drop_counts(), reused=result.reused)
        return result

    def load_sample(self, language: str) -> int:
        from listening.sample import SAMPLES, load_sample

        self._require("upload")
        existed = self.store.dataset_id(SAMPLES[language].dataset) is not None
        dataset_id = load_sample(self.store, language)
        if not existed:  # loading the sample again changes nothing
            self._log("upload", dataset_id, int(self.store.load_answers(dataset_id).shape[0]), sample=language)
        return dataset_id

    def analyze(self, dataset_id: int, settings: AnalysisSettings = AnalysisSettings(),
                progress: Callable[[str, float], None] | None = None) -> Analysis:
        self._require("analyze", dataset_id)
        result = analyze(self.store, dataset_id, settings, progress=progress)
        self._log("analyze", dataset_id, len(result.answers), run=result.run_id,
                  settings=result.info.get("settings"))
        return result

    def remove_batch(self, batch_id: int) -> None:
        batches = self.store._frame("SELECT dataset_id, name, n_kept FROM batches WHERE id = ?", (batch_id,))
        if batches.empty:
            raise ValueError(f"no batch with id {batch_id}")
        dataset_id = int(batches["dataset_id"].iat[0])
        self._require("delete", dataset_id)
        self.store.remove_batch(batch_id)
        self._log("delete_batch", dataset_id, int(batches["n_kept"].iat[0]), batch=batch_id,
                  name=str(batches["name"].iat[0]))

    def add_to_run(self, dataset_id: int, run_id: int, progress=None) -> Analysis:
        """Place the answers of new batches in an existing analysis (earlier work kept)."""
        from listening.waves import add_to_run

        self._require("analyze", dataset_id)
        result = add_to_run(self.store, dataset_id, run_id, progress=progress)
        update = result.info.get("update", {})
        self._log("add_to_analysis", dataset_id, update.get("added"), run=result.run_id, parent=run_id,
                  batches=update.get("batches"), new_voices=len(update.get("new_voices", [])))
        return result

    def reanalyze(self, dataset_id: int, previous_run: int, settings: AnalysisSettings = AnalysisSettings(),
                  progress=None):
        """A full re-analysis matched to ``previous_run`` (listening.waves.update.Reanalysis)."""
        from listening.waves import reanalyze

        self._require("analyze", dataset_id)
        result = reanalyze(self.store, dataset_id, previous_run, settings, progress=progress, user=self.user.name)
        self._log("reanalyze", dataset_id, len(result.analysis.answers), run=result.analysis.run_id,
                  previous=previous_run, kept_share=round(result.kept_share, 4), labels_carried=result.labels_carried)
        return result

    # -- curation ------------------------------------------------------------------
    def edit(self, op: str, run_id: int, *args) -> int:
        if op not in EDITS:
            raise ValueError(f"unknown edit {op!r}")
        dataset_id = self.store.run_dataset(run_id)
        self._require("curate", dataset_id)
        edit_id = getattr(curate, op)(self.store, run_id, self.user.name, *args)
        rows = len(args[0]) if op in ("move_answers", "exclude_answers", "restore_answers", "new_topic") else None
        self._log(op, dataset_id, rows, run=run_id, edit=edit_id, args=list(args))
        return edit_id

    def undo(self, run_id: int, edit_id: int | None = None) -> int | None:
        dataset_id = self.store.run_dataset(run_id)
        self._require("curate", dataset_id)
        undone = curate.undo(self.store, run_id, self.user.name, edit_id)
        self._log("undo", dataset_id, None, run=run_id, edit=undone)
        return undone

    # -- personal data -----------------------------------------------------------
    def findings(self, dataset_id: int, log: bool = True) -> pd.DataFrame:
        """What masking found, originals included: staff only; ``log`` records the look
        (a page logs its first view, not every rerun)."""
        self._require("review_personal_data", dataset_id)
        found = self.store.list_findings(dataset_id)
        if log:
            self._log("view_personal_data", dataset_id, len(found))
        return found

    def dropped_rows(self, dataset_id: int) -> pd.DataFrame:
        """Dropped rows keep their raw text: staff only."""
        self._require("review_personal_data", dataset_id)
        return self.store.load_dropped(dataset_id)

    def add_redaction(self, dataset_id: int, term: str) -> int:
        self._require("redact", dataset_id)
        redaction = self.store.add_redaction(dataset_id, term, self.user.name)
        self._log("redact", dataset_id, None, redaction=redaction, term=term)
        return redaction

    def remove_redaction(self, dataset_id: int, redaction_id: int) -> None:
        self._require("redact", dataset_id)
        self.store.remove_redaction(redaction_id, self.user.name)
        self._log("unredact", dataset_id, None, redaction=redaction_id)

    def originals_left(self, dataset_id: int) -> int:
        """How many original texts (before masking) the dataset still holds: staff only."""
        self._require("review_personal_data", dataset_id)
        return self.store.originals_left(dataset_id)

    def purge_originals(self, dataset_id: int) -> dict[str, int]:
        """Delete the dataset's original texts once the review is done, keeping the masked texts
        and the kinds of findings (``listening.store.purge``); logged with what went."""
        self._require("delete", dataset_id)
        done = self.store.purge_originals(dataset_id)
        self._log("purge_originals", dataset_id, done["answers"], **done)
        return done

    # -- data out --------------------------------------------------------------------
    def export(self, analysis: Analysis, options):
        """ExportData for ``options``: public needs export_public, internal export_internal; with
        ``options.include_goals`` the goal coverage section too (the dataset must have goals)."""
        from listening.export import build_export, goal_section
        from listening.goals import export_coverage
        from listening.privacy import masking_counts

        self._require(f"export_{options.audience}", analysis.dataset_id)
        coverage = export_coverage(self.store, analysis) if options.include_goals else None
        if options.include_goals and coverage is None:
            raise ValueError("this dataset has no goals yet: define or import them before adding the goal section")
        data = build_export(analysis, options, masking=masking_counts(self.store, analysis.dataset_id))
        self._log("export", analysis.dataset_id, len(data.answers), run=analysis.run_id,
                  audience=options.audience, language=options.language,
                  topics=None if options.topics is None else list(options.topics),
                  crosstabs=list(options.crosstabs))
        if coverage is None:
            return data
        self._log("export_goals", analysis.dataset_id, len(coverage) - 2, run=analysis.run_id,
                  audience=options.audience)
        return dataclasses.replace(data, goals=goal_section(coverage, options))

    def audit_log(self, dataset_id: int | None = None) -> pd.DataFrame:
        self._require("audit", dataset_id)
        return self.store.audit_log(dataset_id)
