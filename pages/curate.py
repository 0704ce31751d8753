"""Curate: staff rename, merge, split and move clusters and exclude answers; every change is logged."""
import zlib
from datetime import datetime

import pandas as pd
import streamlit as st

from listening.views import explore
from ui import i18n, state, widgets
from ui.i18n import fmt_date, fmt_int, t
from ui.text import escape_markdown

state.ensure_routed()

MAX_PARTS = 10
# Non-widget keys. The nonce is part of the keys of pickers and text boxes, so after a
# change they start empty instead of pointing at rows that have moved.
_FLASH = "_curate_flash"
_NONCE = "_curate_nonce"

analysis = widgets.require_analysis()
ws = state.workspace()
run = analysis.run_id
answers, clusters = analysis.answers, analysis.clusters
nonce = st.session_state.setdefault(_NONCE, 0)



def _act(edit, *args) -> None:
    """Apply one edit (a Workspace method) as the current user; rerun so every page shows it, or say why not."""
    try:
        edit(run, *args)
    except ValueError as err:
        st.error(t("curate_failed", error=escape_markdown(err)))
        return
    latest = ws.edit_history(run, lang=i18n.current()).iloc[-1]
    st.session_state[_FLASH] = t("curate_saved", what=escape_markdown(latest["description"]))
    st.session_state[_NONCE] = nonce + 1
    st.rerun()


def _clusters(level: str) -> tuple[list[int], dict[int, str]]:
    """Cluster ids of a level, largest first, and how each is shown in a picker."""
    rows = clusters.loc[clusters["level"] == level].sort_values("size", ascending=False, kind="stable")
    ids = rows["cluster_id"].astype(int).tolist()
    shown = [f"{c}: {label} ({fmt_int(n)})" for c, label, n in zip(ids, rows["label"].astype(str), rows["size"])]
    return ids, dict(zip(ids, shown))


def _pick(level: str, key: str, label: str, exclude=()) -> int | None:
    ids, names = _clusters(level)
    ids = [c for c in ids if c not in exclude]
    return st.selectbox(label, ids, format_func=names.get, key=key) if ids else None


def _pick_answers(prefix: str, topic: int) -> list[str]:
    """A searchable table of one topic's answers; returns the ids of the rows the user selected."""
    query = st.text_input(t("curate_search"), key=f"curate_{prefix}_query", placeholder=t("curate_search_hint"))
    members = answers.loc[answers["topic"].to_numpy() == topic]
    if query.strip():
        members = members.loc[explore.search_mask(members, query).to_numpy()]
    if members.empty:
        st.info(t("curate_no_match"))
        return []
    table = pd.DataFrame({
        t("curate_answer_id"): members["answer_id"].astype(str).to_numpy(),
        t("text"): members["text"].to_numpy(), t("question"): members["question"].astype(str).to_numpy(),
    })
    st.caption(t("curate_pick_hint", n=fmt_int(len(table))))
    # The query is in the key: row positions refer to this filtered table only.
    key = f"curate_{prefix}_table_{topic}_{nonce}_{zlib.crc32(query.encode('utf-8'))}"
    event = st.dataframe(table, hide_index=True, on_select="rerun", selection_mode="multi-row", key=key, height=320)
    rows = [r for r in event.selection.rows if 0 <= r < len(table)]
    picked = table.iloc[rows, 0].tolist()
    st.caption(t("curate_picked", n=fmt_int(len(picked))))
    return picked


def _rename() -> None:
    level = widgets.level_picker("curate_rename_level")
    cid = _pick(level, f"curate_rename_{level}", t("curate_cluster"))
    label = st.text_input(t("curate_new_label"), key=f"curate_rename_label_{nonce}", max_chars=80)
    if st.button(t("curate_rename_go"), key="curate_rename_go", disabled=cid is None or not label.strip()):
        _act(ws.rename_cluster, level, cid, label.strip())


def _merge() -> None:
    level = widgets.level_picker("curate_merge_level")
    if (clusters["level"] == level).sum() < 2:
        st.info(t("curate_too_few", level=t(level)))
        return
    source = _pick(level, f"curate_merge_source_{level}", t("curate_merge_source"))
    target = _pick(level, f"curate_merge_target_{level}", t("curate_merge_target"), exclude=(source,))
    if st.button(t("curate_merge_go"), key="curate_merge_go"):
        _act(ws.merge_clusters, level, source, target)


def _split() -> None:
    topic = _pick("topic", "curate_split_topic", t("curate_split_topic"))
    parts = st.number_input(t("curate_split_parts"), min_value=2, max_value=MAX_PARTS, value=2, step=1,
                            key="curate_split_parts")
    if st.button(t("curate_split_go"), key="curate_split_go", disabled=topic is None):
        with st.spinner():
            _act(ws.split_cluster, topic, int(parts))


