"""Audit log: every upload, analysis, edit, redaction, export, deletion and look at personal data."""
import pandas as pd
import streamlit as st

from listening.privacy import csv_bytes
from listening.views import zone_name
from ui import i18n, state
from ui.i18n import fmt_int, t

state.ensure_routed()

st.title(t("nav_audit"))
st.caption(t("audit_intro"))
ws = state.workspace()
datasets = ws.datasets()
names = {None: t("audit_all"), **dict(zip(datasets["id"].tolist(), datasets["name"].tolist()))}
picked = st.selectbox(t("dataset"), list(names), format_func=names.get, key="audit_dataset")
log = ws.audit_log_in_words(picked, i18n.current())
if log.empty:
    st.info(t("audit_empty"))
    st.stop()
st.caption(t("plain_audit_zone", zone=zone_name()))
table = pd.DataFrame({
    t("audit_when"): log["when"],
    t("audit_user"): log["user"],
    t("audit_role"): [t(f"role_{r}") if r in ("staff", "committee") else r for r in log["role"]],
    t("audit_action"): log["action"],
    t("dataset"): log["dataset_id"].map(lambda d: names.get(None if pd.isna(d) else int(d), "")),
    # st.dataframe writes a missing number as "None": counts go in as text, blank where there is none.
    t("audit_rows"): ["" if pd.isna(n) else fmt_int(n) for n in log["rows"]],
    t("audit_detail"): log["detail"],
}).iloc[::-1]  # newest first
st.dataframe(table, hide_index=True, width="stretch", key="audit_table")
# The file keeps the stored codes and UTC times as well as the words: a later audit can match them.
raw = ws.audit_log(picked)
csv = csv_bytes(raw.assign(detail=raw["detail"].map(str), action_words=log["action"].to_numpy(),
                           detail_words=log["detail"].to_numpy(), local_time=log["when"].to_numpy()))
st.download_button(t("audit_download"), csv, file_name="audit_log.csv", mime="text/csv", icon=":material/download:")
