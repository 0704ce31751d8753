"""Personal data: what masking found (staff review) and terms staff redact by hand."""
import pandas as pd
import streamlit as st

from listening.privacy import count_matches, csv_bytes, normalise_term, redact_texts
from ui import privacy_review, state, widgets
from ui.i18n import fmt_date, fmt_int, t
from ui.text import escape_markdown

state.ensure_routed()
_FLASH = "_privacy_flash"
_NONCE = "_privacy_nonce"

st.title(t("nav_privacy"))
analysis = widgets.require_analysis()
ws, dataset = state.workspace(), analysis.dataset_id
nonce = st.session_state.setdefault(_NONCE, 0)
st.caption(t("privacy_intro"))
st.warning(t("privacy_staff_only"), icon=":material/lock:")
if flash := st.session_state.pop(_FLASH, None):
    st.success(flash)
privacy_review.masking_notice(ws, dataset)

# -- what masking found ------------------------------------------------------------
st.subheader(t("privacy_found"))
# Each visit to the originals is audited once per session and dataset, not on every rerun.
seen = st.session_state.setdefault("_privacy_seen", set())
findings = ws.findings(dataset, log=dataset not in seen)
seen.add(dataset)
if findings.empty:
    st.info(t("privacy_none_found"))
else:
    counts = findings["kind"].value_counts()
    cols = st.columns(min(len(counts), 5))
    for i, (kind, n) in enumerate(counts.items()):
        cols[i % len(cols)].metric(t(f"pii_{kind}"), fmt_int(n))
    terms = ws.redactions(dataset)["term"].tolist()
    shown = redact_texts(findings["text"].tolist(), findings["language"].tolist(), terms)
    table = pd.DataFrame({
        t("curate_answer_id"): findings["answer_id"].astype(str),
        t("privacy_kind"): [t(f"pii_{k}") for k in findings["kind"]],
        t("privacy_where"): privacy_review.where(findings),
        t("privacy_original"): findings["original"].where(findings["original"] != "", t("purged_original")),
        t("privacy_masked_text"): shown,
    })
    picked = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                          key="privacy_findings")
    privacy_review.finding_actions(ws, dataset, findings, picked.selection.rows)
    csv = csv_bytes(table)
    st.download_button(t("privacy_download"), csv, file_name="privacy_review.csv", mime="text/csv",
                       icon=":material/download:")

# -- manual redactions -------------------------------------------------------------
st.subheader(t("privacy_manual"))
st.caption(t("privacy_manual_help"))
with st.form(f"privacy_add_{nonce}", clear_on_submit=True):
    term = st.text_input(t("privacy_term"), key=f"privacy_term_{nonce}")
    if st.form_submit_button(t("privacy_add"), type="primary"):
        clean = normalise_term(term)
        if len(clean) < 2 or redact_texts([clean], ["ja"], [clean]) == [clean]:
            st.error(t("privacy_term_invalid"))
        else:
            n = count_matches(analysis.answers["text"].tolist(), clean)
            ws.add_redaction(dataset, clean)
            st.session_state[_FLASH] = t("privacy_added", term=escape_markdown(clean)) + " " + \
                t("privacy_term_matches", n=fmt_int(n))
            st.session_state[_NONCE] = nonce + 1
            st.rerun()

active = ws.redactions(dataset)
if active.empty:
    st.caption(t("privacy_no_terms"))
else:
    st.markdown(f"**{t('privacy_active')}**")
    table = pd.DataFrame({
        t("privacy_term"): active["term"],
        t("privacy_user"): active["user"],
        t("privacy_when"): [fmt_date(v) for v in active["created_at"]],
    })
    event = st.dataframe(table, hide_index=True, on_select="rerun", selection_mode="single-row",
                         key=f"privacy_terms_{nonce}")
    rows = [r for r in event.selection.rows if 0 <= r < len(active)]
    if st.button(t("privacy_remove"), disabled=not rows, key=f"privacy_remove_{nonce}"):
        row = active.iloc[rows[0]]
        ws.remove_redaction(dataset, int(row["id"]))
        st.session_state[_FLASH] = t("privacy_removed", term=escape_markdown(row["term"]))
        st.session_state[_NONCE] = nonce + 1
        st.rerun()

privacy_review.rules_section(ws, dataset)
privacy_review.quasi_section(ws, dataset)

# -- purge the originals once the review is done -------------------------------------
st.subheader(t("purge_title"))
st.caption(t("purge_help"))
left = ws.originals_left(dataset)
if not left:
    st.info(t("purge_none_left"))
else:
    st.caption(t("purge_left", n=fmt_int(left)))
    sure = st.checkbox(t("purge_confirm"), key=f"purge_confirm_{nonce}")
    if st.button(t("purge_go"), disabled=not sure, key=f"purge_go_{nonce}", icon=":material/delete_forever:"):
        done = ws.purge_originals(dataset)
        st.session_state[_FLASH] = t("purge_done", **{k: fmt_int(v) for k, v in done.items()})
        st.session_state[_NONCE] = nonce + 1
        st.rerun()
