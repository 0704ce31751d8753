"""Briefing (委員会向けまとめ): what a committee reads before a meeting, and its printable A4 file."""
import streamlit as st

from listening.briefing import render_briefing
from ui import briefing, state, weighting, widgets
from ui.i18n import t

state.ensure_routed()

analysis = widgets.require_analysis()
st.title(t("nav_briefing"))
st.caption(t("brief_intro"))

attributes = list(analysis.attributes)
by = st.multiselect(t("brief_by"), attributes, default=briefing.default_attributes(analysis.answers, attributes),
                    help=t("brief_by_help"), key="brief_by", placeholder=t("data_choose"))
if not attributes:
    st.caption(t("brief_no_attributes"))

# Weighted to the population while the reader's switch is on (once staff set margins).
weighted = weighting.weighting_switch(analysis, "briefing")
setting = weighting.setup(analysis.dataset_id).setting_id if weighted is not None else None
# One workspace call (role check, audit entry), cached per run, edits, goals, choice and weighting.
record = state.current_briefing(analysis, tuple(by), setting)
st.download_button(t("brief_download"), render_briefing(record).encode("utf-8"), file_name="briefing.html",
                   mime="text/html", icon=":material/download:", key="brief_download")
st.caption(t("brief_print_hint"))
briefing.draw(record)
