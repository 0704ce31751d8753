"""Survey waves in the app: batch names, the cached model, duplicates, new-voice proposals, the wave chart."""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from listening.waves import relabel
from ui import state
from ui.i18n import fmt_date

CHART_CLUSTERS = 12  # lines a reader can still tell apart
PROPOSAL_SIZE = 10  # new voices that must gather before a topic is proposed


@st.cache_resource(show_spinner=False)
def embedder(model_id: str):
    from listening.embed import get_embedder

    return get_embedder(model_id)


def batch_names(dataset_id: int) -> dict[int, str]:
    """Each batch of the dataset as people tell it apart, "name (wave date)", in id order."""
    batches = state.store().list_batches(dataset_id)
    return {int(i): f"{name} ({fmt_date(date)})"
            for i, name, date in zip(batches["id"], batches["name"], batches["collected_on"])}


def _vectors(analysis) -> np.ndarray:
    from listening.embed import embed_with_cache

    answers = analysis.answers
    vectors, _ = embed_with_cache(state.store(), embedder(analysis.info.model), answers["text"].tolist(),
                                  answers["text_hash"].tolist())
    return vectors


@st.cache_data(show_spinner=False, max_entries=8)
def duplicates(run_id: int, edit_version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(members, bursts) of the curated analysis. ``members``: listening.waves.dedupe.duplicate_groups
    plus answer_id, text and batch_id of each member; ``bursts``: coordinated_bursts."""
    from listening.waves import coordinated_bursts, duplicate_groups

    analysis = state.analysis(run_id, edit_version)
    answers = analysis.answers
    groups = duplicate_groups(answers["text"].tolist(), _vectors(analysis))
    at = groups["position"].to_numpy()
    members = groups.assign(answer_id=answers["answer_id"].astype(str).to_numpy()[at],
                            text=answers["text"].to_numpy()[at], batch_id=answers["batch_id"].to_numpy()[at])
    # Answers stay in import order, so "consecutive" follows the order rows arrived in.
    bursts = coordinated_bursts(groups, answers["batch_id"].tolist())
    return members, bursts


@st.cache_data(show_spinner=False, max_entries=8)
def proposals(run_id: int, edit_version: str) -> list[list[str]]:
    """Candidate new topics among the new voices of the run's added batch (answer ids)."""
    from listening.waves import new_voice_proposals

    analysis = state.analysis(run_id, edit_version)
    return new_voice_proposals(state.store(), analysis, embedder(analysis.info.model), min_size=PROPOSAL_SIZE)


def accepted_voices(run_id: int) -> set[str]:
    """Answers staff already made into a new topic (active new_topic edits)."""
    edits = state.store().list_edits(run_id, include_undone=False)
    return {a for op, p in zip(edits["op"], edits["payload"]) if op == "new_topic" for a in p["answer_ids"]}


def clear() -> None:
    """Forget cached views: removing a batch deletes runs, and SQLite reuses their ids."""
    duplicates.clear()
    proposals.clear()


def new_cluster_ids(result, before, level: str) -> dict[int, int]:
    """The id each cluster of a re-analysis got in the stored run, by its id in
    ``reanalysis_report`` (which lists them before renumbering). Mirrors
    listening.waves.update.reanalyze: matched clusters take the old id, the others follow
    the highest id the previous run had."""
    matching = result.topics if level == "topic" else result.themes
    if matching is None:
        return {}
    old = before.clusters.loc[before.clusters["level"] == level, "cluster_id"]
    first_free = max(int(old.max()) + 1, int(getattr(before.info.clusters, f"n_{level}s")))
    raw = np.asarray(matching.new_ids)
    return dict(zip(raw.tolist(), relabel(raw, matching, first_free=first_free).tolist()))


def wave_chart(table: pd.DataFrame, order: list[str], titles: dict[str, str], facet: bool = False) -> alt.Chart:
    """Share of each cluster per wave as lines; changes beyond chance ringed with a diamond.

    ``table``: columns wave, label, share, change, p_adjusted, significant (and ``by``
    when ``facet``); ``order``: the waves left to right."""
    tooltip = [alt.Tooltip("wave:N", title=titles["wave"]), alt.Tooltip("label:N", title=titles["label"]),
               alt.Tooltip("share:Q", title=titles["share"], format=".1%"),
               alt.Tooltip("change:Q", title=titles["change"], format="+.1f"),
               alt.Tooltip("p_adjusted:Q", title=titles["p"], format=".3f")]
    base = alt.Chart().encode(
        x=alt.X("wave:N", sort=order, title=titles["wave"], axis=alt.Axis(labelAngle=0, labelLimit=160)),
        y=alt.Y("share:Q", title=titles["share"], axis=alt.Axis(format="%")),
        color=alt.Color("label:N", title=titles["label"], scale=alt.Scale(scheme="tableau20"),
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


def change_table(result, before) -> pd.DataFrame:
    """What split, merged, appeared or vanished in a re-analysis: level, kind, before and
    after ("id: label" in each run), similarity and overlap. Matched clusters are left out."""
    from listening.waves import reanalysis_report

    report = reanalysis_report(result)
    report = report[report["kind"] != "matched"].reset_index(drop=True)
    old = {(lv, int(c)): f"{int(c)}: {lab}" for lv, c, lab in
           zip(before.clusters["level"], before.clusters["cluster_id"], before.clusters["label"])}
    now = result.analysis.clusters
    new = {(lv, int(c)): f"{int(c)}: {lab}" for lv, c, lab in zip(now["level"], now["cluster_id"], now["label"])}
    ids = {level: new_cluster_ids(result, before, level) for level in ("theme", "topic")}

    def after(level, raw) -> str:
        return "" if pd.isna(raw) else new.get((level, ids[level].get(int(raw), -1)), "")

    return pd.DataFrame({
        "level": report["level"].astype(str),
        "kind": report["kind"].astype(str),
        "before": [("" if pd.isna(o) else old.get((lv, int(o)), str(int(o)))) for lv, o in zip(report["level"],
                                                                                              report["old"])],
        "after": [after(lv, n) for lv, n in zip(report["level"], report["new"])],
        "similarity": report["similarity"].astype(float),
        "overlap": pd.array(report["overlap"], dtype="Int64"),
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
    kinds = {k: t(f"data_change_{k}") for k in ("split", "merged", "appeared", "vanished")}
    st.dataframe(pd.DataFrame({
        t("data_col_level"): changes["level"].map(t), t("data_col_change"): changes["kind"].map(kinds),
        t("data_col_before"): changes["before"], t("data_col_after"): changes["after"],
        t("data_col_similarity"): changes["similarity"], t("data_col_overlap"): changes["overlap"],
    }), hide_index=True, width="stretch", key="data_reanalysis_changes",
        column_config={t("data_col_similarity"): st.column_config.NumberColumn(format="%.2f")})
