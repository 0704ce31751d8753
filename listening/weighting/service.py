"""One call from an analysis' answers to weighted answers, and the method note that describes it."""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from listening.privacy import SECONDARY, SUPPRESSED, suppress_sizes

from .mapping import guess_mapping
from .population import Population
from .rake import MissingRule, Method, Weighting, compute_weights
from .respondents import answer_weights, respondent_keys, respondent_table


def weigh_answers(answers: pd.DataFrame, population: Population, by: Sequence[str], *,
                  mapping: pd.DataFrame | None = None, attribute_map: Mapping[str, str] | None = None,
                  method: Method = "auto", max_ratio: float | None = 5.0,
                  missing: MissingRule = "keep") -> Weighting:
    """Weights of the respondents behind ``answers``, and each answer's weight (``answer_weights``).

    ``mapping`` defaults to :func:`guess_mapping` (``attribute_map`` pairs a survey
    attribute with a population column by name). Diagnostics gain n_answers,
    n_answers_weighted and n_answers_without_respondent (hearing notes: not weighted,
    left out of weighted figures).
    """
    respondents = respondent_table(answers, by)
    if mapping is None:
        mapping = guess_mapping(respondents, population, by, attribute_map)
    weighting = compute_weights(respondents, population, mapping, by, method=method, max_ratio=max_ratio,
                                missing=missing)
    per_answer = answer_weights(answers, weighting.weights)
    no_respondent = int(respondent_keys(answers).isna().sum())
    diagnostics = dict(weighting.diagnostics) | {
        "n_answers": int(len(answers)),
        "n_answers_weighted": int(np.isfinite(per_answer.to_numpy()).sum()),
        "n_answers_without_respondent": no_respondent,
        "sources": [dict(s) for s in population.sources],
    }
    return dataclasses.replace(weighting, diagnostics=diagnostics, answer_weights=per_answer)


def weighting_note(weighting: Weighting, *, public: bool = False, min_cell: int = 5) -> dict:
    """The method note of weighted figures: margins, their source and date, diagnostics.

    JSON-ready. ``public``: no respondent keys or groups of the largest weights, and
    per-group respondent counts and sample shares follow the small-cell rule
    (``min_cell``; hidden with their partners, as ``"<5"`` or ``"x"`` / None).
    """
    d = weighting.diagnostics
    keys = ("method", "reason", "by", "population_attributes", "max_ratio", "missing_rule", "n_respondents",
            "n_weighted", "n_kept_at_1", "n_excluded", "effective_n", "design_effect", "efficiency",
            "min_weight", "max_weight", "n_trimmed", "max_margin_error", "converged",
            "n_answers", "n_answers_weighted", "n_answers_without_respondent")
    note = {k: d.get(k) for k in keys}
    # Public: where the counts come from and when, not our file names (as the rest of the public note).
    fields = ("source", "as_of", "layout") if public else ("filename", "source", "as_of", "layout")
    note["sources"] = [{k: s.get(k) for k in fields} for s in d.get("sources", [])]
    note["unmatched_values"] = d.get("unmatched_values", {})
    note["unmatched_categories"] = d.get("unmatched_categories", {})
    note["empty_groups"] = d.get("empty_groups", {})
    note["margins"] = _margin_records(weighting.margins, public, min_cell)
    if public:
        # Values only: a count per unmatched value (その他: 3) would be a small cell of people.
        note["unmatched_values"] = {a: sorted(v) for a, v in note["unmatched_values"].items()}
        note["largest_weights"] = [round(w["weight"], 2) for w in d.get("largest_weights", [])[:3]]
        incomplete = int(d.get("n_kept_at_1", 0) or 0) + int(d.get("n_excluded", 0) or 0)
        if 0 < incomplete < min_cell:
            for k in ("n_kept_at_1", "n_excluded"):
                note[k] = SUPPRESSED if note[k] else 0
            note["n_weighted"] = SUPPRESSED  # n_respondents minus it would give the small count back
    else:
        note["largest_weights"] = d.get("largest_weights", [])
    return note


def _margin_records(margins: pd.DataFrame, public: bool, min_cell: int) -> list[dict]:
    records = []
    for attribute, rows in margins.groupby("attribute", sort=False):
        respondents = rows["respondents"].astype(int)
        shown = list(respondents)
        if public:
            total = int(respondents.sum())
            shown = suppress_sizes(pd.Series(respondents.to_numpy(), index=rows["group"].to_numpy()), total,
                                   min_cell).tolist()[:-1]
        for (_, r), n in zip(rows.iterrows(), shown):
            records.append({
                "attribute": str(attribute), "group": str(r["group"]),
                "population": float(r["population"]), "population_share": float(r["population_share"]),
                "respondents": n if n in (SUPPRESSED, SECONDARY) else int(n),
                "sample_share": None if n in (SUPPRESSED, SECONDARY) else float(r["sample_share"]),
                "weighted_share": float(r["weighted_share"]),
            })
    return records
