"""Shared resources for the pages: the store (one per server) and cached analyses."""
from __future__ import annotations

import streamlit as st

from listening.cli import default_db
from listening.pipeline import Analysis, load_analysis
from listening.store import Store

_DATASET_KEY = "_dataset_id"


@st.cache_resource
def store() -> Store:
    return Store(default_db())


@st.cache_data(show_spinner=False, max_entries=8)
def analysis(run_id: int) -> Analysis:
    return load_analysis(store(), run_id)


def dataset_id() -> int | None:
    """The dataset being explored: session state first, then the URL (?dataset=ID)."""
    if _DATASET_KEY not in st.session_state and "dataset" in st.query_params:
        try:
            st.session_state[_DATASET_KEY] = int(st.query_params["dataset"])
        except ValueError:
            pass
    return st.session_state.get(_DATASET_KEY)


def select_dataset(value: int) -> None:
    st.session_state[_DATASET_KEY] = value
    st.query_params["dataset"] = str(value)
