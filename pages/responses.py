"""Responses: the public-comment response table (意見の概要と市の考え方): staff write it, everyone reads it."""
import pandas as pd
import streamlit as st

from listening.messages import describe_error
from listening.responses import STATUSES, table_frame
from listening.types import InputError
from listening.workspace import ResponsesNotReady
from ui import state, widgets
from ui.i18n import current, fmt_date, fmt_int, t
from ui.text import escape_markdown

state.ensure_routed()
_FLASH = "_responses_flash"
_NONCE = "_responses_nonce"

st.title(t("nav_responses"))
st.caption(t("resp_intro"))
analysis = widgets.require_analysis()
ws, dataset = state.workspace(), analysis.dataset_id
staff = ws.can("respond")
nonce = st.session_state.setdefault(_NONCE, 0)
table = ws.response_table(dataset)
if flash := st.session_state.pop(_FLASH, None):
    st.success(flash)


def _done(message: str) -> None:
    st.session_state[_FLASH] = message
    st.session_state[_NONCE] = nonce + 1
    st.rerun()


progress = table.progress()
st.markdown(f"**{t('resp_progress', rows=fmt_int(progress['rows']), answered=fmt_int(progress['answered']), approved=fmt_int(progress['approved']))}**")
if progress["changed"]:
    st.warning(t("resp_changed", n=fmt_int(progress["changed"])), icon=":material/change_circle:")
if not staff:
    st.info(t("resp_read_only"), icon=":material/visibility:")

st.subheader(t("resp_table"))
frame = table_frame(table, list(table.rows), with_status=staff)
st.dataframe(frame, hide_index=True, width="stretch", key="resp_table",
             column_config={c: st.column_config.TextColumn(width="large") for c in frame.columns[2:3]})

if staff:
    # -- one row at a time ---------------------------------------------------------------
    st.subheader(t("resp_edit"))
    keys = [r.key for r in table.rows]
    labels = {r.key: t("resp_row_option", number=r.number, item=r.item, count=fmt_int(r.count),
                       summary=r.shown_summary[:40]) for r in table.rows}
    key = st.selectbox(t("resp_pick_row"), keys, format_func=labels.get, key=f"resp_row_{nonce}")
    row = table.row(key)
    if row.changed:
        st.warning(t("resp_row_changed"), icon=":material/change_circle:")
    opinions = table.opinions.set_index("answer_id").loc[list(row.answer_ids)]
    with st.expander(t("resp_opinions", n=fmt_int(len(opinions)))):
        st.dataframe(pd.DataFrame({"No.": opinions["number"].to_numpy(), t("resp_col_value"): opinions["text"].to_numpy()}),
                     hide_index=True, width="stretch", key=f"resp_ops_{nonce}")
    with st.form(f"resp_form_{nonce}"):
        summary = st.text_area(t("resp_summary"), value=row.shown_summary, key=f"resp_summary_{nonce}")
        response = st.text_area(t("resp_response"), value=row.response, height=150, key=f"resp_response_{nonce}")
        options = ["", *table.dispositions]
        disposition = st.selectbox(t("resp_disposition"), options,
                                   index=options.index(row.disposition) if row.disposition in options else 0,
                                   format_func=lambda d: d or t("resp_none"), key=f"resp_disposition_{nonce}")
        location = st.text_input(t("resp_location"), value=row.location, key=f"resp_location_{nonce}")
        status = st.radio(t("resp_status"), STATUSES, index=STATUSES.index(row.status) if row.status in STATUSES else 0,
                          format_func=lambda s: t(f"resp_status_{s}"), horizontal=True, key=f"resp_status_{nonce}")
        if st.form_submit_button(t("resp_save"), type="primary"):
            wanted = {"summary": summary if summary.strip() != row.prefill.strip() else row.summary,
                      "response": response, "disposition": disposition, "location": location, "status": status}
            changed = {f: v for f, v in wanted.items() if v != getattr(row, f)
                       or (f == "status" and row.changed and v == "approved")}
            if not changed:
                st.info(t("resp_nothing_changed"))
            else:
                ws.edit_response(dataset, key, **changed)
                _done(t("resp_saved", number=row.number))
    if st.button(t("resp_undo"), icon=":material/undo:", key=f"resp_undo_{nonce}"):
        if ws.undo_response(dataset) is not None:
            _done(t("resp_undone"))

    # -- the rows themselves: order, merge, split, move opinions (curation edits) ---------------
    with st.expander(t("resp_rows")):
        run = analysis.run_id
        position = keys.index(key)
        up, down, _ = st.columns([1, 1, 4])
        if up.button(t("resp_up"), disabled=position == 0, key=f"resp_up_{nonce}"):
            keys.insert(position - 1, keys.pop(position))
            ws.reorder_responses(dataset, keys)
            _done(t("resp_saved", number=row.number))
        if down.button(t("resp_down"), disabled=position == len(keys) - 1, key=f"resp_down_{nonce}"):
            keys.insert(position + 1, keys.pop(position))
            ws.reorder_responses(dataset, keys)
            _done(t("resp_saved", number=row.number))
        others = [k for k in keys if k != key]
        target = st.selectbox(t("resp_merge_into"), others, format_func=labels.get, key=f"resp_target_{nonce}")
        if st.button(t("resp_merge"), disabled=not others, key=f"resp_merge_{nonce}"):
            ws.merge_clusters(run, "topic", row.topic, table.row(target).topic)
            _done(t("resp_saved", number=row.number))
        if st.button(t("resp_split"), disabled=len(row.answer_ids) < 2, key=f"resp_split_{nonce}"):
            ws.split_cluster(run, row.topic, 2)
            _done(t("resp_saved", number=row.number))
        kept = [a for a in row.answer_ids if a in set(analysis.answers["answer_id"].astype(str))]
        number_of = dict(zip(table.opinions["answer_id"], table.opinions["number"]))
        moving = st.multiselect(t("resp_move_which"), kept, format_func=lambda a: str(number_of[a]),
                                key=f"resp_moving_{nonce}", placeholder=t("resp_none"))
        to = st.selectbox(t("resp_move_to"), others, format_func=labels.get, key=f"resp_to_{nonce}")
        if st.button(t("resp_move"), disabled=not (moving and others), key=f"resp_move_{nonce}"):
            ws.move_answers(run, moving, table.row(to).topic)
            _done(t("resp_saved", number=row.number))

    if table.orphans:
        st.subheader(t("resp_orphans"))
        for orphan in table.orphans:
            with st.container(border=True):
                st.markdown(escape_markdown(orphan.values.get("response") or orphan.values.get("summary") or ""))
                onto = st.selectbox(t("resp_pick_row"), keys, format_func=labels.get, key=f"resp_orphan_{orphan.key}_{nonce}")
                if st.button(t("resp_attach"), key=f"resp_attach_{orphan.key}_{nonce}"):
                    ws.attach_orphan(dataset, orphan.key, onto)
                    _done(t("resp_saved", number=table.row(onto).number))

    with st.expander(t("resp_settings")):
        with st.form(f"resp_settings_{nonce}"):
            title = st.text_input(t("resp_title"), value=table.title, key=f"resp_title_{nonce}")
            listed = st.text_area(t("resp_dispositions"), value="\n".join(table.dispositions), key=f"resp_disp_{nonce}")
            if st.form_submit_button(t("resp_settings_save")):
                try:
                    ws.set_response_settings(dataset, title=title, dispositions=listed.splitlines())
                except ValueError as err:
                    st.error(escape_markdown(err))
                else:
                    _done(t("resp_settings_saved"))

