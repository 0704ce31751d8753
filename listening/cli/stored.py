"""What CLI commands read from the store."""
from __future__ import annotations

from listening.analysis import Analysis
from listening.curation import curated_analysis
from listening.store import Store


def latest_analysis(store: Store, dataset: str) -> Analysis:
    """The latest analysis of the dataset named ``dataset``, as curated (ValueError if none)."""
    dataset_id = store.dataset_id(dataset)
    if dataset_id is None:
        raise ValueError(f"no dataset named {dataset!r} in the store; see `python -m listening datasets`")
    run_id = store.latest_run(dataset_id)
    if run_id is None:
        raise ValueError(f"dataset {dataset!r} has not been analysed yet; run `analyze` first")
    return curated_analysis(store, run_id)
