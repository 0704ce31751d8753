"""Export: the committee's files and the public-comment files (report, workbook, CSV, JSON)."""
import streamlit as st

from listening.export import ExportOptions
from listening.views import suggested_attributes
from ui import exports, i18n, state, weighting, widgets
from ui.i18n import fmt_int, t
from ui.text import escape_markdown

state.ensure_routed()
# (options, edit_version, files, data, differences from earlier public releases, released) on screen
_BUILT = "_export_built"

st.title(t("nav_export"))
analysis = widgets.require_analysis()
run = analysis.run_id
version = state.edit_version(run)
ws = state.workspace()
ws_can_internal = ws.can("export_internal")
# A committee member can only build the public files: the intro does not offer the internal ones.
st.caption(t("export_intro") if ws_can_internal else t("plain_export_intro_public"))

audiences = {"public": t("export_public"), "internal": t("export_internal")}
audiences = {k: v for k, v in audiences.items() if ws.can(f"export_{k}")}
audience = st.radio(t("export_audience"), list(audiences), format_func=audiences.get, horizontal=True,
                    key="export_audience")
if audience == "internal":
    st.warning(t("export_internal_warning"), icon=":material/warning:")
weighted = weighting.weighting_switch(analysis, "export")
if weighted is not None:
    st.caption(t("wt_export_note"))
    # Files built weighted (under one setting) are stale once the switch or the setting changes.
    version = (version, weighting.setup(analysis.dataset_id).setting_id)

left, right = st.columns(2)
languages = list(i18n.LANGUAGES)
language = left.selectbox(t("export_language"), languages, index=languages.index(i18n.current()),
                          format_func=i18n.LANGUAGES.get, key="export_language")
title = left.text_input(t("export_title"), value=analysis.info.dataset or "", key="export_title")
period = left.text_input(t("export_period_staff"), help=t("export_period_help"), key="export_period")
attributes = list(analysis.attributes)
sensible = suggested_attributes(analysis.answers, attributes)
crosstabs = right.multiselect(t("export_crosstabs"), attributes, default=sensible[:4], key="export_crosstabs", format_func=widgets.attribute_label,
                              placeholder=t("data_choose"), select_all=False)
# Demographics beside public answers are opt-in; the crosstabs are where they belong.
answer_attrs = right.multiselect(t("export_answer_attrs"), attributes, default=[] if audience == "public" else crosstabs,
                                 help=t("export_answer_attrs_help"), key=f"export_answer_attrs_{audience}",
                                 format_func=widgets.attribute_label,
                                 placeholder=t("data_choose"), select_all=False)

topics = analysis.clusters[analysis.clusters["level"] == "topic"].sort_values("size", ascending=False)
# Names only: the ids are the store's, and a reader has never seen them.
names = {int(r.cluster_id): f"{r.label} ({fmt_int(r.size)})" for r in topics.itertuples()}
chosen = st.multiselect(t("export_topics"), list(names), default=list(names), format_func=names.get,
                        help=t("export_topics_help"), key="export_topics", select_all=False)

has_goals = bool(ws.goals(analysis.dataset_id))
include_goals = st.checkbox(t("goals_export_include"), value=False, disabled=not has_goals,
                            help=t("goals_export_include_help"), key="export_include_goals")
options = ExportOptions(
    audience=audience, language=language,
    topics=None if set(chosen) == set(names) else tuple(sorted(chosen)),
    crosstabs=tuple(crosstabs), answer_attributes=tuple(answer_attrs),
    title=title.strip() or None, period=period.strip() or None, include_goals=include_goals and has_goals,
)
if st.button(t("export_build"), type="primary", icon=":material/description:", disabled=not chosen,
             key="export_build"):
    try:
        with st.spinner(t("export_building")):
            # The workspace checks the role for this audience and writes the audit log.
            data = ws.export(analysis, options, weighting=weighted)
            # A public release that differs from an earlier one by a few people waits for staff to confirm.
            differences = ws.release_check(analysis, data)
            released = not differences
            if released:
                ws.record_release(analysis, data)
            st.session_state[_BUILT] = (options, version, exports.render_files(data), data, differences, released)
    except (ValueError, KeyError) as err:
        st.error(t("export_failed", error=escape_markdown(err)))
        st.stop()

built = st.session_state.get(_BUILT)
if built is not None and built[:2] != (options, version):
    st.info(t("export_stale"))
elif built is not None and not built[5]:
    differences = built[4]
    st.warning(t("export_release_warning", n=fmt_int(len(differences)), min_cell=options.min_cell,
                 dates=", ".join(sorted({d.released_at[:10] for d in differences}))), icon=":material/warning:")
    st.dataframe({t("export_release_cell"): [d.cell for d in differences],
                  t("export_release_before"): [d.before for d in differences],
                  t("export_release_after"): [d.after for d in differences]}, hide_index=True)
    if st.button(t("export_release_anyway"), key="export_release_anyway"):
        ws.record_release(analysis, built[3], differences, forced=True)
        st.session_state[_BUILT] = (*built[:5], True)
        st.rerun()
elif built is not None:
    files = built[2]
    if built[4]:
        st.caption(t("export_released_anyway"))
    n_answers = len(analysis.answers) if options.topics is None else \
        int(analysis.answers["topic"].isin(options.topics).sum())
    st.success(t("export_ready", audience=audiences[audience], n=fmt_int(n_answers),
                 topics=fmt_int(len(chosen))))
    prefix = "public" if audience == "public" else "internal"
    downloads = [d for d in (
        ("report.html", "export_download_html", "text/html"),
        ("summary.xlsx", "export_download_xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("answers_bom.csv", "export_download_csv", "text/csv"),
        ("export.json", "export_download_json", "application/json"),
        ("briefing.html", "export_download_briefing", "text/html"),
    ) if d[0] in files]
    for col, (name, key, mime) in zip(st.columns(len(downloads)), downloads):
        col.download_button(t(key), files[name], file_name=f"{prefix}_{name}", mime=mime,
                            icon=":material/download:", key=f"export_dl_{name}")
    st.caption(t("export_print_hint"))
    with st.expander(t("export_preview"), expanded=True):
        # The report is our own escaped HTML without scripts (st.iframe runs whatever it is given,
        # so nothing from a user goes in unescaped); the iframe keeps the report's styles apart.
        st.iframe(files["report.html"].decode("utf-8"), height=720, alt=t("export_preview"))
