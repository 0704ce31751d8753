"""Crosstabs: which clusters each attribute group raises more, and two groups compared."""
from types import SimpleNamespace

import numpy as np
import pandas as pd
import streamlit as st

from listening.types import InputError
from listening.views import (
    MISSING_LABEL,
    crosstab,
    crosstab_sentences,
    explore,
    sort_values,
    weighted_crosstab,
    with_totals,
)
from ui import charts, i18n, state, weighting, widgets
from ui.i18n import fmt_int, fmt_pct, t
from ui.text import escape_markdown

state.ensure_routed()

SMALL = 5
QUESTION = "question"  # the answers' own column: which free-text question an answer is to
SMALL_CSS = "color: #9a9a9a; background-color: #f2f2f2"


def fmt_p(p: float | None) -> str:
    if p is None or not np.isfinite(p):
        return "—"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def fmt_stat(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def row_names(ids, labels: dict) -> list[str]:
    """Cluster labels for row ids; a label two clusters share gets its id, so rows stay distinct."""
    names = [widgets.display_value(labels.get(i, i)) for i in ids]
    seen = pd.Series(names).duplicated(keep=False).tolist()
    return [f"{n} (#{i})" if dup else n for n, i, dup in zip(names, ids, seen)]


def greyed(table: pd.DataFrame, small: np.ndarray, fmt: str):
    css = pd.DataFrame(np.where(small, SMALL_CSS, ""), index=table.index, columns=table.columns)
    return table.style.apply(lambda _: css, axis=None).format(fmt)


analysis = widgets.require_analysis()
answers = analysis.answers
st.title(t("nav_crosstabs"))
sources_shown = {"survey": t("source_survey"), "hearing": t("source_hearing")}
weights = weighting.switch(analysis, "crosstabs")


def usable(column: str) -> bool:
    return column in answers.columns and 2 <= answers[column].nunique(dropna=False) <= 200


# The question (設問) is the natural breakdown of a survey with several free-text questions.
candidates = ([QUESTION] if usable(QUESTION) else []) + [a for a in analysis.attributes if a != QUESTION and usable(a)]
if not candidates:
    st.info(t("ct_no_attributes"))
    st.stop()


def attribute_name(column: str) -> str:
    return t("question") if column == QUESTION else widgets.attribute_label(column)


def value_name(column: str, value) -> str:
    shown = widgets.display_value(value)
    return sources_shown.get(shown, shown) if column == QUESTION else shown


# A dict, not a function of t: format_func may be called outside this run's language.
attribute_names = {column: attribute_name(column) for column in candidates}
top = st.columns([1, 2])
with top[0]:
    level = widgets.level_picker("crosstabs_level")
with top[1]:
    attribute = st.selectbox(t("ct_attribute"), candidates, key="crosstabs_attribute",
                             format_func=attribute_names.get)
with st.expander(t("ct_filters")):
    filters = widgets.attribute_filters(answers, analysis.attributes, key="crosstabs_filter", skip=(attribute,))
    include_missing = st.toggle(t("ct_include_missing"), value=True, key="crosstabs_missing")

level_rows = analysis.clusters.loc[analysis.clusters["level"] == level]
labels = dict(zip(level_rows["cluster_id"].astype(int), level_rows["label"].astype(str)))
ct = crosstab(answers, level, attribute, filters, include_missing=include_missing)
if ct.n == 0:
    st.warning(t("ct_empty"))
    st.stop()
# Weighted: counts, shares, residuals and the (Rao-Scott corrected) test are the weighted ones;
# the grey small cells stay those of the unweighted counts.
wct = None if weights is None else weighted_crosstab(answers, level, attribute, weights, filters,
                                                     include_missing=include_missing)
stats = ct if wct is None else wct
shown = (ct.counts, ct.row_pct, ct.col_pct, ct.residuals) if wct is None else \
    (wct.weighted_counts, wct.weighted_row_pct, wct.weighted_col_pct, wct.residuals)

names = row_names(ct.counts.index.tolist(), labels)
columns = [value_name(attribute, v) for v in ct.counts.columns]
total = t("plain_total")

# ---- what stands out, in words first ----------------------------------------------------------
sentences = crosstab_sentences(ct, i18n.current(), labels=dict(zip(ct.counts.index, names)),
                               attribute_name=attribute_name(attribute),
                               value_names=dict(zip(ct.counts.columns, columns)))
with st.container(border=True, key="crosstabs_plain"):
    st.markdown("\n".join(f"- {escape_markdown(s)}" for s in sentences))
    st.caption(t("plain_ct_how"))
st.metric(t("ct_n"), fmt_int(ct.n))
if wct is not None:
    st.caption(t("wt_ct_caption", n_eff=fmt_int(round(wct.effective_n)), deff=fmt_stat(wct.design_effect)))
if ct.n_missing_excluded:
    st.caption(t("ct_missing_excluded", n=fmt_int(ct.n_missing_excluded)))

small = ct.counts.to_numpy() < SMALL
n_small = int(small.sum())
# Tables with a total row and column; the totals are never greyed as small cells.
small_with_totals = np.pad(small, ((0, 1), (0, 1)), constant_values=False)
tabs = st.tabs([t("ct_counts"), t("ct_row_pct"), t("ct_col_pct")])
table_source = ct if wct is None else SimpleNamespace(counts=shown[0], row_pct=shown[1], col_pct=shown[2],
                                                      n=wct.weighted_total)
for tab, frame, fmt in zip(tabs, with_totals(table_source, total),
                           ("{:,}" if wct is None else "{:,.1f}", "{:.1f}%", "{:.1f}%")):
    with tab:
        labelled = frame.copy()
        labelled.index, labelled.columns = [*names, total], [*columns, total]
        st.dataframe(greyed(labelled, small_with_totals, fmt), width="stretch")
        weighting.caption(analysis, weights)
if n_small:
    st.caption(t("ct_small_cells", n=fmt_int(n_small)))

with st.expander(t("plain_details")):
    m1, m2 = st.columns(2)
    m1.metric(t("ct_p_value"), fmt_p(stats.p_value), help=t("ct_p_help"))
    m2.metric(t("ct_cramers_v"), fmt_stat(stats.cramers_v), help=t("ct_v_help"))
    if stats.chi2 is None:
        st.info(t("ct_no_test"))
    else:
        st.caption(t("ct_test_line", chi2=f"{stats.chi2:.1f}", dof=stats.dof, p=f"{stats.p_value:.2e}"))
    if ct.low_expected_share > 0.2:
        st.warning(t("ct_low_expected", share=fmt_pct(ct.low_expected_share)))
    cells = pd.DataFrame({
        "row": np.repeat(names, len(columns)),
        "col": np.tile(columns, len(names)),
        "count": shown[0].to_numpy().ravel(),
        "residual": shown[3].to_numpy().ravel(),
        "row_pct": shown[1].to_numpy().ravel(),
    })
    st.subheader(t("ct_heatmap"))
    st.caption(t("ct_heatmap_help"))
    titles = {"row": t(level), "col": attribute_name(attribute), "count": t("size"), "row_pct": t("ct_row_pct"),
              "residual": t("ct_residual")}
    st.altair_chart(charts.residual_heatmap(cells, names, columns, titles), width="stretch")

# ---- two groups compared ----------------------------------------------------------------------
st.header(t("cmp_heading"))
st.caption(t("cmp_help"))
cmp_attribute = st.selectbox(t("ct_attribute"), candidates, key="crosstabs_cmp_attribute",
                             format_func=attribute_names.get)
values = answers[cmp_attribute]
options = sort_values(values.dropna().astype(str).unique().tolist())
if values.isna().any():
    options.append(MISSING_LABEL)
left, right = st.columns(2)
shown_value = {v: value_name(cmp_attribute, v) for v in options}
group_a = left.multiselect(t("cmp_group_a"), options, key=f"crosstabs_cmp_a_{cmp_attribute}",
                           format_func=shown_value.get, placeholder=t("cmp_choose"), select_all=False)
group_b = right.multiselect(t("cmp_group_b"), options, key=f"crosstabs_cmp_b_{cmp_attribute}",
                            format_func=shown_value.get, placeholder=t("cmp_choose"), select_all=False)
if not group_a or not group_b:
    st.info(t("cmp_pick_both"))
    st.stop()
if set(group_a) & set(group_b):
    st.error(t("cmp_overlap"))
    st.stop()

base = explore.filter_view(answers, {k: v for k, v in filters.items() if k != cmp_attribute})
try:
    compared = explore.compare_groups(base, level, {cmp_attribute: group_a}, {cmp_attribute: group_b},
                                      clusters=analysis.clusters)
except InputError as error:
    st.error(t("cmp_error", message=escape_markdown(error)))
    st.stop()

name_a = "A: " + ", ".join(map(shown_value.get, group_a))
name_b = "B: " + ", ".join(map(shown_value.get, group_b))
neither = t("cmp_not_significant")
sides = compared["over_represented_in"].map({"A": name_a, "B": name_b}).fillna(neither)
sides = sides.where(compared["over_represented_in"] != "", neither)
n_sig = int((compared["over_represented_in"] != "").sum())
weighting.not_weighted(weights)  # the comparison tests counts of answers
st.caption(t("cmp_summary", n=fmt_int(n_sig), a=escape_markdown(name_a), b=escape_markdown(name_b)))
bars = compared.assign(side=sides.to_numpy(), label=row_names(compared["cluster_id"].tolist(), labels))
st.altair_chart(charts.diverging_bars(
    bars, {"diff": t("cmp_diff"), "side": t("cmp_side"), "label": t(level), "p_adjusted": t("cmp_p_adjusted")},
    {name_a: "#f58518", name_b: "#4c78a8", neither: "#c7c7c7"},
), width="stretch")

table = pd.DataFrame({
    t(level): bars["label"],
    f"{t('size')} A": compared["n_a"], f"{t('share')} A": compared["share_a"] * 100,
    f"{t('size')} B": compared["n_b"], f"{t('share')} B": compared["share_b"] * 100,
    t("cmp_diff"): compared["diff"], t("cmp_p_adjusted"): compared["p_adjusted"],
    t("cmp_significant"): sides.where(sides != neither, "").to_numpy(),
})
percent = st.column_config.NumberColumn(format="%.1f%%")
st.dataframe(table, hide_index=True, width="stretch", column_config={
    f"{t('share')} A": percent, f"{t('share')} B": percent,
    t("cmp_diff"): st.column_config.NumberColumn(format="%+.1f"),
    t("cmp_p_adjusted"): st.column_config.NumberColumn(format="%.4f"),
})
