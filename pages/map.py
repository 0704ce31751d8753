"""Opinion map: every answer as a point; filters, keyword search and one cluster in detail."""
import math

import pandas as pd
import streamlit as st

from listening.views import cluster_shares, explore, keyword_hits
from ui import answers as answer_cards
from ui import charts, state, waves, weighting, widgets
from ui.i18n import fmt_int, fmt_pct, t
from ui.text import escape_markdown

state.ensure_routed()

PAGE_SIZE = 20
MAX_EXTRA_HITS = 5_000  # matches a sampled map left out are drawn too, up to this many

analysis = widgets.require_analysis()
answers, clusters = analysis.answers, analysis.clusters
sources_shown = {"survey": t("source_survey"), "hearing": t("source_hearing")}

st.title(t("nav_map"))
weights = weighting.switch(analysis, "map")

with st.sidebar:
    st.subheader(t("filters"))
    filters = widgets.attribute_filters(answers, analysis.attributes, key="map_attr")
    question_options = list(dict.fromkeys(answers["question"].astype(str).tolist()))
    questions = st.multiselect(t("question"), question_options, key="map_questions", placeholder=t("all"),
                               format_func=lambda q: sources_shown.get(q, q), select_all=False)
    source_options = [s for s in sources_shown if (answers["source"] == s).any()]
    sources = st.multiselect(t("source"), source_options, key="map_sources", placeholder=t("all"),
                             format_func=sources_shown.get, select_all=False)
    batch_names = waves.batch_names(analysis.dataset_id)
    batch_options = [b for b in batch_names if b in set(answers["batch_id"].tolist())]
    batches = st.multiselect(t("waves_col_batch"), batch_options, key="map_batches", placeholder=t("all"),
                             format_func=batch_names.get, select_all=False) if len(batch_options) > 1 else []

left, right = st.columns([1, 2])
with left:
    level = widgets.level_picker("map_level")
with right:
    query = st.text_input(t("map_search"), key="map_search", placeholder=t("map_search_hint"))

view = explore.filter_view(answers, filters, questions or None, sources or None, batches or None)
if view.empty:
    st.warning(t("map_no_answers"))
    st.stop()

run = state.run_id()
hits = state.search_hits(run, state.edit_version(run), query).loc[view.index]
n_hits = int(hits.sum())
searching = bool(query.strip())
shown, n_total = explore.map_points(view)
n_sampled = len(shown)
if searching and n_sampled < n_total:
    missing = view.loc[hits.to_numpy() & ~view.index.isin(shown.index)]
    shown = pd.concat([shown, missing.head(MAX_EXTRA_HITS)])

label_column = f"{level}_label"
level_rows = clusters.loc[clusters["level"] == level].sort_values("size", ascending=False, kind="stable")
points = pd.DataFrame({
    "x": shown["x"].to_numpy(), "y": shown["y"].to_numpy(),
    "label": shown[label_column].astype(str).to_numpy(),
    "text": charts.truncate(shown["text"]).to_numpy(),
    "question": shown["question"].astype(str).replace(sources_shown).to_numpy(),
    "source": shown["source"].astype(str).replace(sources_shown).to_numpy(),
    "hit": hits.reindex(shown.index, fill_value=False).to_numpy(),
})
# Names only for the largest groups in view, so they do not pile up on each other.
largest = view[label_column].astype(str).value_counts().head(charts.N_NAMED).index
centroids = view.loc[view[label_column].astype(str).isin(largest)].groupby(label_column)[["x", "y"]].median()
centroids = centroids.reindex(largest).reset_index().rename(columns={label_column: "label"})  # largest first

m1, m2 = st.columns(2)
m1.metric(t("map_answers_shown"), fmt_int(len(view)), help=t("map_of_total", total=fmt_int(len(answers))))
if searching:
    m2.metric(t("map_hits"), fmt_int(n_hits))
    st.caption(t("map_hits_caption", n=fmt_int(n_hits), query=escape_markdown(query.strip())))
if n_sampled < n_total:
    st.caption(t("map_sampled", shown=fmt_int(n_sampled), total=fmt_int(n_total)))

titles = {"label": t(level), "text": t("text"), "question": t("question"), "source": t("source")}
chart = charts.opinion_map(points, titles, level_rows["label"].astype(str).tolist(),
                           highlight=searching, centroids=centroids)
st.caption(t("plain_map_explainer"))
st.altair_chart(chart, width="stretch", key="map_chart")
if level_rows.shape[0] > charts.N_NAMED:
    st.caption(t("plain_map_labels", n=fmt_int(charts.N_NAMED)))

