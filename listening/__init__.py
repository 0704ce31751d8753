"""listening: offline broad listening for Japanese and Korean free-text answers.

Typical use::

    from listening import Store, ColumnChoice, import_file, analyze, crosstab
    store = Store("listening.db")
    imported = import_file(store, "survey 2025", data, "survey.csv",
                           ColumnChoice(text=("問1",), attributes=("年代", "校区")))
    result = analyze(store, imported.dataset_id)
    table = crosstab(result.answers, "theme", "年代")
"""
__version__ = "0.1.0"

from .columns import ColumnGuess, guess_columns  # noqa: E402
from .crosstab import Crosstab, crosstab, crosstab_frame, crosstab_summary, filter_answers  # noqa: E402
from .explore import cluster_answers_page, compare_groups, filter_view, map_points, search_mask  # noqa: E402
from .ingest import read_path, read_table  # noqa: E402
from .pipeline import Analysis, ColumnChoice, ImportResult, analyze, import_file, load_analysis, read_answers  # noqa: E402
from .profile import DistrictProfile, district_profile, read_district_stats  # noqa: E402
from .select import combine_answers, select_answers  # noqa: E402
from .store import Store  # noqa: E402
from .types import AnalysisSettings, Answers, InputError, RawTable  # noqa: E402
from .access import AccessDenied, User  # noqa: E402
from .workspace import Workspace  # noqa: E402
from .export import ExportData, ExportOptions, build_export, write_exports  # noqa: E402
from .update import add_to_run, reanalyze  # noqa: E402

__all__ = [
    "AccessDenied", "ExportData", "ExportOptions", "User", "Workspace", "add_to_run", "build_export",
    "reanalyze", "write_exports",
    "ColumnGuess", "DistrictProfile", "cluster_answers_page", "compare_groups", "district_profile",
    "filter_view", "guess_columns", "map_points", "read_district_stats", "search_mask",
    "Analysis", "AnalysisSettings", "Answers", "ColumnChoice", "Crosstab", "ImportResult", "InputError",
    "RawTable", "Store", "__version__", "analyze", "combine_answers", "crosstab", "crosstab_frame",
    "crosstab_summary", "filter_answers", "import_file", "load_analysis", "read_answers", "read_path",
    "read_table", "select_answers",
]
