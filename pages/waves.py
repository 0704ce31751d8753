"""Survey waves: each cluster's share per batch, the new voices of the batch added last, duplicates."""
import zlib

import pandas as pd
import streamlit as st

from listening.waves import wave_sentences, wave_table
from ui import i18n, state, waves, weighting, widgets
from ui.i18n import fmt_int, t
from ui.text import escape_markdown

state.ensure_routed()

_FLASH = "_waves_flash"  # what the last action did, shown after the rerun
_DISMISSED = "_waves_dismissed"  # proposals staff set aside: this session only

analysis = widgets.require_analysis()
run, answers = analysis.run_id, analysis.answers
version = state.edit_version(run)
ws = state.workspace()
staff = ws.can("curate")
names = waves.batch_names(analysis.dataset_id)

st.title(t("nav_waves"))
st.caption(t("waves_intro"))
weights = weighting.switch(analysis, "waves")
if _FLASH in st.session_state:
    st.success(st.session_state.pop(_FLASH))


def _join(items) -> str:
    return ("、" if i18n.current() == "ja" else ", ").join(items)


def _act(edit, *args) -> None:
    """Apply one edit (a Workspace method); rerun so every page shows it, or show why it failed."""
    try:
        edit(run, *args)
    except ValueError as err:
        st.error(t("curate_failed", error=escape_markdown(err)))
        return
    latest = ws.edit_history(run, lang=i18n.current()).iloc[-1]
    st.session_state[_FLASH] = t("curate_saved", what=escape_markdown(latest["description"]))
    st.rerun()


# ---- (a) share of each cluster per wave -------------------------------------------------------
def _shares() -> None:
    st.subheader(t("waves_compare"))
    batches = ws.batches(analysis.dataset_id)
    present = [b for b in names if b in set(answers["batch_id"].tolist())]
    surveys = [b for b in present if b in set(batches.loc[batches["kind"] == "survey", "id"].tolist())]
    picked = st.multiselect(t("waves_batches"), present, default=surveys or present, format_func=names.get,
                            key="waves_batches", help=t("waves_batches_help"), placeholder=t("data_choose"), select_all=False)
    left, right = st.columns(2)
    with left:
        level = widgets.level_picker("waves_level")
    attrs = [a for a in analysis.attributes if a in answers.columns]
    by = right.selectbox(t("waves_by"), [None, *attrs], key="waves_by",
                         format_func=lambda a: t("waves_by_none") if a is None else a)
    if len(picked) < 2:
        st.info(t("waves_need_two"))
    view = answers[answers["batch_id"].isin(picked)]
    if view.empty:
        st.warning(t("waves_no_answers"))
        return
    dates = dict(zip(batches["id"].astype(int), batches["collected_on"]))
    table = weighting.weighted_waves(wave_table(view, level, batch_dates=dates, by=by,
                                                weights=None if weights is None else weights.loc[view.index]), by)
    table["wave"] = table["batch"].map(names)
    order = list(dict.fromkeys(table["wave"]))
    if len(picked) >= 2:  # what changed, in words first; the figures follow in the details
        with st.container(border=True, key="waves_plain"):
            sentences = wave_sentences(table, i18n.current(), names, by=by)
            st.markdown("\n".join(f"- {escape_markdown(s)}" for s in sentences))
    if weights is not None:
        st.caption(t("wt_waves_caption"))
        weighting.caption(analysis, weights)

    top = table.groupby("label")["count"].sum().nlargest(waves.CHART_CLUSTERS).index
    data = table[table["label"].isin(top)].rename(columns={by: "by"} if by else {})
    titles = {"wave": t("waves_col_batch"), "label": t(level), "share": t("waves_col_share"),
              "change": t("waves_col_change"), "p": t("waves_col_p"), "by": by or ""}
    columns = ["wave", "label", "share", "change", "p_adjusted", "significant"] + (["by"] if by else [])
    groups = analysis.clusters[analysis.clusters["level"] == level].sort_values("size", ascending=False, kind="stable")
    st.altair_chart(waves.wave_chart(data[columns], order, titles, facet=bool(by),
                                     label_order=groups["label"].astype(str).tolist()), width="stretch",
                    key="waves_chart")
    if table["label"].nunique() > len(top):
        st.caption(t("waves_chart_top", n=fmt_int(len(top))))

    with st.expander(t("plain_details")):
        shown = pd.DataFrame({t("waves_col_batch"): table["wave"]})
        if by:
            shown[by] = table[by].map(widgets.display_value)
        shown[t(level)] = table["label"]
        shown[t("waves_col_count")] = table["count"]
        shown[t("waves_col_batch_size")] = table["batch_size"]
        shown[t("waves_col_share")] = table["share"] * 100
        # The first batch has nothing to compare with: a dash, not the grid's "None".
        change, p_adj = (pd.to_numeric(table[c], errors="coerce") for c in ("change", "p_adjusted"))
        shown[t("waves_col_change")] = [f"{v:+.1f}" if pd.notna(v) else "—" for v in change]
        shown[t("waves_col_p")] = [f"{v:.3f}" if pd.notna(v) else "—" for v in p_adj]
        shown[t("waves_col_significant")] = table["significant"]
        percent = st.column_config.NumberColumn(format="%.1f%%")
        st.dataframe(shown, hide_index=True, width="stretch", key="waves_table",
                     column_config={t("waves_col_share"): percent})
        st.caption(t("waves_n_significant", n=fmt_int(table["significant"].sum())))
        st.caption(t("waves_test_help", level=t(level)))


