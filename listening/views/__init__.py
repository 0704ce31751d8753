"""Read-only views of an analysis for people: crosstabs with tests, map filters and search, group comparison,
common ground and divides across subgroups, the district profile."""

from .crosstab import (
    MISSING_LABEL,
    TOTAL_LABEL,
    Crosstab,
    crosstab,
    crosstab_frame,
    crosstab_summary,
    filter_answers,
    free_form_note_fields,
    sort_values,
    suggested_attributes,
)
from .divides import MIN_RATIO, POOLED, GroundAndDivides, Subgroups, ground_and_divides, subgroups_of
from .explore import (
    cluster_answers_page,
    compare_groups,
    compare_proportions,
    filter_view,
    holm_adjust,
    map_points,
    search_mask,
)
from .named import group_names, named
from .profile import DistrictProfile, district_profile, district_stats_row, read_district_stats

__all__ = [
    "ground_and_divides",
    "MIN_RATIO",
    "GroundAndDivides",
    "POOLED",
    "Subgroups",
    "subgroups_of",
    "cluster_answers_page",
    "compare_groups",
    "compare_proportions",
    "Crosstab",
    "crosstab",
    "crosstab_frame",
    "crosstab_summary",
    "district_profile",
    "district_stats_row",
    "DistrictProfile",
    "filter_answers",
    "filter_view",
    "free_form_note_fields",
    "holm_adjust",
    "map_points",
    "group_names",
    "named",
    "MISSING_LABEL",
    "read_district_stats",
    "search_mask",
    "sort_values",
    "suggested_attributes",
    "TOTAL_LABEL",
]
