"""The weighted / unweighted switch every page that shows shares draws, and the captions of weighted tables.

A page adds one line, ``weights = weighting.switch(analysis, "map")``: nothing is drawn
and None comes back until staff set population margins (Weighting page); then a toggle,
on at first when staff chose weighted as the dataset's default, and one weight per
answer (index: ``analysis.answers``'s) while it is on. The reader's choice holds across
pages (kept per dataset under a key no widget owns). The weights are the library's
(``Workspace.weights_for``), cached per run, its edits and the weighting setting.
"""
from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from listening.messages import describe_error
from listening.types import InputError
from ui import i18n, state
from ui.i18n import fmt_date, fmt_int, t

_CHOICE = "_weighted_view"  # {dataset id: weighted?}: the reader's choice, made on any page


def setup(dataset_id: int):
    """The dataset's WeightingSetup (None when staff never set margins)."""
    return state.workspace().weighting_setup(dataset_id)


@st.cache_data(show_spinner=False, max_entries=8)
def _weighting(run_id: int, edit_version: str, setting_id: int | None):
    """The run's Weighting under the current setting (``setting_id`` changes with every saved change)."""
    return state.workspace().weights_for(state.analysis(run_id, edit_version))


def current(analysis):
    """The analysis' Weighting (diagnostics, margins, weights), None without margins; InputError
    when the stored setting does not fit these answers."""
    found = setup(analysis.dataset_id)
    if found is None or not found.ready:
        return None
    return _weighting(analysis.run_id, state.edit_version(analysis.run_id), found.setting_id)


def weighting_switch(analysis, key: str):
    """The toggle (once margins exist) and the Weighting while it is on, else None."""
    found = setup(analysis.dataset_id)
    if found is None or not found.ready:
        return None
    widget = f"{key}_weighted"
    if widget not in st.session_state:  # a page drawn afresh: the reader's last choice, else staff's default
        st.session_state[widget] = st.session_state.get(_CHOICE, {}).get(analysis.dataset_id, found.default_weighted)
    on = st.toggle(t("wt_switch"), key=widget, help=t("wt_switch_help", by=_join(found.by)),
                   on_change=_remember, args=(widget, analysis.dataset_id))
    if not on:
        return None
    try:
        return current(analysis)
    except InputError as err:
        st.warning(t("wt_failed", error=describe_error(err, i18n.current())), icon=":material/warning:")
        return None


def _remember(widget: str, dataset_id: int) -> None:
    """The reader flipped a switch: the other pages follow (only a choice made, not a default seen)."""
    st.session_state.setdefault(_CHOICE, {})[dataset_id] = st.session_state[widget]


def switch(analysis, key: str) -> pd.Series | None:
    """The toggle, and each answer's weight while it is on (NaN: an answer without a weighted
    respondent, e.g. a hearing note); None when off or without margins."""
    weighting = weighting_switch(analysis, key)
    return None if weighting is None else weighting.answer_weights


def caption(analysis, weights) -> None:
    """Under a table: that its shares are weighted, to what and how far (nothing when unweighted)."""
    if weights is None:
        return
    weighting = current(analysis)
    if weighting is None:
        return
    d = weighting.diagnostics
    st.caption(t("wt_caption", by=_join(d.get("by", [])), source=source_line(d.get("sources", [])),
                 n_eff=fmt_int(round(d.get("effective_n") or 0)), n=fmt_int(d.get("n_weighted") or 0)))


def not_weighted(weights) -> None:
    """Under a table the switch does not reach (while it is on): say it is plain counts."""
    if weights is not None:
        st.caption(t("wt_not_weighted_here"))


def source_line(sources) -> str:
    """ "住民基本台帳 2025年4月1日" for each population table."""
    parts = []
    for s in sources:
        name = s.get("source") or s.get("filename") or t("wt_unknown")
        parts.append(f"{name} {fmt_date(s.get('as_of'))}".strip())
    return _join(parts) or t("wt_unknown")


def _join(items) -> str:
    return ("、" if i18n.current() == "ja" else ", ").join(map(str, items))


# ---- the weighted figures a page shows in place of the unweighted ones -----------------------


def weighted_profile(profile, weights):
    """A DistrictProfile whose shares and lifts are the weighted ones (rankings stay as they were)."""
    if weights is None:
        return profile

    def swap(frame: pd.DataFrame) -> pd.DataFrame:
        if "weighted_share_district" not in frame.columns:
            return frame
        return frame.assign(share_district=frame["weighted_share_district"],
                            share_city=frame["weighted_share_city"], lift=frame["weighted_lift"])

    return dataclasses.replace(profile, clusters=swap(profile.clusters), top_by_share=swap(profile.top_by_share),
                               top_by_lift=swap(profile.top_by_lift))


def weighted_waves(table: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """A wave table with the weighted share, change and (Holm-adjusted) test in place of the
    unweighted ones (listening.waves.weighted_view)."""
    from listening.waves import weighted_view

    return weighted_view(table, by)
