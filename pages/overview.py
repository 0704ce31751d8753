"""Overview: pick or load a dataset, run the analysis, see themes and the opinion map."""
import altair as alt
import pandas as pd
import streamlit as st

from listening.pipeline import analyze
from listening.sample import load_sample
from ui import i18n, state
from ui.i18n import t

st.title(i18n.t("app_title"))
store = state.store()
datasets = store.list_datasets()

if datasets.empty:
    st.info(t("no_dataset"))
    if st.button(t("load_sample"), type="primary"):
        state.select_dataset(load_sample(store, "ko" if i18n.current() == "ko" else "ja"))
        st.rerun()
    st.stop()

ids = datasets["id"].tolist()
current = state.dataset_id()
if current not in ids:
    current = ids[0]
names = dict(zip(datasets["id"], datasets["name"]))
picked = st.selectbox(t("dataset"), ids, index=ids.index(current), format_func=names.get)
if picked != state.dataset_id():
    state.select_dataset(picked)

run_id = store.latest_run(picked)
if run_id is None:
    with st.status(t("analysing"), expanded=True) as status:
        bar = st.progress(0.0)
        steps = ["load", "embed", "wait_background", "space", "cluster", "label", "map", "save"]

        def report(step: str, done: float) -> None:
            if step in steps:
                bar.progress((steps.index(step) + done) / len(steps), text=i18n.step_name(step))

        run_id = analyze(store, picked, progress=report).run_id
        status.update(label=t("done"), state="complete", expanded=False)

result = state.analysis(run_id)
answers, clusters = result.answers, result.clusters
info = result.info
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("answers"), f"{len(answers):,}")
c2.metric(t("themes"), info["clusters"]["n_themes"])
c3.metric(t("topics"), info["clusters"]["n_topics"])
c4.metric(t("dropped"), f"{info['answers']['dropped']:,}")

st.subheader(t("map"))
chart = (
    alt.Chart(answers[["x", "y", "theme_label", "topic_label", "text"]])
    .mark_circle(size=18, opacity=0.7)
    .encode(
        x=alt.X("x", axis=None), y=alt.Y("y", axis=None),
        color=alt.Color("theme_label", title=t("themes")),
        tooltip=[alt.Tooltip("theme_label", title=t("themes")), alt.Tooltip("topic_label", title=t("topics")),
                 alt.Tooltip("text", title=t("text"))],
    )
    .properties(height=520)
)
st.altair_chart(chart, width="stretch")

themes = clusters[clusters["level"] == "theme"]
table = pd.DataFrame({
    t("label"): themes["label"], t("size"): themes["size"],
    t("share"): (themes["share"] * 100).round(1).astype(str) + "%",
    t("keywords"): [" ".join(k[:8]) for k in themes["keywords"]],
})
st.subheader(t("themes"))
st.dataframe(table, hide_index=True, width="stretch")

by_id = answers.set_index("answer_id")["text"]
for row in themes.itertuples():
    with st.expander(f"{row.label}（{row.size}）"):
        st.caption(t("examples"))
        for rid in row.representatives:
            st.text(by_id.get(rid, ""))
