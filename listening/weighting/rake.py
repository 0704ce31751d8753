"""Respondent weights to population margins: raking or post-stratification, trimmed, with diagnostics.

The arithmetic is weightipy's (``weightipy.Rim``: iterative proportional fitting with
an anesrake-style cap that trims and re-rakes until both hold). Why weightipy: it is
small (pure Python, numpy/pandas/scipy, which the app has anyway), maintained, and
does raking and capping; ``balance`` needs numpy < 2 on Python 3.11, ``samplics``
leaves trimming unimplemented and pulls polars, ``svy`` pulls ~60 MB of polars and
Rust extensions, ``ipfn`` has no trimming and no release since 2021.

Rules, stated once:
- Weights have mean 1 over the weighted respondents, so a weighted count reads as
  "respondents, had the survey matched the population".
- Post-stratification (one weight per cell of the full cross table) when the
  population gives every combination of the attributes and every populated cell has
  a respondent; raking over the margins otherwise. With one attribute both are one.
- Trimming: no weight above ``max_ratio`` times the mean; the margins are re-raked
  after each cap, so they hold as closely as the cap allows (reported).
- A respondent whose value for a weighting attribute is missing or unmatched (無回答,
  a value the population table lacks) keeps weight 1 under ``missing="keep"``
  (counted as a typical respondent; the others are weighted to the population among
  themselves) or is left out of weighted figures under ``missing="exclude"``.
- Population groups no respondent falls in cannot be represented: they are reported
  and the other groups' targets are scaled to fill the margin.
"""
from __future__ import annotations

import contextlib
import io
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import weightipy

from listening.types import InputError

from .mapping import mapping_report, read_mapping
from .population import Population

Method = Literal["auto", "rake", "poststratify"]
MissingRule = Literal["keep", "exclude"]
MISSING_RULES = ("keep", "exclude")
METHODS = ("auto", "rake", "poststratify")
N_LARGEST = 10
MARGIN_COLUMNS = ("attribute", "group", "population", "population_share", "respondents", "sample_share",
                  "weighted_share")


@dataclass(frozen=True, eq=False)
class Weighting:
    """Weights of the respondents and what a statistician checks about them.

    ``weights``: float per respondent key (index), NaN for one left out of weighted
    figures. ``groups``: the respondent's weighting group per attribute ("" when
    missing or unmatched). ``margins``: per attribute and group, the population share,
    the respondents' share before weighting and the weighted share after
    (``MARGIN_COLUMNS``). ``diagnostics``: JSON-ready dict (see :func:`compute_weights`).
    """

    weights: pd.Series
    groups: pd.DataFrame
    margins: pd.DataFrame
    diagnostics: dict = field(default_factory=dict)
    mapping: pd.DataFrame | None = None
    # Set by listening.weighting.weigh_answers: each answer's weight, aligned with the answers.
    answer_weights: pd.Series | None = None


def kish_effective_n(weights: Sequence[float] | np.ndarray) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2 over the finite weights."""
    w = np.asarray(weights, dtype=float)
    w = w[np.isfinite(w)]
    return float(w.sum() ** 2 / (w ** 2).sum()) if len(w) and (w ** 2).sum() > 0 else 0.0


def design_effect(weights: Sequence[float] | np.ndarray) -> float:
    """Kish's design effect of unequal weighting, n / n_eff = 1 + CV^2 (1 for equal weights)."""
    w = np.asarray(weights, dtype=float)
    w = w[np.isfinite(w)]
    n_eff = kish_effective_n(w)
    return float(len(w) / n_eff) if n_eff else math.nan


def check_settings(method: str, max_ratio: float | None, missing: str) -> None:
    """InputError for an unknown method or missing-value rule, or a cap not above 1."""
    if method not in METHODS:
        raise InputError(f"unknown weighting method '{method}': use {', '.join(METHODS)}.",
                         code="weighting_bad_method", params={"method": method})
    if missing not in MISSING_RULES:
        raise InputError(f"unknown rule for missing attributes '{missing}': use keep or exclude.",
                         code="weighting_bad_missing", params={"missing": missing})
    if max_ratio is not None and not max_ratio > 1:
        raise InputError("the weight cap must be above 1 (times the mean weight).", code="weighting_bad_cap")


