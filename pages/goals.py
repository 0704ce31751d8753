"""Vision goals: which goals residents' opinions support, which no one speaks about, what no goal covers."""
import altair as alt
import pandas as pd
import streamlit as st

from listening import goals as gs
from listening.goals import LANGUAGES, NO_GOAL
from listening.messages import describe_error
from listening.types import InputError
from listening.views import TOTAL_LABEL, filter_answers
from ui import charts, i18n, state, weighting, widgets
from ui.i18n import fmt_int, fmt_pct, t
from ui.text import escape_markdown

state.ensure_routed()

N_SUGGESTED = 100  # distinct texts listed per goal
AREA_HINTS = ("校区", "地区", "地域", "行政区", "행정동", "district", "area")
# Non-widget keys: a flash message for after the rerun, and a nonce in the keys of
# uploaders, the editor and answer tables, so after a change they start afresh.
_FLASH = "_goals_flash"
_NONCE = "_goals_nonce"

analysis = widgets.require_analysis()
st.title(t("nav_goals"))
st.caption(t("goals_intro"))
ws = state.workspace()
dataset = analysis.dataset_id
staff = ws.can("goals")
nonce = st.session_state.setdefault(_NONCE, 0)
if (flash := st.session_state.pop(_FLASH, None)) is not None:
    st.success(flash)


def _failed(err: Exception) -> None:
    text = describe_error(err, i18n.current()) if isinstance(err, InputError) else str(err)
    st.error(t("goals_failed", error=escape_markdown(text)))


def _act(action, *args, message: str) -> None:
    """Run one staff change, a Workspace method (role check, audit), then rerun with a fresh nonce."""
    try:
        action(dataset, *args)
    except ValueError as err:  # InputError included: a bad file or table
        _failed(err)
        return
    st.session_state[_FLASH] = message
    st.session_state[_NONCE] = nonce + 1
    st.rerun()


def _define(goals) -> None:
    """Staff: upload a goal file, start from the sample vision, or edit the goals as a table."""
    with st.expander(t("goals_define"), expanded=not goals):
        st.caption(t("goals_define_help"))
        upload = st.file_uploader(t("goals_file"), type=["csv", "tsv", "txt", "xlsx", "yaml", "yml"],
                                  key=f"goals_upload_{nonce}")
        if upload is not None:
            _act(ws.import_goals, upload.getvalue(), upload.name,
                 message=t("goals_saved_file", file=escape_markdown(upload.name)))
        if not goals and st.button(t("goals_load_sample"), key="goals_load_sample"):
            language = analysis.answers["language"].value_counts().idxmax()  # the answers' language
            _act(ws.import_goals, *gs.sample_goals(language), message=t("goals_saved_sample"))
        st.markdown(f"**{t('goals_table')}**")
        st.caption(t("goals_table_help"))
        columns = {c: st.column_config.TextColumn(t(f"goals_col_{c}")) for c in ("id", "name", "description",
                                                                                  "examples", "keywords", "parent")}
        columns["language"] = st.column_config.SelectboxColumn(t("goals_col_language"), options=list(LANGUAGES))
        edited = st.data_editor(gs.goals_table(goals), num_rows="dynamic", hide_index=True, width="stretch",
                                column_config=columns, key=f"goals_editor_{nonce}")
        if st.button(t("goals_save_table"), type="primary", key="goals_save_table"):
            try:
                table_goals = gs.goals_from_table(edited)
            except InputError as err:
                _failed(err)
            else:
                _act(ws.define_goals, table_goals, message=t("goals_saved_table", n=fmt_int(len(table_goals))))


goals = ws.goals(dataset)
if staff:
    _define(goals)
if not goals:
    st.info(t("goals_none_staff") if staff else t("goals_none"))
    st.stop()

left, right, _ = st.columns([1, 1, 3])
for col, fmt, mime in ((left, "csv", "text/csv"), (right, "yaml", "application/yaml")):
    col.download_button(t(f"goals_download_{fmt}"), ws.goals_file(dataset, fmt), file_name=f"goals.{fmt}",
                        mime=mime, icon=":material/download:", key=f"goals_download_{fmt}")