# ---- (b) new voices of the batch added last ---------------------------------------------------
def _proposal(i: int, ids: list[str], key: str) -> None:
    members = answers[answers["answer_id"].astype(str).isin(ids)]
    if members.empty:
        return
    with st.container(border=True):
        st.markdown(t("waves_proposal", i=i, n=fmt_int(len(members))))
        st.dataframe(pd.DataFrame({t("text"): members["text"].to_numpy(),
                                   t("topic"): members["topic_label"].to_numpy()}),
                     hide_index=True, width="stretch", height=200, key=f"waves_proposal_{key}")
        if not staff:
            return
        themes = analysis.clusters[analysis.clusters["level"] == "theme"]
        theme_names = dict(zip(themes["cluster_id"].astype(int), themes["label"].astype(str)))
        usual = int(members["theme"].mode().iloc[0])
        ids_theme = list(theme_names)
        left, right = st.columns(2)
        theme = left.selectbox(t("waves_theme"), ids_theme, index=ids_theme.index(usual), format_func=theme_names.get,
                               key=f"waves_theme_{key}")
        label = right.text_input(t("waves_topic_name"), key=f"waves_name_{key}", max_chars=80)
        a, b = st.columns(2)
        if a.button(t("waves_accept"), key=f"waves_accept_{key}", type="primary", disabled=not label.strip()):
            _act(ws.new_topic, ids, theme, label.strip())
        if b.button(t("waves_dismiss"), key=f"waves_dismiss_{key}"):
            st.session_state.setdefault(_DISMISSED, set()).add(key)
            st.rerun()


def _new_voices() -> None:
    st.subheader(t("waves_new_voices"))
    st.caption(t("waves_new_voices_help"))
    update = analysis.info.update
    if update is None:
        st.info(t("waves_no_update"))
        return
    st.caption(t("waves_added_batches", batches=escape_markdown(
        _join(names.get(int(b), str(b)) for b in update.batches))))
    rows = answers[answers["answer_id"].astype(str).isin(set(update.new_voices))]
    c1, c2 = st.columns(2)
    c1.metric(t("waves_n_added"), fmt_int(update.added))
    c2.metric(t("waves_n_new_voices"), fmt_int(len(rows)))
    if not rows.empty:
        st.dataframe(pd.DataFrame({
            t("text"): rows["text"].to_numpy(), t("topic"): rows["topic_label"].to_numpy(),
            t("waves_col_fit"): rows["confidence"].to_numpy(),
        }), hide_index=True, width="stretch", key="waves_voices",
            column_config={t("waves_col_fit"): st.column_config.NumberColumn(format="%.2f")})
    st.markdown(f"**{t('waves_proposals')}**")
    accepted = waves.accepted_voices(run)
    dismissed = st.session_state.get(_DISMISSED, set())
    shown = 0
    for i, ids in enumerate(waves.proposals(run, version), start=1):
        key = f"{run}_{zlib.crc32('|'.join(sorted(ids)).encode('utf-8')):08x}"
        if key in dismissed or len(accepted & set(ids)) * 2 > len(ids):
            continue
        _proposal(i, ids, key)
        shown += 1
    if not shown:
        st.caption(t("waves_no_proposals", n=fmt_int(waves.PROPOSAL_SIZE)))
    n_dismissed = sum(k.startswith(f"{run}_") for k in dismissed)
    if n_dismissed:
        st.caption(t("waves_dismissed", n=fmt_int(n_dismissed)))


