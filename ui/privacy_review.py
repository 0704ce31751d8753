"""The Personal data page's review tools: mark findings as not personal data, keep a list of
local proper nouns, mask again, and list quasi-identifiers for staff to decide on."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.i18n import fmt_date, fmt_int, t
from ui.text import escape_markdown

_FLASH = "_privacy_review_flash"
_NONCE = "_privacy_review_nonce"


def _done(message: str) -> None:
    st.session_state[_FLASH] = message
    st.session_state[_NONCE] = st.session_state.get(_NONCE, 0) + 1
    st.rerun()


def masking_notice(ws, dataset: int) -> None:
    """The last action's message, and a button to mask again when the lists changed since."""
    if flash := st.session_state.pop(_FLASH, None):
        st.success(flash)
    st.caption(t("privacy_intro_more"))
    if ws.masking_is_current(dataset) or not ws.can("redact"):
        return
    st.info(t("privacy_stale"), icon=":material/sync:")
    if st.button(t("privacy_remask"), type="primary", icon=":material/sync:", key="privacy_remask"):
        with st.spinner(t("privacy_remask")):
            counts = ws.remask(dataset)
        _done(t("privacy_remasked", changed=fmt_int(counts["changed"]), findings=fmt_int(counts["findings"])))


def where(findings: pd.DataFrame) -> list[str]:
    """Where each finding was: the answer, or the attribute it was in."""
    fields = findings["field"] if "field" in findings else [None] * len(findings)
    return [t("privacy_in_text") if f is None or pd.isna(f) else t("privacy_in_attribute", name=f) for f in fields]


def finding_actions(ws, dataset: int, findings: pd.DataFrame, rows: list[int]) -> None:
    """Buttons that mark the selected finding as not personal data (here or anywhere) or its
    words as a local proper noun."""
    if not ws.can("redact"):
        return
    rows = [r for r in rows if 0 <= r < len(findings)]
    if not rows:
        st.caption(t("privacy_pick_hint"))
        return
    row = findings.iloc[rows[0]]
    nonce = st.session_state.get(_NONCE, 0)
    cols = st.columns(3)
    term = str(row["original"])
    if cols[0].button(t("privacy_mark_finding"), key=f"privacy_allow_one_{nonce}"):
        ws.add_privacy_rule(dataset, "allow", term, answer_id=str(row["answer_id"]), kind=str(row["kind"]))
        _done(t("privacy_rule_added", term=escape_markdown(term)))
    if cols[1].button(t("privacy_mark_term"), key=f"privacy_allow_all_{nonce}"):
        ws.add_privacy_rule(dataset, "allow", term)
        _done(t("privacy_rule_added", term=escape_markdown(term)))
    if row["kind"] == "name" and cols[2].button(t("privacy_mark_noun"), key=f"privacy_noun_row_{nonce}"):
        ws.add_privacy_rule(dataset, "noun", term)
        _done(t("privacy_rule_added", term=escape_markdown(term)))


def rules_section(ws, dataset: int) -> None:
    """The allow-list and the local proper nouns: add a noun, undo any entry."""
    st.subheader(t("privacy_rules"))
    st.caption(t("privacy_rules_help"))
    nonce = st.session_state.get(_NONCE, 0)
    if ws.can("redact"):
        with st.form(f"privacy_noun_form_{nonce}", clear_on_submit=True):
            noun = st.text_input(t("privacy_noun_input"), key=f"privacy_noun_{nonce}")
            if st.form_submit_button(t("privacy_noun_add")) and noun.strip():
                ws.add_privacy_rule(dataset, "noun", noun)
                _done(t("privacy_rule_added", term=escape_markdown(noun.strip())))
    rules = ws.privacy_rules(dataset)
    if rules.empty:
        st.caption(t("privacy_rules_none"))
        return
    table = pd.DataFrame({
        t("privacy_term"): rules["term"],
        t("privacy_rule_list"): [t(f"privacy_rule_{v}") for v in rules["list"]],
        t("privacy_rule_scope"): [t("privacy_rule_everywhere") if a is None or pd.isna(a) else
                                  t("privacy_rule_one_answer", answer_id=a) for a in rules["answer_id"]],
        t("privacy_user"): rules["user"],
        t("privacy_when"): [fmt_date(v) for v in rules["created_at"]],
    })
    event = st.dataframe(table, hide_index=True, on_select="rerun", selection_mode="single-row",
                         key=f"privacy_rules_{nonce}")
    picked = [r for r in event.selection.rows if 0 <= r < len(rules)]
    if ws.can("redact") and st.button(t("privacy_rule_remove"), disabled=not picked, key=f"privacy_rule_remove_{nonce}"):
        rule = rules.iloc[picked[0]]
        ws.remove_privacy_rule(dataset, int(rule["id"]))
        _done(t("privacy_rule_removed", term=escape_markdown(rule["term"])))


def quasi_section(ws, dataset: int) -> None:
    """Quasi-identifiers in the masked answers, listed for review."""
    st.subheader(t("privacy_quasi"))
    st.caption(t("privacy_quasi_help"))
    quasi = ws.quasi_identifiers(dataset)
    if quasi.empty:
        st.caption(t("privacy_quasi_none"))
        return
    st.dataframe(pd.DataFrame({
        t("curate_answer_id"): quasi["answer_id"],
        t("privacy_kind"): [t(f"quasi_{k}") for k in quasi["kind"]],
        t("privacy_quasi_found"): quasi["found"],
        t("privacy_quasi_excerpt"): quasi["excerpt"],
    }), hide_index=True, width="stretch", key="privacy_quasi_table")
