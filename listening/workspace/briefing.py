"""The committee briefing: opinion groups named in words, common ground and divides, the latest wave, quiet goals."""
from __future__ import annotations

from listening.analysis import Analysis

from .base import WorkspaceBase


class BriefingMixin(WorkspaceBase):
    def briefing(self, analysis: Analysis, options, weighting=None):
        """The committee briefing of ``analysis`` (listening.briefing.Briefing): everyone who may
        view reads the internal one; the public one needs export_public. The latest wave and the
        goals nobody speaks to come from the store (goals only where the dataset has some). With
        ``weighting`` (from :meth:`weights_for`) shares are weighted to the population."""
        from listening.briefing import build_briefing
        from listening.goals import export_coverage

        self._require("export_public" if options.audience == "public" else "view", analysis.dataset_id)
        goals = export_coverage(self._store, analysis) if self._store.load_goals(analysis.dataset_id) else None
        data = build_briefing(analysis, options, batches=self._store.list_batches(analysis.dataset_id), goals=goals,
                              weighting=weighting)
        self._log("briefing", analysis.dataset_id, len(analysis.answers), run=analysis.run_id,
                  audience=options.audience, language=options.language, by=list(options.by),
                  weighted=weighting is not None)
        return data
