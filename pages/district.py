"""District profile (地域カルテ): what one district raises, next to the city and its statistics."""
import numbers

import pandas as pd
import streamlit as st

from listening.goals import indicators_beside
from listening.types import InputError
from listening.views import district_columns, district_profile, district_stats_row, read_district_stats, sort_values
from ui import charts, state, weighting, widgets
from ui.i18n import current, fmt_int, fmt_pct, t
from ui.text import escape_markdown

state.ensure_routed()

AGE_HINTS = ("年代", "年齢", "연령대", "연령", "age")
STATS_KEY = "_district_stats"  # survives page switches: no widget owns it
N_QUOTED = 3


def guess(names: list[str], hints: tuple[str, ...], korean_suffix: str = "") -> int:
    """Index of the first name containing a hint (or ending with ``korean_suffix``), else 0."""
    for i, name in enumerate(names):
        folded = name.casefold()
        if any(h in folded for h in hints) or (korean_suffix and folded.endswith(korean_suffix)):
            return i
    return 0


def fmt_number(value) -> str:
    if isinstance(value, numbers.Integral):
        return fmt_int(value)
    return f"{value:,.1f}"


def profile_table(rows: pd.DataFrame, last: str) -> pd.DataFrame:
    """Top clusters with the district's and the city's shares, then ``last`` (count or lift)."""
    table = pd.DataFrame({
        t(level): rows["label"],
        t("district_share"): rows["share_district"] * 100, t("district_city_share"): rows["share_city"] * 100,
    })
    if last == "lift":
        table[t("district_lift")] = rows["lift"]
    else:
        table[t("district_n")] = rows["n_district"]
    return table


def stats_match(stats: pd.DataFrame, district: str) -> dict | None:
    """The uploaded row of ``district``, trying each text column as the key."""
    for column in stats.columns:
        if pd.api.types.is_numeric_dtype(stats[column]):
            continue
        row = district_stats_row(stats, column, district)
        if row is not None:
            return row
    return None


analysis = widgets.require_analysis()
answers = analysis.answers
st.title(t("nav_district"))
weights = weighting.switch(analysis, "district")

attributes = [a for a in analysis.attributes
              if a in answers.columns and 2 <= answers[a].nunique() <= 200]
if not attributes:
    st.info(t("district_no_attribute"))
    st.stop()

likely = district_columns(attributes)
if likely:
    st.caption(t("plain_district_likely", columns=escape_markdown(("、" if current() == "ja" else ", ").join(likely))))
else:  # no district column: say so, and let staff choose one rather than profiling 性別 by default
    st.info(t("plain_district_none"))
c1, c2, c3, c4 = st.columns(4)
area = c1.selectbox(t("district_attribute"), attributes, key="district_attribute",
                    index=attributes.index(likely[0]) if likely else None, placeholder=t("plain_district_choose"))
if area is None:
    st.stop()
districts = sort_values(answers[area].dropna().astype(str).unique().tolist())
# The district most people answered from first: a reader opens on a profile with something to say.
largest = answers[area].dropna().astype(str).value_counts()
district = c2.selectbox(t("district_pick"), districts, key=f"district_value_{area}",
                        index=districts.index(largest.index[0]) if len(largest) else 0)
others = [a for a in attributes if a != area]
second = c3.selectbox(t("district_breakdown_attribute"), others, index=guess(others, AGE_HINTS),
                      key=f"district_breakdown_{area}") if others else None
with c4:
    level = widgets.level_picker("district_level")

profile = weighting.weighted_profile(
    district_profile(answers, area, district, level, breakdown_attribute=second, weights=weights), weights)
st.subheader(t("district_heading", district=escape_markdown(district)))
m1, m2 = st.columns(2)
m1.metric(t("district_n"), fmt_int(profile.n_district))
m2.metric(t("district_of_city"), fmt_pct(profile.n_district / max(profile.n_total, 1)),
          help=t("district_of_city_help", total=fmt_int(profile.n_total)))

stats = st.session_state.get(STATS_KEY)
if stats is not None:
    row = stats_match(stats["frame"], district)
    st.markdown(f"**{t('district_stats_heading')}**")
    if row is None:
        st.info(t("district_stats_no_row", district=escape_markdown(district)))
    else:
        numeric = {k: v for k, v in row.items() if isinstance(v, numbers.Number) and not isinstance(v, bool)}
        cards = st.columns(min(4, max(1, len(numeric))))
        for i, (name, value) in enumerate(numeric.items()):
            cards[i % len(cards)].metric(escape_markdown(name), fmt_number(value))
        texts = {k: v for k, v in row.items() if k not in numeric and v is not None}
        if texts:
            st.text(" / ".join(f"{k}: {v}" for k, v in texts.items()))