def _move_answers() -> None:
    source = _pick("topic", "curate_move_from", t("curate_from_topic"))
    picked = _pick_answers("move", source)
    target = _pick("topic", "curate_move_to", t("curate_to_topic"), exclude=(source,))
    if st.button(t("curate_move_go"), key="curate_move_go", disabled=not picked or target is None):
        _act(ws.move_answers, picked, target)


def _move_topic() -> None:
    if (clusters["level"] == "theme").sum() < 2:
        st.info(t("curate_one_theme"))
        return
    topic = _pick("topic", "curate_mt_topic", t("curate_topic_to_move"))
    parent = clusters.loc[(clusters["level"] == "topic") & (clusters["cluster_id"] == topic), "parent"]
    theme = _pick("theme", "curate_mt_theme", t("curate_to_theme"), exclude=tuple(int(p) for p in parent))
    if st.button(t("curate_move_topic_go"), key="curate_mt_go", disabled=theme is None):
        _act(ws.move_topic, topic, theme)


def _exclude() -> None:
    source = _pick("topic", "curate_ex_from", t("curate_from_topic"))
    picked = _pick_answers("exclude", source)
    reason = st.text_input(t("curate_reason"), key=f"curate_ex_reason_{nonce}", placeholder=t("curate_reason_hint"))
    if st.button(t("curate_exclude_go"), key="curate_ex_go", disabled=not picked or not reason.strip()):
        _act(ws.exclude_answers, picked, reason.strip())
    st.subheader(t("curate_excluded"))
    excluded = analysis.excluded
    if excluded is None or excluded.empty:
        st.caption(t("curate_none_excluded"))
        return
    st.dataframe(pd.DataFrame({
        t("curate_answer_id"): excluded["answer_id"], t("text"): excluded["text"],
        t("curate_reason"): excluded["reason"], t("curate_who"): excluded["user"],
        t("curate_when"): excluded["when"].map(_when),
    }), hide_index=True, key="curate_excluded_table")
    texts = dict(zip(excluded["answer_id"], excluded["text"].astype(str)))
    back = st.multiselect(t("curate_restore_pick"), list(texts), key=f"curate_restore_{nonce}",
                          format_func=lambda a: f"{a}: {texts[a][:60]}", placeholder=t("data_choose"))
    if st.button(t("curate_restore_go"), key="curate_restore_go", disabled=not back):
        _act(ws.restore_answers, back)


def _when(value) -> str:
    if not isinstance(value, str) or not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return value
    return f"{fmt_date(moment)} {moment:%H:%M}"


def _history() -> None:
    st.subheader(t("curate_history"))
    history = ws.edit_history(run, lang=i18n.current())
    if history.empty:
        st.caption(t("curate_no_history"))
        return
    history = history.iloc[::-1]
    st.dataframe(pd.DataFrame({
        t("curate_when"): history["when"].map(_when), t("curate_who"): history["user"],
        t("curate_what"): history["description"], t("curate_undone_col"): history["undone"],
    }), hide_index=True, key="curate_history_table")


st.title(t("nav_curate"))
st.caption(t("curate_intro"))
if _FLASH in st.session_state:
    st.success(st.session_state.pop(_FLASH), icon=":material/check_circle:")
skipped = analysis.info.get("curation", {}).get("skipped", [])
if skipped:
    st.warning(t("curate_skipped", ids=", ".join(map(str, skipped))))
n_excluded = 0 if analysis.excluded is None else len(analysis.excluded)
st.caption(t("curate_summary", themes=fmt_int((clusters["level"] == "theme").sum()),
             topics=fmt_int((clusters["level"] == "topic").sum()), answers=fmt_int(len(answers)),
             excluded=fmt_int(n_excluded)))
active = ws.edits(run)
if st.button(t("curate_undo"), key="curate_undo", icon=":material/undo:", disabled=active.empty):
    try:
        undone = ws.undo(run)
    except ValueError as err:
        st.error(t("curate_failed", error=escape_markdown(err)))
    else:
        st.session_state[_FLASH] = t("curate_undone" if undone is not None else "curate_nothing_to_undo")
        st.session_state[_NONCE] = nonce + 1
        st.rerun()

tabs = st.tabs([t(f"curate_tab_{name}") for name in ("rename", "merge", "split", "move", "move_topic", "exclude")])
for tab, draw in zip(tabs, (_rename, _merge, _split, _move_answers, _move_topic, _exclude)):
    with tab:
        draw()
_history()