def compute_weights(respondents: pd.DataFrame, population: Population, mapping: pd.DataFrame,
                    by: Sequence[str], *, method: Method = "auto", max_ratio: float | None = 5.0,
                    missing: MissingRule = "keep") -> Weighting:
    """Weights for ``respondents`` (one row per respondent, indexed by its key) over ``by``.

    ``mapping`` pairs survey values with population categories (see
    :mod:`listening.weighting.mapping`). ``max_ratio``: the largest weight allowed, as a
    multiple of the mean weight (None: no trimming). Diagnostics: method (as applied),
    reason, n_respondents, n_weighted, n_kept_at_1 / n_excluded with missing_by_attribute,
    unmatched values and categories per attribute, empty_groups, effective_n, design_effect,
    efficiency (n_eff / n), min/max weight, n_trimmed, max_margin_error (largest gap
    between a weighted and a population share), iterations, converged, largest weights.
    """
    check_settings(method, max_ratio, missing)
    if not by:
        raise InputError("choose at least one attribute to weight by.", code="weighting_no_attribute")
    mapping = read_mapping(mapping)
    report = mapping_report(mapping)
    groups, targets, pattrs = _groups_and_targets(respondents, population, mapping, by, report)
    complete = (groups != "").all(axis=1).to_numpy()
    present = {a: set(groups.loc[complete, a].unique()) for a in by}
    empty_groups = {a: [g for g in targets[a].index if g not in present[a]] for a in by}
    for a in by:
        targets[a] = targets[a].drop(empty_groups[a])
        if targets[a].sum() <= 0:
            raise InputError(f"no respondent matches any population group of '{a}': check the mapping.",
                             column=a, code="weighting_nothing_matched", params={"attribute": a})
    applied, reason, cells = _choose_method(method, groups.loc[complete], population, mapping, by, pattrs)
    # Integer codes of each respondent's group (-1: none): the raking and the margins count with them.
    codes = {a: pd.Categorical(groups[a].to_numpy()[complete], categories=list(targets[a].index)).codes
             for a in by}

    weights = np.full(len(respondents), 1.0 if missing == "keep" else np.nan)
    iterations = 0
    if complete.any():
        raked, iterations = _rake(groups.loc[complete], codes, targets, cells, max_ratio)
        weights[complete] = raked
    series = pd.Series(weights, index=respondents.index, name="weight")
    margins = _margins(codes, targets, weights[complete])
    error = float((margins["weighted_share"] - margins["population_share"]).abs().max()) if len(margins) else 0.0
    finite = series[np.isfinite(series)]
    diagnostics = {
        "method": applied, "reason": reason, "by": list(by), "population_attributes": pattrs,
        "max_ratio": max_ratio, "missing_rule": missing,
        "n_respondents": int(len(series)), "n_weighted": int(complete.sum()),
        "n_kept_at_1": int((~complete).sum()) if missing == "keep" else 0,
        "n_excluded": int((~complete).sum()) if missing == "exclude" else 0,
        "missing_by_attribute": {a: int((groups[a] == "").sum()) for a in by},
        "unmatched_values": {a: report[a]["unmatched_values"] for a in by},
        "unmatched_categories": {a: report[a]["unmatched_categories"] for a in by},
        "empty_groups": {a: g for a, g in empty_groups.items() if g},
        "effective_n": round(kish_effective_n(finite), 2),
        "design_effect": round(design_effect(finite), 4),
        "efficiency": round(kish_effective_n(finite) / max(len(finite), 1), 4),
        "min_weight": float(finite.min()) if len(finite) else None,
        "max_weight": float(finite.max()) if len(finite) else None,
        "n_trimmed": int((finite >= max_ratio * finite.mean() - 1e-3).sum()) if max_ratio and len(finite) else 0,
        "max_margin_error": round(error, 6),
        "iterations": int(iterations),
        "converged": bool(error < 1e-3),
        # The cap binds: margins then hold only as closely as the cap allows (max_margin_error).
        "cap_limits_margins": bool(error >= 1e-3 and max_ratio is not None and len(finite)
                                   and finite.max() >= max_ratio * finite.mean() - 1e-3),
        "largest_weights": _largest(series, groups),
    }
    return Weighting(series, groups, margins, diagnostics, mapping)


def _groups_and_targets(respondents, population, mapping, by, report):
    """Each respondent's group per attribute ("" when missing or unmatched), and the residents per
    group. Plain Python over the (small) mapping: pandas filters cost more than they save here."""
    records = mapping.to_dict("records")
    pattrs, lookup, people = {}, {}, {}
    for a in by:
        rows = [r for r in records if r["attribute"] == a]
        if not rows:
            raise InputError(f"the mapping has no rows for '{a}'.", column=a, code="weighting_unmapped",
                             params={"attribute": a})
        used = set(report[a]["groups"])
        pattrs[a] = str(rows[0]["population_attribute"])
        lookup[a] = {r["value"]: r["group"] for r in rows if r["side"] == "survey" and r["group"] in used}
        people[a] = {r["value"]: r["group"] for r in rows if r["side"] == "population" and r["group"] in used}
    groups = pd.DataFrame(index=respondents.index, dtype=object)
    targets: dict[str, pd.Series] = {}
    for a in by:
        codes, uniques = pd.factorize(respondents[a].to_numpy(dtype=object), use_na_sentinel=True)
        named = np.array([lookup[a].get(str(u).strip(), "") for u in uniques] + [""], dtype=object)
        groups[a] = named[codes]  # code -1 (missing) picks the trailing ""
        # Residents outside the survey's reach on another attribute (under 10s) count in no margin.
        covered = {pattrs[b]: set(people[b]) for b in by if pattrs[b] != pattrs[a]}
        margin = population.margin(pattrs[a], where=covered)
        sums = dict.fromkeys(report[a]["groups"], 0.0)
        for category, residents in margin.items():
            if category in people[a]:
                sums[people[a][category]] += float(residents)
        targets[a] = pd.Series(sums, dtype=float)
    return groups, targets, pattrs


