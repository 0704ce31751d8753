"""What CLI commands read from the store (through the Workspace, role-checked)."""
from __future__ import annotations

from listening.analysis import Analysis
from listening.workspace import Workspace


def dataset_named(ws: Workspace, dataset: str) -> int:
    """The id of the dataset called ``dataset`` (ValueError, which the CLI prints, if none is)."""
    dataset_id = ws.dataset_id(dataset)
    if dataset_id is None:
        raise ValueError(f"no dataset named {dataset!r} in the store; see `python -m listening datasets`")
    return dataset_id


def latest_curated(ws: Workspace, dataset: str) -> Analysis:
    """The latest analysis of ``dataset`` as staff curated it (ValueError names what is missing)."""
    dataset_id = dataset_named(ws, dataset)
    run_id = ws.latest_run(dataset_id)
    if run_id is None:
        raise ValueError(f"dataset {dataset!r} has not been analysed yet; run `analyze` first")
    return ws.curated_analysis(run_id)
