"""Widgets several pages share: the dataset picker, empty states and attribute filters."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from listening.views import MISSING_LABEL, sort_values
from ui import i18n, state
from ui.i18n import t


def dataset_picker() -> None:
    """Sidebar selector of the dataset every page works on."""
    datasets = state.workspace().datasets()
    if datasets.empty:
        return
    ids = datasets["id"].tolist()
    current = state.dataset_id()
    if current not in ids:
        current = ids[0]
        state.select_dataset(current)
    names = dict(zip(datasets["id"], datasets["name"]))
    picked = st.selectbox(t("dataset"), ids, index=ids.index(current), format_func=names.get)
    state.select_dataset(picked)


def require_analysis():
    """The current (curated) analysis, or an empty state that says what to do next and stops the page."""
    if state.workspace().datasets().empty:
        st.info(t("no_dataset"))
        if state.workspace().can("upload"):
            if st.button(t("load_sample"), type="primary", key="empty_load_sample"):
                load_sample_and_analyse()
                st.rerun()
            st.page_link("pages/data.py", label=t("go_data"), icon=":material/upload_file:")
        st.stop()
    result = state.current_analysis()
    if result is None:
        st.info(t("no_analysis"))
        if state.workspace().can("upload"):
            st.page_link("pages/data.py", label=t("go_data"), icon=":material/upload_file:")
        st.stop()
    return result


def run_analysis(dataset_id: int, settings=None):
    """Analyse under st.status with a progress bar per step; selects the new run."""
    from listening.types import AnalysisSettings

    steps = ["load", "embed", "wait_background", "neighbours", "space", "cluster", "label", "map", "save"]
    with st.status(t("analysing"), expanded=True) as status:
        bar = st.progress(0.0)

        def report(step: str, done: float) -> None:
            if step in steps:
                bar.progress(min(1.0, (steps.index(step) + done) / len(steps)), text=i18n.step_name(step))

        result = state.workspace().analyze(dataset_id, settings or AnalysisSettings(), progress=report)
        status.update(label=t("done"), state="complete", expanded=False)
    state.select_dataset(dataset_id)
    state.select_run(result.run_id)
    return result


def load_sample_and_analyse() -> None:
    dataset_id = state.workspace().load_sample("ko" if i18n.current() == "ko" else "ja")
    state.select_dataset(dataset_id)
    run_analysis(dataset_id)


def display_value(value) -> str:
    return t("missing") if value == MISSING_LABEL else str(value)


def attribute_filters(answers: pd.DataFrame, attributes, key: str, skip=()) -> dict[str, list[str]]:
    """One multiselect per attribute (empty = no filter); returns {attribute: chosen values}."""
    chosen: dict[str, list[str]] = {}
    for attr in attributes:
        if attr in skip or attr not in answers.columns:
            continue
        values = answers[attr].dropna().astype(str)
        options = sort_values(values.unique().tolist())
        if answers[attr].isna().any():
            options.append(MISSING_LABEL)
        if len(options) < 2 or len(options) > 200:
            continue
        picked = st.multiselect(attr, options, key=f"{key}_{attr}", format_func=display_value,
                                placeholder=t("all"))
        if picked:
            chosen[attr] = picked
    return chosen


def level_picker(key: str) -> str:
    # A dict, not t itself: format_func may be called outside this run's language.
    names = {level: t(level) for level in ("theme", "topic")}
    return st.radio(t("level"), list(names), format_func=names.get, horizontal=True, key=key)