# Indicators per goal sit beside the district's opinion shares (only when staff uploaded some).
lens = None if state.workspace().indicators(analysis.dataset_id).empty else \
    state.current_goal_view(analysis)
if lens is not None and not (indicators := indicators_beside(lens, area, district)).empty:
    st.markdown(f"**{t('goals_district_heading')}**")
    st.dataframe(pd.DataFrame({
        t("goals_goal"): indicators["goal"], t("goals_indicator"): indicators["indicator"],
        t("goals_year"): indicators["year"], t("goals_value"): indicators["value"], t("goals_unit"): indicators["unit"],
        t("goals_opinion_share"): indicators["share"] * 100, t("goals_city_share"): indicators["city_share"] * 100,
    }), hide_index=True, width="stretch", key="district_goal_indicators", column_config={
        c: st.column_config.NumberColumn(format="%.1f%%") for c in (t("goals_opinion_share"), t("goals_city_share"))})

left, right = st.columns(2)
percent = st.column_config.NumberColumn(format="%.1f%%", width="small")
config = {t("district_share"): percent, t("district_city_share"): percent,
          t("district_n"): st.column_config.NumberColumn(width="small"),
          t("district_lift"): st.column_config.NumberColumn(format="%.2f", width="small")}
with left:
    st.markdown(f"**{t('district_top_share')}**")
    st.dataframe(profile_table(profile.top_by_share, "n"), hide_index=True, width="stretch", column_config=config)
with right:
    st.markdown(f"**{t('district_top_lift')}**")
    st.caption(t("district_lift_help"))
    if profile.top_by_lift.empty:
        st.info(t("district_no_lift"))
    else:
        st.dataframe(profile_table(profile.top_by_lift, "lift"), hide_index=True, width="stretch",
                     column_config=config)
weighting.caption(analysis, weights)

top = profile.top_by_share
bars = pd.DataFrame({
    "item": list(top["label"]) * 2,
    "group": [district] * len(top) + [t("district_city")] * len(top),
    "share": list(top["share_district"]) + list(top["share_city"]),
})
st.altair_chart(charts.share_comparison(bars, {"share": t("share"), "item": t(level), "group": ""}),
                width="stretch")

st.subheader(t("district_voices"))
quoted = list(dict.fromkeys(profile.top_by_lift["cluster_id"].head(N_QUOTED).tolist()
                            + profile.top_by_share["cluster_id"].head(N_QUOTED).tolist()))
labels = dict(zip(profile.clusters["cluster_id"], profile.clusters["label"]))
texts = answers.set_index(answers["answer_id"].astype(str))["text"]
for cluster_id in quoted:
    with st.expander(escape_markdown(labels[cluster_id]), expanded=cluster_id == quoted[0]):
        for answer_id in profile.examples.get(int(cluster_id), []):
            st.text(texts.get(answer_id, ""))

if profile.breakdown is not None:
    st.subheader(t("district_breakdown", attribute=escape_markdown(second)))
    breakdown = profile.breakdown
    values = [widgets.display_value(v) for v in breakdown["value"]]
    st.dataframe(pd.DataFrame({
        second: values, t("district_n"): breakdown["n_district"],
        t("district_share"): breakdown["share_district"] * 100,
        t("district_city_share"): breakdown["share_city"] * 100,
    }), hide_index=True, width="stretch", column_config=config)
    weighting.not_weighted(weights)
    by_value = pd.DataFrame({
        "item": values * 2, "group": [district] * len(values) + [t("district_city")] * len(values),
        "share": list(breakdown["share_district"]) + list(breakdown["share_city"]),
    })
    st.altair_chart(charts.share_comparison(by_value, {"share": t("share"), "item": second, "group": ""}),
                    width="stretch")

with st.expander(t("district_stats_upload"), expanded=stats is None):
    st.caption(t("district_stats_help"))
    upload = st.file_uploader(t("district_stats_file"), type=["csv", "tsv", "txt", "xlsx", "xls"],
                              key="district_stats_uploader")
    if upload is not None and (stats is None or stats["name"] != upload.name or stats["size"] != upload.size):
        try:
            frame = read_district_stats(upload.getvalue(), upload.name)
        except InputError as error:
            st.error(t("district_stats_error", message=escape_markdown(error)))
        else:
            st.session_state[STATS_KEY] = {"name": upload.name, "size": upload.size, "frame": frame}
            st.rerun()
    if stats is not None:
        st.caption(t("district_stats_loaded", name=escape_markdown(stats["name"]), n=fmt_int(len(stats["frame"]))))
        if st.button(t("district_stats_clear"), key="district_stats_clear"):
            del st.session_state[STATS_KEY]
            st.rerun()
