"""Read-only views for people: the audit log in words; crosstabs with tests, map filters and search, group comparison, the district profile."""

from .audit import audit_in_words, display_zone, local_time, zone_name
from .crosstab import (
    MISSING_LABEL,
    TOTAL_LABEL,
    Crosstab,
    crosstab,
    crosstab_frame,
    crosstab_summary,
    filter_answers,
    sort_values,
    suggested_attributes,
)
from .explore import (
    cluster_answers_page,
    compare_groups,
    compare_proportions,
    filter_view,
    holm_adjust,
    map_points,
    search_mask,
)
from .profile import DistrictProfile, district_profile, district_stats_row, read_district_stats

__all__ = [
    "audit_in_words",
    "display_zone",
    "local_time",
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
    "holm_adjust",
    "map_points",
    "MISSING_LABEL",
    "read_district_stats",
    "search_mask",
    "sort_values",
    "suggested_attributes",
    "TOTAL_LABEL",
    "zone_name",
]