st.subheader(t("map_cluster_table", level=t(level)))
counts = view[level].value_counts()
table = pd.DataFrame({
    t("label"): level_rows["label"].astype(str).to_numpy(),
    t("keywords"): [" / ".join(map(str, list(k)[:5])) for k in level_rows["keywords"]],
    t("size"): counts.reindex(level_rows["cluster_id"], fill_value=0).to_numpy(),
})
table[t("share")] = table[t("size")] / len(view) * 100
if weights is not None:  # the weighted share, the unweighted one beside it
    weighted = cluster_shares(view, level, weights.loc[view.index]).set_index("cluster_id")
    table[t("wt_unweighted_share")] = table[t("share")]
    table[t("share")] = level_rows["cluster_id"].map(weighted["weighted_share"]).fillna(0.0).to_numpy() * 100
table = table.sort_values(t("size"), ascending=False, kind="stable")
st.dataframe(table, hide_index=True, width="stretch", key="map_cluster_table",
             column_config={c: st.column_config.NumberColumn(format="%.1f%%")
                            for c in (t("share"), t("wt_unweighted_share"))})
weighting.caption(analysis, weights)

# ---- the answers that match the search, across groups ----------------------------------------
titles = {"question": t("question")}
if searching:
    st.subheader(t("plain_search_heading", query=escape_markdown(query.strip())))
    search_page = int(st.number_input(t("plain_search_page"), min_value=1, value=1, step=1, key="map_search_page"))
    found, per_group = keyword_hits(view, query, level, search_page, PAGE_SIZE)
    if per_group.empty:
        st.info(t("plain_search_none"))
    else:
        n_found = int(per_group["hits"].sum())
        st.caption(t("plain_search_summary", n=fmt_int(n_found), groups=fmt_int(len(per_group))) + " "
                   + t("map_page_of", page=fmt_int(search_page), pages=fmt_int(math.ceil(n_found / PAGE_SIZE)),
                       n=fmt_int(n_found)))
        answer_cards.show(found, answer_cards.answer_meta(found, titles, list(analysis.attributes), sources_shown,
                                                          group=(t(level), label_column)), query)

# ---- one cluster in detail -----------------------------------------------------------------
st.subheader(t("map_cluster_heading"))
info = level_rows.set_index("cluster_id")
picked = st.selectbox(
    t("map_pick_cluster"), info.index.tolist(), index=None, key=f"map_cluster_{level}",
    placeholder=t("map_pick_cluster_hint"),
    format_func=lambda c: f"{info.at[c, 'label']} ({fmt_int(info.at[c, 'size'])})",
)
if picked is None:
    st.stop()

row = info.loc[picked]
c1, c2, c3 = st.columns(3)
c1.metric(t("size"), fmt_int(row["size"]))
c2.metric(t("share"), fmt_pct(float(row["share"]) if weights is None else float(
    cluster_shares(answers, level, weights).set_index("cluster_id").at[picked, "weighted_share"])))
c3.metric(t("map_in_filter"), fmt_int(counts.get(picked, 0)))
st.text(f"{t('keywords')}: " + " / ".join(map(str, row["keywords"])))
sentence = row.get("summary")
if isinstance(sentence, str) and sentence:
    # The one verbatim sentence that stands for the group, with the id of the answer it is from.
    group = answers[answers[level] == picked]
    people = group["respondent_id"].fillna(group["answer_id"].astype(str)).nunique() \
        if "respondent_id" in group else len(group)
    st.markdown(f"{escape_markdown(t('briefing.said', n=fmt_int(people)))} 「{escape_markdown(sentence)}」")
    st.caption(f"{t('briefing.answer_id')}: {escape_markdown(row.get('summary_id') or '')}")

st.markdown(f"**{t('examples')}**")
reps = [str(r) for r in row["representatives"]]
by_id = answers.loc[answers["answer_id"].astype(str).isin(reps)]
by_id = by_id.set_index(by_id["answer_id"].astype(str)).reindex(reps).dropna(subset=["text"])
marks = query if searching else ""
answer_cards.show(by_id, answer_cards.answer_meta(by_id, titles, list(analysis.attributes), sources_shown), marks)

st.markdown(f"**{t('map_all_answers')}**")
only_hits = searching and st.toggle(t("map_only_hits", query=escape_markdown(query.strip())), key="map_only_hits")
page = int(st.number_input(t("map_page"), min_value=1, value=1, step=1, key=f"map_page_{level}_{picked}"))
rows, n_listed = explore.cluster_answers_page(view, level, picked, page, PAGE_SIZE,
                                              query if only_hits else "")
n_pages = max(1, math.ceil(n_listed / PAGE_SIZE))
st.caption(t("map_page_of", page=fmt_int(page), pages=fmt_int(n_pages), n=fmt_int(n_listed)))
if rows.empty:
    st.info(t("map_page_empty"))
else:
    answer_cards.show(rows, answer_cards.answer_meta(rows, titles, list(analysis.attributes), sources_shown), marks)
