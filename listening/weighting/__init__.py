"""Weighting answers to the population: resident-count tables, value mapping, raking/post-stratification, diagnostics."""

from .labels import age_range, district_key, gender_key
from .mapping import MAPPING_COLUMNS, guess_mapping, mapping_report, read_mapping, survey_values
from .population import Population, combine, parse_count, population_from_frame, read_population
from .rake import (
    MARGIN_COLUMNS,
    METHODS,
    MISSING_RULES,
    Weighting,
    check_settings,
    compute_weights,
    design_effect,
    kish_effective_n,
)
from .respondents import answer_weights, respondent_keys, respondent_table
from .service import weigh_answers, weighting_note
from .setup import WeightingSetup, mapping_records, proposed_setup, setup_from_row

__all__ = [
    "age_range",
    "check_settings",
    "answer_weights",
    "combine",
    "compute_weights",
    "design_effect",
    "district_key",
    "gender_key",
    "guess_mapping",
    "kish_effective_n",
    "MAPPING_COLUMNS",
    "mapping_records",
    "mapping_report",
    "MARGIN_COLUMNS",
    "METHODS",
    "MISSING_RULES",
    "parse_count",
    "Population",
    "population_from_frame",
    "proposed_setup",
    "read_mapping",
    "read_population",
    "respondent_keys",
    "respondent_table",
    "setup_from_row",
    "survey_values",
    "weigh_answers",
    "Weighting",
    "weighting_note",
    "WeightingSetup",
]
