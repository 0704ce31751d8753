"""listening: offline broad listening for Japanese and Korean free-text answers.

Typical use::

    from listening import Store, ColumnChoice, import_file, analyze
    from listening.views import crosstab
    store = Store("listening.db")
    imported = import_file(store, "survey 2025", data, "survey.csv",
                           ColumnChoice(text=("問1",), attributes=("年代", "校区")))
    result = analyze(store, imported.dataset_id)
    table = crosstab(result.answers, "theme", "年代")
"""
from listening.version import __version__

# The public API, imported on first use: ``import listening.embed.worker`` (what the worker process does
# first) or ``python -m listening --help`` must not pay for pandas, scikit-learn and every stage.
_API = {
    "Analysis": "listening.analysis",
    "analyze": "listening.analysis",
    "ColumnChoice": "listening.analysis",
    "import_file": "listening.analysis",
    "ImportResult": "listening.analysis",
    "load_analysis": "listening.analysis",
    "read_answers": "listening.analysis",
    "RunInfo": "listening.analysis",
    "AccessDenied": "listening.auth",
    "User": "listening.auth",
    "build_export": "listening.export",
    "ExportData": "listening.export",
    "ExportOptions": "listening.export",
    "write_exports": "listening.export",
    "ColumnGuess": "listening.ingest",
    "combine_answers": "listening.ingest",
    "guess_columns": "listening.ingest",
    "read_path": "listening.ingest",
    "read_table": "listening.ingest",
    "select_answers": "listening.ingest",
    "Store": "listening.store",
    "AnalysisSettings": "listening.types",
    "Answers": "listening.types",
    "ClusteringSettings": "listening.types",
    "InputError": "listening.types",
    "RawTable": "listening.types",
    "cluster_answers_page": "listening.views",
    "compare_groups": "listening.views",
    "Crosstab": "listening.views",
    "crosstab": "listening.views",
    "crosstab_frame": "listening.views",
    "crosstab_summary": "listening.views",
    "district_profile": "listening.views",
    "DistrictProfile": "listening.views",
    "filter_answers": "listening.views",
    "filter_view": "listening.views",
    "map_points": "listening.views",
    "read_district_stats": "listening.views",
    "search_mask": "listening.views",
    "add_to_run": "listening.waves",
    "reanalyze": "listening.waves",
    "Workspace": "listening.workspace",
}


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module 'listening' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = ["__version__", *_API]