def _choose_method(method, groups, population, mapping, by, pattrs):
    """(method applied, why, cell targets for post-stratification or None)."""
    if len(by) == 1:
        return "poststratify", "one attribute: post-stratification and raking coincide", None
    if method == "rake":
        return "rake", "chosen", None
    cross = population.cross([pattrs[a] for a in by])
    if cross is None:
        if method == "poststratify":
            names = ", ".join(pattrs[a] for a in by)
            raise InputError(f"post-stratification needs one population table with every combination of {names}.",
                             code="weighting_no_cross", params={"attributes": names})
        return "rake", "the population gives margins, not the full cross table", None
    cells = cross.copy()
    for a in by:
        rows = mapping[(mapping["attribute"] == a) & (mapping["side"] == "population") & (mapping["group"] != "")]
        cells[a] = cells[pattrs[a]].map(dict(zip(rows["value"], rows["group"]))).fillna("")
    cells = cells[(cells[list(by)] != "").all(axis=1)].groupby(list(by), sort=False)["count"].sum()
    seen = pd.MultiIndex.from_frame(groups[list(by)])
    empty = int(((cells > 0) & ~cells.index.isin(seen)).sum())
    if empty and method == "auto":
        return "rake", f"{empty} populated cells of the cross table have no respondent", None
    if empty:
        raise InputError(f"{empty} cells of the population cross table have no respondent: "
                         "post-stratification is not possible; use raking.", code="weighting_empty_cells",
                         params={"cells": empty})
    return "poststratify", "full cross table, every cell has respondents", cells


def _rake(groups: pd.DataFrame, codes: dict[str, np.ndarray], targets: dict[str, pd.Series], cells,
          max_ratio) -> tuple[np.ndarray, int]:
    frame = pd.DataFrame(index=range(len(groups)))
    scheme_targets = []
    if cells is not None:
        frame["cell"] = cells.index.get_indexer(pd.MultiIndex.from_frame(groups[list(cells.index.names)]))
        shares = cells.to_numpy() / cells.sum() * 100.0
        scheme_targets.append({"cell": {i: float(s) for i, s in enumerate(shares)}})
    else:
        for k, (a, share) in enumerate(targets.items()):
            column = f"v{k}"
            frame[column] = codes[a]
            pct = share.to_numpy() / share.sum() * 100.0
            scheme_targets.append({column: {i: float(p) for i, p in enumerate(pct)}})
    scheme = weightipy.Rim("w", max_iterations=1000, cap=max_ratio or 0)
    scheme.set_targets(scheme_targets)
    # weightipy prints convergence notes; ours are in the diagnostics.
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = weightipy.weight(frame, scheme).to_numpy(dtype=float)
    iterations = scheme.groups[next(iter(scheme.groups))].get("iterations") or 0
    return weights / weights.mean(), int(iterations)


def _margins(codes: dict[str, np.ndarray], targets: dict[str, pd.Series], w: np.ndarray) -> pd.DataFrame:
    """Per attribute and group: population, its share, respondents and their share, weighted share."""
    frames = []
    for a, share in targets.items():
        k = len(share)
        n = np.bincount(codes[a], minlength=k)[:k]
        wsum = np.bincount(codes[a], weights=w, minlength=k)[:k]
        population = share.to_numpy(dtype=float)
        frames.append(pd.DataFrame({
            "attribute": a, "group": np.asarray(share.index, dtype=object), "population": population,
            "population_share": population / population.sum(), "respondents": n.astype(np.int64),
            "sample_share": n / max(len(codes[a]), 1), "weighted_share": wsum / (w.sum() or 1.0),
        }))
    if not frames:
        return pd.DataFrame(columns=list(MARGIN_COLUMNS))
    return pd.concat(frames, ignore_index=True)[list(MARGIN_COLUMNS)]


def _largest(weights: pd.Series, groups: pd.DataFrame) -> list[dict]:
    top = weights.dropna().sort_values(ascending=False, kind="stable").head(N_LARGEST)
    return [{"respondent": str(k), "weight": round(float(v), 4),
             "groups": {a: str(groups.at[k, a]) for a in groups.columns}} for k, v in top.items()]
