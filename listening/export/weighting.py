"""The weighted part of an export: weighted shares beside the counts, and the method note.

Kept apart from build.py: ``with_weighting`` takes a finished ``ExportData`` and adds
``meta["weighting"]`` (margins, their source and date, diagnostics) and
``weighted`` (weighted theme shares and crosstab column shares). Public exports
show a weighted figure only where the unweighted count of people beside it is
shown: the same cells are hidden (``<5`` and their ``x`` partners), so weights never
reveal a hidden cell, and no respondent key or per-value respondent count of the
weighting goes out.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from listening.analysis import Analysis
from listening.i18n import t
from listening.privacy import TOTAL
from listening.views import attribute_labels
from listening.weighting import Weighting, answer_weights, weighting_note

from .model import MARKS, ExportData


def with_weighting(data: ExportData, analysis: Analysis, weighting: Weighting) -> ExportData:
    """``data`` with the weighted shares and the weighting method note (see module doc)."""
    options = data.options
    public = options.audience == "public"
    answers = analysis.answers.reset_index(drop=True)
    w = answer_weights(answers, weighting.weights).to_numpy(dtype=float)
    ok = np.isfinite(w)
    total = w[ok].sum()
    themes = answers["theme"].astype(int).to_numpy()
    theme_w = pd.Series(w[ok]).groupby(themes[ok]).sum()
    shown = data.themes["size"].tolist()
    theme_frame = pd.DataFrame({
        "theme_id": data.themes["theme_id"].to_numpy(),
        "weighted_share": [None if (public and s in MARKS) or total <= 0 else float(theme_w.get(i, 0.0) / total)
                           for i, s in zip(data.themes["theme_id"], shown)],
    })
    crosstabs = {a: _weighted_table(answers, w, a, table, data.themes["theme_id"].tolist(), options.language, public)
                 for a, table in data.crosstabs.items()}
    meta = dict(data.meta) | {"weighting": weighting_note(weighting, public=public, min_cell=options.min_cell)}
    return dataclasses.replace(data, meta=meta, weighted={"themes": theme_frame, "crosstabs": crosstabs})


def _weighted_table(answers: pd.DataFrame, w: np.ndarray, attribute: str, counts: pd.DataFrame,
                    theme_order: list[int], language: str, public: bool) -> pd.DataFrame:
    """Weighted column percentages laid out like ``counts`` (rows: themes then TOTAL; columns:
    values then TOTAL); None where ``counts`` shows a mark (SUPPRESSED or SECONDARY)."""
    values = attribute_labels(answers[attribute], t(language, "export.missing")).to_numpy()
    themes = answers["theme"].astype(int).to_numpy()
    ok = np.isfinite(w)
    sums = pd.DataFrame({"theme": themes[ok], "value": values[ok], "w": w[ok]}).pivot_table(
        index="theme", columns="value", values="w", aggfunc="sum", fill_value=0.0)
    columns = list(counts.columns[:-1])
    sums = sums.reindex(index=theme_order, columns=columns, fill_value=0.0)
    sums[TOTAL] = sums.sum(axis=1)
    sums.loc[TOTAL] = sums.sum(axis=0)
    col_total = sums.loc[TOTAL].replace(0.0, np.nan)
    pct = (sums / col_total * 100.0).to_numpy()
    hidden = np.isin(counts.to_numpy(), MARKS) if public else np.zeros(counts.shape, dtype=bool)
    cells = np.where(hidden | ~np.isfinite(pct), None, pct.round(6))
    return pd.DataFrame(cells, index=counts.index, columns=counts.columns, dtype=object)
