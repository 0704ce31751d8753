"""Audit log: every upload, analysis, edit, redaction, export, deletion and look at personal data."""
import pandas as pd
import streamlit as st

from listening.privacy import csv_bytes
from ui import state
from ui.i18n import t

state.ensure_routed()
st.title(t("nav_audit"))
st.caption(t("audit_intro"))
ws = state.workspace()
datasets = ws.datasets()
names = {None: t("audit_all"), **dict(zip(datasets["id"].tolist(), datasets["name"].tolist()))}
picked = st.selectbox(t("dataset"), list(names), format_func=names.get, key="audit_dataset")
log = ws.audit_log(picked)
if log.empty:
    st.info(t("audit_empty"))
    st.stop()
table = pd.DataFrame({
    # Who did what needs the time of day, not only the date.
    t("audit_when"): pd.to_datetime(log["at"], utc=True).dt.strftime("%Y-%m-%d %H:%M:%S UTC"),
    t("audit_user"): log["user"],
    t("audit_role"): [t(f"role_{r}") if r in ("staff", "committee") else r for r in log["role"]],
    t("audit_action"): log["action"],
    t("dataset"): log["dataset_id"].map(lambda d: names.get(None if pd.isna(d) else int(d), "")),
    t("audit_rows"): log["rows"],
    t("audit_detail"): [", ".join(f"{k}={v}" for k, v in d.items()) for d in log["detail"]],
}).iloc[::-1]  # newest first
st.dataframe(table, hide_index=True, width="stretch", key="audit_table")
csv = csv_bytes(log.assign(detail=log["detail"].map(str)))
st.download_button(t("audit_download"), csv, file_name="audit_log.csv", mime="text/csv", icon=":material/download:")
