"""Survey waves in the app: batch names, cached duplicate and new-voice views, the wave chart, the re-analysis outcome.

The work (embedding, duplicate detection, proposals, the change table) is the library's
(listening.waves through the Workspace); this module caches it by small ids and draws.
"""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ui import state
from ui.i18n import fmt_date

CHART_CLUSTERS = 12  # lines a reader can still tell apart
PROPOSAL_SIZE = 10  # new voices that must gather before a topic is proposed


def batch_names(dataset_id: int) -> dict[int, str]:
    """Each batch of the dataset as people tell it apart, "name (wave date)", in date order (then id)."""
    batches = state.workspace().batches(dataset_id)
    ordered = batches.assign(_when=pd.to_datetime(batches["collected_on"], errors="coerce")).sort_values(
        ["_when", "id"], kind="stable", na_position="last")
    return {int(i): f"{name} ({fmt_date(date)})"
            for i, name, date in zip(ordered["id"], ordered["name"], ordered["collected_on"])}


@st.cache_data(show_spinner=False, max_entries=8)
def duplicates(run_id: int, edit_version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(members, bursts) of the curated analysis (listening.waves.analysis_duplicates)."""
    return state.workspace().duplicates(state.analysis(run_id, edit_version))


@st.cache_data(show_spinner=False, max_entries=8)
def proposals(run_id: int, edit_version: str) -> list[list[str]]:
    """Candidate new topics among the new voices of the run's added batch (answer ids)."""
    return state.workspace().new_voice_proposals(state.analysis(run_id, edit_version), min_size=PROPOSAL_SIZE)


def accepted_voices(run_id: int) -> set[str]:
    """Answers staff already made into a new topic (active new_topic edits)."""
    return state.workspace().accepted_voices(run_id)


def clear() -> None:
    """Forget cached views: removing a batch deletes runs, and SQLite reuses their ids."""
    duplicates.clear()
    proposals.clear()


def wave_chart(table: pd.DataFrame, order: list[str], titles: dict[str, str], facet: bool = False,
               label_order: list[str] | None = None) -> alt.Chart:
    """Share of each cluster per wave as lines; changes beyond chance ringed with a diamond.

    ``table``: columns wave, label, share, change, p_adjusted, significant (and ``by``
    when ``facet``); ``order``: the waves left to right; ``label_order``: every group of the
    level, largest first, as the map orders them: each group keeps the map's colour."""
    from ui.charts import group_styles

    domain = list(dict.fromkeys(label_order or sorted(table["label"].astype(str).unique())))
    colours, _ = group_styles(len(domain))
    tooltip = [alt.Tooltip("wave:N", title=titles["wave"]), alt.Tooltip("label:N", title=titles["label"]),
               alt.Tooltip("share:Q", title=titles["share"], format=".1%"),
               alt.Tooltip("change:Q", title=titles["change"], format="+.1f"),
               alt.Tooltip("p_adjusted:Q", title=titles["p"], format=".3f")]
    base = alt.Chart().encode(
        x=alt.X("wave:N", sort=order, title=titles["wave"], axis=alt.Axis(labelAngle=0, labelLimit=160)),
        y=alt.Y("share:Q", title=titles["share"], axis=alt.Axis(format="%")),
        color=alt.Color("label:N", title=titles["label"], sort=domain, scale=alt.Scale(domain=domain, range=colours),
                        legend=alt.Legend(columns=1, symbolLimit=40, labelLimit=240)),
        tooltip=tooltip,
    )
    lines = base.mark_line(point=True)
    marked = base.transform_filter("datum.significant").mark_point(shape="diamond", size=220, filled=False,
                                                                   strokeWidth=2)
    chart = alt.layer(lines, marked, data=table)
    if facet:
        return chart.properties(width=260, height=200).facet(facet=alt.Facet("by:N", title=titles["by"]),
                                                             columns=3)
    return chart.properties(height=360)


def _shown(value) -> str:
    """A cell of the re-analysis table: blank for a missing value, lists joined."""
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown(v) for v in value)
    return "" if pd.isna(value) else str(value)


def reanalysis_table(changes: pd.DataFrame) -> pd.DataFrame:
    """The re-analysis changes as shown, in the reader's language, with no "None" in any cell
    (st.dataframe writes a missing value as "None": figures go in as text, blank where missing)."""
    from ui.i18n import fmt_int, t

    kinds = {k: t(f"data_change_{k}") for k in ("split", "merged", "appeared", "vanished")}
    return pd.DataFrame({
        t("data_col_level"): changes["level"].map(t), t("data_col_change"): changes["kind"].map(kinds),
        # A group that appeared has no "before", one that vanished no "after".
        t("data_col_before"): [_shown(v) for v in changes["before"]],
        t("data_col_after"): [_shown(v) for v in changes["after"]],
        t("data_col_similarity"): ["" if pd.isna(v) else f"{float(v):.2f}" for v in changes["similarity"]],
        t("data_col_overlap"): ["" if pd.isna(v) else fmt_int(v) for v in changes["overlap"]],
    })


def show_reanalysis(report: dict) -> None:
    """The outcome of a full re-analysis, as the Data page keeps it across reruns."""
    from ui.i18n import fmt_int, fmt_pct, t

    st.subheader(t("data_reanalysis_result"))
    c1, c2 = st.columns(2)
    c1.metric(t("data_kept_share"), fmt_pct(report["kept_share"]))
    c2.metric(t("data_labels_carried"), fmt_int(report["labels_carried"]))
    changes = report["changes"]
    if changes.empty:
        st.caption(t("data_no_changes"))
        return
    st.dataframe(reanalysis_table(changes), hide_index=True, width="stretch", key="data_reanalysis_changes")
