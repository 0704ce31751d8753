"""Data out: the one export route (role by audience, goal section, audit entry) and the audit log."""
from __future__ import annotations

import dataclasses

import pandas as pd

from listening.analysis import Analysis

from .base import WorkspaceBase


class ExportsMixin(WorkspaceBase):
    def export(self, analysis: Analysis, options):
        """ExportData for ``options``: public needs export_public, internal export_internal; with
        ``options.include_goals`` the goal coverage section too (the dataset must have goals)."""
        from listening.export import build_export, goal_section
        from listening.goals import export_coverage
        from listening.privacy import masking_counts

        self._require(f"export_{options.audience}", analysis.dataset_id)
        coverage = export_coverage(self._store, analysis) if options.include_goals else None
        if options.include_goals and coverage is None:
            raise ValueError("this dataset has no goals yet: define or import them before adding the goal section")
        data = build_export(analysis, options, masking=masking_counts(self._store, analysis.dataset_id))
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
        """Every logged action (of one dataset, or all), oldest first: staff only."""
        self._require("audit", dataset_id)
        return self._store.audit_log(dataset_id)
