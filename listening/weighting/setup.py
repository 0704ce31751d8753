"""A dataset's weighting as staff set it: the margins, the attributes, the mapping, the default view."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from listening.types import InputError

from .mapping import MAPPING_COLUMNS, guess_mapping, mapping_report, read_mapping
from .population import Population
from .rake import Weighting
from .respondents import respondent_table
from .service import weigh_answers

MIN_MATCHED = 0.5  # an attribute is proposed for weighting when the mapping places half its respondents


@dataclass(frozen=True, eq=False)
class WeightingSetup:
    """What the store holds for one dataset (``Workspace.weighting_setup``).

    ``default_weighted``: the view staff chose to show first (unweighted until they
    choose; weighted needs margins). ``population`` is None when no margins are set.
    """

    population: Population | None
    margins_id: int | None
    by: tuple[str, ...]
    mapping: pd.DataFrame
    method: str = "auto"
    max_ratio: float | None = 5.0
    missing: str = "keep"
    default_weighted: bool = False
    user: str = ""
    created_at: str = ""
    setting_id: int | None = None  # changes with every stored change: a cache key for weights

    @property
    def ready(self) -> bool:
        return self.population is not None and bool(self.by)

    def weigh(self, answers: pd.DataFrame) -> Weighting:
        """Weights for ``answers`` (an analysis' answers) under this setup."""
        if not self.ready:
            raise InputError("no population margins are set for this dataset.", code="weighting_not_set")
        return weigh_answers(answers, self.population, self.by, mapping=self.mapping, method=self.method,
                             max_ratio=self.max_ratio, missing=self.missing)

    def report(self) -> dict[str, dict]:
        """Unmatched values and categories per attribute (:func:`mapping_report`)."""
        return mapping_report(self.mapping)


def proposed_setup(answers: pd.DataFrame, population: Population, attributes: Sequence[str],
                   by: Sequence[str] | None = None) -> tuple[tuple[str, ...], pd.DataFrame]:
    """(attributes to weight by, guessed mapping): ``by`` as given, else every attribute of
    ``attributes`` the population matches for at least half of its respondents."""
    respondents = respondent_table(answers, list(attributes))
    if by is not None:
        return tuple(by), guess_mapping(respondents, population, list(by))
    chosen, frames = [], []
    for attribute in attributes:
        try:
            mapping = guess_mapping(respondents, population, [attribute])
        except InputError:
            continue
        survey = mapping[mapping["side"] == "survey"]
        matched = survey.loc[survey["group"] != "", "n"].sum()
        if survey["n"].sum() and matched / survey["n"].sum() >= MIN_MATCHED:
            chosen.append(attribute)
            frames.append(mapping)
    if not chosen:
        raise InputError("no survey attribute matches the population table (its columns: "
                         f"{', '.join(population.attributes)}).", code="weighting_nothing_matched_any",
                         params={"available": ", ".join(population.attributes)})
    return tuple(chosen), pd.concat(frames, ignore_index=True)


def setup_from_row(row: dict | None, population_json: str | None) -> WeightingSetup | None:
    """The store's current weighting row (``Store.weighting_settings``) as a WeightingSetup."""
    if row is None:
        return None
    mapping = pd.DataFrame(row["mapping"], columns=list(MAPPING_COLUMNS))
    return WeightingSetup(
        population=Population.from_json(population_json) if population_json else None,
        margins_id=row["margins_id"], by=tuple(row["by_attributes"]), mapping=read_mapping(mapping),
        method=row["method"], max_ratio=row["max_ratio"], missing=row["missing"],
        default_weighted=bool(row["default_weighted"]), user=row["user"], created_at=row["created_at"],
        setting_id=row["id"])


def mapping_records(mapping: pd.DataFrame) -> list[dict]:
    """The mapping as JSON-ready rows for the store."""
    clean = read_mapping(mapping)
    return [{"attribute": r.attribute, "population_attribute": r.population_attribute, "side": r.side,
             "value": r.value, "group": r.group, "n": None if pd.isna(r.n) else float(r.n)}
            for r in clean.itertuples(index=False)]