# ---- (c) duplicates and coordinated submissions ------------------------------------------------
def _duplicates() -> None:
    st.subheader(t("waves_duplicates"))
    st.caption(t("waves_dup_help"))
    members, bursts = waves.duplicates(run, version)
    if members.empty:
        st.info(t("waves_no_duplicates"))
        return
    kinds = {"exact": t("waves_kind_exact"), "near": t("waves_kind_near")}
    reps = members[members["position"] == members["representative"]].set_index("group")
    in_batches = members.groupby("group")["batch_id"].agg(
        lambda b: _join(names.get(int(x), str(x)) for x in pd.unique(b)))
    groups = pd.DataFrame({
        t("waves_col_group"): reps.index.to_numpy(), t("waves_col_size"): reps["size"].to_numpy(),
        t("waves_col_kind"): reps["kind"].map(kinds).to_numpy(), t("waves_col_example"): reps["text"].to_numpy(),
        t("waves_col_batches"): in_batches.reindex(reps.index).to_numpy(),
    }).sort_values(t("waves_col_size"), ascending=False, kind="stable")
    c1, c2 = st.columns(2)
    c1.metric(t("waves_n_groups"), fmt_int(len(groups)))
    c2.metric(t("waves_n_dup_answers"), fmt_int(len(members)))
    st.dataframe(groups, hide_index=True, width="stretch", key="waves_groups")

    st.markdown(f"**{t('waves_bursts')}**")
    st.caption(t("waves_bursts_help"))
    if bursts.empty:
        st.caption(t("waves_no_bursts"))
    else:
        reasons = {"share": t("waves_reason_share"), "consecutive": t("waves_reason_consecutive")}
        st.dataframe(pd.DataFrame({
            t("waves_col_group"): bursts["group"].to_numpy(),
            t("waves_col_batch"): bursts["batch"].map(lambda b: names.get(int(b), str(b))).to_numpy(),
            t("waves_col_size"): bursts["count"].to_numpy(),
            t("waves_col_wave_share"): (bursts["share"].astype(float) * 100).to_numpy(),
            t("waves_col_reason"): bursts["reason"].map(
                lambda r: "・".join(reasons.get(x, x) for x in str(r).split("+"))).to_numpy(),
        }), hide_index=True, width="stretch", key="waves_bursts",
            column_config={t("waves_col_wave_share"): st.column_config.NumberColumn(format="%.1f%%")})
    if not staff:
        return
    options = groups[t("waves_col_group")].astype(int).tolist()
    sizes = dict(zip(reps.index.astype(int), reps["size"]))
    examples = dict(zip(reps.index.astype(int), reps["text"].astype(str)))
    group = st.selectbox(t("waves_pick_group"), options, key=f"waves_group_{version}", format_func=lambda g: t(
        "waves_group_option", g=g, n=fmt_int(sizes[g]), text=examples[g][:40]))
    others = members[(members["group"] == group) & (members["position"] != members["representative"])]
    st.caption(t("waves_count_once_help", n=fmt_int(len(others))))
    if st.button(t("waves_count_once"), key="waves_count_once", disabled=others.empty):
        _act(ws.exclude_answers, others["answer_id"].tolist(), t("waves_dup_reason"))


_shares()
_new_voices()
_duplicates()
