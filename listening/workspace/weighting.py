"""Weighting to the population: resident-count margins, the mapping and method, and the weights of an analysis."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from listening.analysis import Analysis

from .base import WorkspaceBase


class WeightingMixin(WorkspaceBase):
    def set_population(self, dataset_id: int, data: bytes, filename: str, *, source: str = "",
                       as_of: str | None = None, by: Sequence[str] | None = None, sheet: str | None = None):
        """Store a resident-count table as the dataset's margins, with a guessed mapping for ``by``
        (default: the attributes it matches). The default view stays as it was (unweighted at first)."""
        from listening.weighting import mapping_records, proposed_setup, read_population, setup_from_row

        self._require("analyze", dataset_id)
        population = read_population(data, filename, sheet=sheet, source=source, as_of=as_of)
        answers = self._store.load_answers(dataset_id)
        chosen, mapping = proposed_setup(answers, population, self._store.attribute_names(dataset_id), by)
        previous = self._store.weighting_settings(dataset_id) or {}
        margins_id = self._store.save_population(dataset_id, population.to_json(), self.user.name)
        self._store.save_weighting(
            dataset_id, self.user.name, margins_id=margins_id, by_attributes=list(chosen),
            mapping=mapping_records(mapping), method=previous.get("method", "auto"),
            max_ratio=previous.get("max_ratio", 5.0), missing=previous.get("missing", "keep"),
            default_weighted=previous.get("default_weighted", False))
        info = population.sources[0]
        self._log("set_population", dataset_id, None, file=info["filename"], source=source,
                  as_of=info["as_of"], residents=float(sum(t["count"].sum() for t in population.tables)),
                  by=list(chosen))
        return setup_from_row(self._store.weighting_settings(dataset_id), population.to_json())

    def set_weighting(self, dataset_id: int, *, mapping: pd.DataFrame | None = None,
                      by: Sequence[str] | None = None, method: str | None = None, max_ratio: float | None = -1.0,
                      missing: str | None = None, default_weighted: bool | None = None):
        """Change the mapping (an edited table), the attributes, method, cap (None: no trimming;
        -1: unchanged), missing rule or the default view; everything not given stays."""
        from listening.weighting import check_settings, mapping_records, mapping_report, read_mapping

        self._require("analyze", dataset_id)
        current = self._store.weighting_settings(dataset_id)
        if current is None or current["margins_id"] is None:
            raise ValueError("set the population margins first")
        new = {
            "by_attributes": list(by) if by is not None else current["by_attributes"],
            "mapping": mapping_records(read_mapping(mapping)) if mapping is not None else current["mapping"],
            "method": method or current["method"], "missing": missing or current["missing"],
            "max_ratio": current["max_ratio"] if max_ratio == -1.0 else max_ratio,
            "default_weighted": current["default_weighted"] if default_weighted is None else bool(default_weighted),
        }
        check_settings(new["method"], new["max_ratio"], new["missing"])
        mapped = {r["attribute"] for r in new["mapping"]}
        if not set(new["by_attributes"]) <= mapped:
            raise ValueError(f"the mapping has no rows for {', '.join(sorted(set(new['by_attributes']) - mapped))}")
        self._store.save_weighting(dataset_id, self.user.name, margins_id=current["margins_id"], **new)
        report = mapping_report(pd.DataFrame(new["mapping"]))
        self._log("set_weighting", dataset_id, None, by=new["by_attributes"], method=new["method"],
                  max_ratio=new["max_ratio"], missing=new["missing"], default_weighted=new["default_weighted"],
                  unmatched={a: len(r["unmatched_values"]) for a, r in report.items()})
        return self.weighting_setup(dataset_id)

    def weighting_setup(self, dataset_id: int):
        """The dataset's WeightingSetup (margins, mapping, default view), or None when never set."""
        from listening.weighting import setup_from_row

        self._require("view", dataset_id)
        row = self._store.weighting_settings(dataset_id)
        population = self._store.load_population(row["margins_id"]) if row and row["margins_id"] else None
        return setup_from_row(row, population)

    def weights_for(self, analysis: Analysis):
        """The Weighting of ``analysis.answers`` under the dataset's setup, or None without margins."""
        setup = self.weighting_setup(analysis.dataset_id)
        return setup.weigh(analysis.answers) if setup is not None and setup.ready else None
