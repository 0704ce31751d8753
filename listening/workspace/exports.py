"""Data out: the one export route (role by audience, goal section, audit entry) and the audit log."""
from __future__ import annotations

import dataclasses

import pandas as pd

from listening.analysis import Analysis

from .base import WorkspaceBase


class ExportsMixin(WorkspaceBase):
    def export(self, analysis: Analysis, options, weighting=None):
        """ExportData for ``options``: public needs export_public, internal export_internal; with
        ``options.include_goals`` the goal coverage section too (the dataset must have goals); with
        ``weighting`` (from :meth:`weights_for`) the weighted shares and the weighting method note. The
        committee briefing comes with it (``options.briefing``): its goals nobody speaks to where the
        dataset has goals, its latest wave (internal) from the dataset's batches."""
        from listening.export import build_export, with_weighting
        from listening.goals import export_coverage
        from listening.privacy import masking_counts

        self._require(f"export_{options.audience}", analysis.dataset_id)
        has_goals = bool(self._store.load_goals(analysis.dataset_id))
        coverage = export_coverage(self._store, analysis) if options.include_goals or (
            options.briefing and has_goals) else None
        if options.include_goals and coverage is None:
            raise ValueError("this dataset has no goals yet: define or import them before adding the goal section")
        data = build_export(analysis, options, masking=masking_counts(self._store, analysis.dataset_id),
                            goals=coverage, batches=self._store.list_batches(analysis.dataset_id),
                            weighting=weighting)
        if weighting is not None:
            data = with_weighting(data, analysis, weighting)
        self._log("export", analysis.dataset_id, len(data.answers), run=analysis.run_id,
                  audience=options.audience, language=options.language,
                  topics=None if options.topics is None else list(options.topics),
                  crosstabs=list(options.crosstabs), weighted=weighting is not None)
        if data.goals is None:
            return data
        self._log("export_goals", analysis.dataset_id, len(coverage) - 2, run=analysis.run_id,
                  audience=options.audience)
        return data

    def release_check(self, analysis: Analysis, data) -> list:
        """Printed counts of public export ``data`` that differ from an earlier public release of
        the dataset by 1 to min_cell - 1 people (``listening.export.Difference``): comparing
        the two would show who changed. Empty for the first release and for internal exports."""
        from listening.export import release_cells, release_differences

        self._require(f"export_{data.options.audience}", analysis.dataset_id)
        if data.options.audience != "public":
            return []
        return release_differences(release_cells(data), self._store.list_releases(analysis.dataset_id),
                                   data.options.min_cell)

    def record_release(self, analysis: Analysis, data, differences: list = (), forced: bool = False) -> int | None:
        """Record public export ``data`` as released (None for internal exports). With
        ``differences`` from :meth:`release_check`, only when ``forced``: the staff chose to
        release anyway, and the audit log names the counts."""
        from listening.export import release_cells, release_digest

        self._require(f"export_{data.options.audience}", analysis.dataset_id)
        if data.options.audience != "public":
            return None
        if differences and not forced:
            raise ValueError("this release differs from an earlier one by fewer than "
                             f"{data.options.min_cell} people in {len(differences)} counts; release anyway to go on")
        cells = release_cells(data)
        digest = release_digest(cells)
        options = dataclasses.asdict(data.options)
        release = self._store.add_release(analysis.dataset_id, analysis.run_id, self.user.name, digest, cells,
                                         options, forced=bool(differences))
        detail = {"release": release, "digest": digest, "run": analysis.run_id}
        if differences:
            detail |= {"forced": True, "differences": len(differences),
                       "cells": [f"{d.cell}: {d.before} -> {d.after}" for d in differences[:20]],
                       "earlier": sorted({d.release for d in differences})}
        self._log("release", analysis.dataset_id, len(data.answers), **detail)
        return release

    def audit_log(self, dataset_id: int | None = None) -> pd.DataFrame:
        """Every logged action (of one dataset, or all), oldest first: staff only."""
        self._require("audit", dataset_id)
        return self._store.audit_log(dataset_id)

    def audit_log_in_words(self, dataset_id: int | None = None, lang: str = "ja") -> pd.DataFrame:
        """The audit log as people read it (listening.views.audit_in_words): actions and details in
        ``lang``, local times, edits of an analysis described by their line in the curation log."""
        from listening import curation
        from listening.views import audit_in_words

        log = self.audit_log(dataset_id)
        runs = {int(d["run"]) for d in log["detail"] if "edit" in d and d.get("run") is not None}
        descriptions: dict[tuple[int, int], str] = {}
        for run in sorted(runs):
            history = curation.edit_history(self._store, run, lang=lang)
            descriptions.update({(run, int(i)): text for i, text in zip(history["id"], history["description"])})
        return audit_in_words(log, lang, descriptions)