with st.spinner(t("goals_scoring")):
    view = state.current_goal_view(analysis)
weights = weighting.switch(analysis, "goals")  # by answer, in view.answers' order (the analysis' answers)
depth = {g.goal_id: (1 if g.parent else 0) for g in view.goals}
names = {g.goal_id: "　" * depth[g.goal_id] + g.name for g in view.goals}
names |= {NO_GOAL: t("goals_no_goal"), TOTAL_LABEL: t("goals_total")}
percent = st.column_config.NumberColumn(format="%.1f%%", width="small")
STATES = {"confirmed": t("goals_state_confirmed"), "rejected": t("goals_state_rejected"), "": ""}


def _coverage_table(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({t("goals_goal"): table["goal_id"].map(names), t("goals_answers"): table["count"],
                         t("share"): table["share"] * 100, t("goals_keyword_answers"): table["keyword_count"]})


def _coverage() -> None:
    with st.expander(t("filters")):
        filters = widgets.attribute_filters(view.answers, analysis.attributes, key="goals_filter")
    rows = filter_answers(view.answers, filters).index.to_numpy() if filters else None
    if rows is not None and not len(rows):
        st.info(t("goals_no_answers"))
        return
    table = gs.coverage(view, rows=rows, weights=None if weights is None else weights.to_numpy())
    if weights is not None:
        table = table.assign(share=table["weighted_share"])
    total, none = (int(table.loc[table["goal_id"] == g, "count"].iloc[0]) for g in (TOTAL_LABEL, NO_GOAL))
    m1, m2, m3 = st.columns(3)
    m1.metric(t("answers"), fmt_int(total))
    m2.metric(t("goals_touching"), fmt_pct((total - none) / max(total, 1)) if weights is None else
              fmt_pct(1.0 - float(table.loc[table["goal_id"] == NO_GOAL, "share"].iloc[0])))
    m3.metric(t("goals_no_goal"), fmt_int(none))
    st.caption(t("goals_coverage_help"))
    goals_only = table[~table["goal_id"].isin([NO_GOAL, TOTAL_LABEL])]
    bars = pd.DataFrame({"item": list(goals_only["goal_id"].map(names)) * 2,
                         "group": [t("goals_model")] * len(goals_only) + [t("goals_keyword_rule")] * len(goals_only),
                         "share": list(goals_only["share"]) + list(goals_only["keyword_count"] / max(total, 1))})
    st.altair_chart(charts.share_comparison(bars, {"share": t("share"), "item": t("goals_goal"), "group": ""}),
                    width="stretch")
    st.dataframe(_coverage_table(table), hide_index=True, width="stretch", key="goals_coverage_table",
                 column_config={t("share"): percent})
    weighting.caption(analysis, weights)
    options = [None, *(a for a in analysis.attributes if a in view.answers.columns), gs.BATCH]
    labels = {None: t("goals_by_none"), gs.BATCH: t("goals_by_batch")}
    by = st.selectbox(t("goals_by"), options, format_func=lambda o: labels.get(o, o), key="goals_by")
    if by is not None:
        counts, shares = gs.coverage_matrix(view, by, rows, None if weights is None else weights.to_numpy())
        shown = (shares * 100).rename(index=names, columns=widgets.display_value)
        st.dataframe(shown, width="stretch", key="goals_coverage_by",
                     column_config={c: percent for c in shown.columns})
        weighting.caption(analysis, weights)
        with st.expander(t("goals_counts")):
            st.dataframe(counts.rename(index=names, columns=widgets.display_value), width="stretch")


def _clusters() -> None:
    level = widgets.level_picker("goals_cluster_level")
    cells = gs.cluster_goal_cells(view, level)
    cells["goal"] = cells["goal_id"].map(names).str.strip("　")
    st.caption(t("goals_clusters_help"))
    weighting.not_weighted(weights)  # which goals each group's answers touch: counts of answers
    chart = alt.Chart(cells).mark_rect(stroke="white").encode(
        x=alt.X("goal:N", sort=list(dict.fromkeys(cells["goal"])), title=None,
                axis=alt.Axis(labelAngle=-35, labelLimit=200, labelOverlap=False)),
        y=alt.Y("cluster:N", title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        color=alt.Color("share:Q", title=t("share"), scale=alt.Scale(scheme="blues", domain=[0, 1])),
        tooltip=[alt.Tooltip("cluster:N", title=t(level)), alt.Tooltip("goal:N", title=t("goals_goal")),
                 alt.Tooltip("count:Q", title=t("goals_answers")),
                 alt.Tooltip("share:Q", title=t("share"), format=".0%")],
    ).properties(height=150 + 26 * cells["cluster_id"].nunique())  # the goal names below take ~150 px
    st.altair_chart(chart, width="stretch")
    with st.expander(t("goals_counts")):
        st.dataframe(cells.pivot_table(index="cluster", columns="goal", values="count", sort=False), width="stretch")


def _gaps() -> None:
    st.subheader(t("goals_unheard"))
    weighting.not_weighted(weights)  # which goals few answers touch: counts of answers
    threshold = st.slider(t("goals_unheard_threshold"), 0, 10, 2, format="%d%%", key="goals_unheard_share")
    quiet = gs.unheard(view, threshold / 100)
    if quiet.empty:
        st.success(t("goals_unheard_none", share=threshold))
    else:
        st.caption(t("goals_unheard_help"))
        st.dataframe(_coverage_table(quiet), hide_index=True, width="stretch", key="goals_unheard_table",
                     column_config={t("share"): percent})
    st.subheader(t("goals_uncovered"))
    st.caption(t("goals_uncovered_help"))
    c1, c2 = st.columns(2)
    with c1:
        level = widgets.level_picker("goals_uncovered_level")
    share = c2.slider(t("goals_uncovered_threshold"), 10, 90, 50, step=5, format="%d%%", key="goals_uncovered_share")
    clusters, voices = gs.uncovered(view, level, share / 100)
    if clusters.empty:
        st.info(t("goals_uncovered_none", share=share))
        return
    st.dataframe(pd.DataFrame({
        t(level): clusters["cluster_label"], t("size"): clusters["size"], t("goals_no_goal"): clusters["n_uncovered"],
        t("share"): clusters["share_uncovered"] * 100, t("goals_nearest"): clusters["nearest_goal"],
    }), hide_index=True, width="stretch", key="goals_uncovered_table", column_config={t("share"): percent})
    st.markdown(f"**{t('examples')}**")
    st.dataframe(pd.DataFrame({t(level): voices["cluster"], t("text"): voices["text"]}), hide_index=True,
                 width="stretch", key="goals_uncovered_voices")


def _decide(goal_id: str, picked: pd.DataFrame, decision: str) -> None:
    ids = [a for row in picked.itertuples() for a in row.answer_ids]
    hashes = [row.text_hash for row in picked.itertuples() for _ in row.answer_ids]
    _act(ws.decide_goal, goal_id, ids, decision, hashes,
         message=t(f"goals_{decision}_done", n=fmt_int(len(ids)), goal=escape_markdown(names[goal_id].strip("　"))))


def _answer_table(rows: pd.DataFrame, with_state: bool) -> pd.DataFrame:
    table = pd.DataFrame({t("text"): rows["text"], t("goals_score"): rows["score"],
                          t("goals_same_text"): rows["n_answers"], t("goals_assigned"): rows["assigned"],
                          t("goals_keywords"): rows["keywords"]})
    if with_state:
        table.insert(1, t("goals_state"), rows["state"].map(STATES))
    return table


def _answers() -> None:
    ids = [g.goal_id for g in view.goals]
    goal_id = st.selectbox(t("goals_pick"), ids, format_func=names.get, key="goals_pick")
    suggested, hits = gs.suggestions(view, goal_id, N_SUGGESTED), gs.keyword_hits(view, goal_id)
    decided = view.decisions[view.decisions["goal_id"] == goal_id]["state"].value_counts()
    m = st.columns(4)
    m[0].metric(t("goals_model_answers"), fmt_int(view.assignment[:, view.column(goal_id)].sum()))
    m[1].metric(t("goals_keyword_answers"), fmt_int(hits["n_answers"].sum()))
    m[2].metric(t("goals_state_confirmed"), fmt_int(decided.get("confirmed", 0)))
    m[3].metric(t("goals_state_rejected"), fmt_int(decided.get("rejected", 0)))
    st.markdown(f"**{t('goals_suggested')}**")
    st.caption(t("goals_suggested_help", n=N_SUGGESTED))
    config = {t("goals_score"): st.column_config.NumberColumn(format="%.2f", width="small")}
    table = _answer_table(suggested, with_state=True)
    if staff:
        event = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode="multi-row",
                             column_config=config, key=f"goals_suggestions_{goal_id}_{nonce}")
        picked = suggested.iloc[[r for r in event.selection.rows if 0 <= r < len(suggested)]]
        st.caption(t("goals_picked", n=fmt_int(len(picked))))
        buttons = st.columns(3)
        kinds = {"confirmed": "primary", "rejected": "secondary", "cleared": "tertiary"}
        for col, (decision, kind) in zip(buttons, kinds.items()):
            if col.button(t(f"goals_{decision}_go"), key=f"goals_{decision}_go", type=kind, disabled=picked.empty):
                _decide(goal_id, picked, decision)
    else:
        st.dataframe(table, hide_index=True, width="stretch", column_config=config, key="goals_suggestions")
    st.markdown(f"**{t('goals_keyword_hits')}**")
    rule = gs.keyword_rule(view.goals, view.goals[view.column(goal_id)])
    st.caption(t("goals_keyword_help", rule=escape_markdown(" OR ".join(rule.keywords) or "—")))
    if hits.empty:
        st.info(t("goals_keyword_none"))
    else:
        st.dataframe(_answer_table(hits, with_state=False), hide_index=True, width="stretch", column_config=config,
                     key="goals_keyword_table")


def _indicators() -> None:
    st.caption(t("goals_indicators_help"))
    weighting.not_weighted(weights)
    if view.indicators.empty:
        st.info(t("goals_indicators_none"))
    else:
        places = [a for a in analysis.attributes if a in view.answers.columns]
        guess = next((i for i, a in enumerate(places) if any(h in a.casefold() for h in AREA_HINTS)), 0)
        area = st.selectbox(t("goals_area"), places, index=guess, key="goals_area") if places else None
        table = gs.indicators_beside(view, area)
        st.dataframe(pd.DataFrame({
            t("goals_goal"): table["goal"], t("goals_district"): table["district"].replace("", t("goals_whole_area")),
            t("goals_year"): table["year"], t("goals_indicator"): table["indicator"], t("goals_value"): table["value"],
            t("goals_unit"): table["unit"], t("goals_answers"): table["answers"],
            t("goals_opinion_share"): table["share"] * 100, t("goals_city_share"): table["city_share"] * 100,
        }), hide_index=True, width="stretch", key="goals_indicator_table",
            column_config={t("goals_opinion_share"): percent, t("goals_city_share"): percent})
    if staff:
        upload = st.file_uploader(t("goals_indicators_file"), type=["csv", "tsv", "txt", "xlsx"],
                                  key=f"goals_indicators_upload_{nonce}")
        if upload is not None:
            _act(ws.upload_indicators, upload.getvalue(), upload.name,
                 message=t("goals_indicators_saved", file=escape_markdown(upload.name)))


tabs = st.tabs([t(f"goals_tab_{name}") for name in ("coverage", "clusters", "gaps", "answers", "indicators")])
for tab, draw in zip(tabs, (_coverage, _clusters, _gaps, _answers, _indicators)):
    with tab:
        draw()