# -- files ---------------------------------------------------------------------------------------
st.subheader(t("resp_download"))
fmt = st.radio(t("resp_format"), ("docx", "xlsx", "html"), horizontal=True, key="resp_format")
audiences = ("public", "internal") if ws.can("export_internal") else ("public",)
audience = st.radio(t("resp_version"), audiences, format_func=lambda a: t(f"resp_{a}"), horizontal=True,
                    key="resp_audience")
drafts = audience == "public" and st.checkbox(t("resp_include_drafts"), key="resp_drafts")
if st.button(t("resp_make"), icon=":material/description:", key="resp_make"):
    try:
        made = ws.export_responses(dataset, fmt, public=audience == "public", include_drafts=drafts)
    except ResponsesNotReady as err:
        st.error(t("resp_not_ready") + "\n\n" + "\n".join(f"- {escape_markdown(c.text(current()))}" for c in err.checks))
    else:
        for check in made.checks:
            st.caption(escape_markdown(check.text(current())))
        st.download_button(t("resp_download"), made.data, file_name=made.name, mime=made.mime,
                           icon=":material/download:", key="resp_download")

if staff:
    with st.expander(t("resp_import")):
        st.caption(t("resp_import_help"))
        upload = st.file_uploader(t("resp_import"), type=["xlsx"], key=f"resp_upload_{nonce}",
                                  label_visibility="collapsed")
        if upload is not None:
            try:
                changes = ws.import_responses(dataset, upload.getvalue(), upload.name)
            except InputError as err:
                st.error(escape_markdown(describe_error(err, current())))
            else:
                _done(t("resp_imported", rows=fmt_int(len({c.key for c in changes})), cells=fmt_int(len(changes))))
    with st.expander(t("resp_history")):
        history = ws.response_history(dataset)
        number_of_key = {r.key: r.number for r in table.rows}
        st.dataframe(pd.DataFrame({
            "No.": [number_of_key.get(k, k) for k in history["row_key"]],
            t("resp_col_field"): history["field"], t("resp_col_value"): history["value"],
            t("resp_col_who"): history["user"], t("resp_col_when"): [fmt_date(v) for v in history["created_at"]],
            t("resp_col_undone"): history["undone_at"].notna(),
        }), hide_index=True, width="stretch", key="resp_history")
