"""Answers shown to be read: each one in full as a card, the answer first, its question and attributes
in one compact line below, the search words marked.

The card HTML is built from escaped text only (``html.escape``); the one tag added around a
match is ``<mark>``, so nothing a resident wrote can become markup. ``cards_html`` has no
Streamlit in it and is tested alone; ``show`` draws it with ``st.html``.
"""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from listening.views import mark_spans

CARD = ("border:1px solid rgba(128,128,128,0.35);border-radius:6px;padding:8px 12px;margin:0 0 8px 0;"
        "line-height:1.6")
META = "font-size:0.85em;opacity:0.75;margin-top:4px"


def marked(text: str, query: str = "") -> str:
    """``text`` escaped for HTML with every match of ``query`` wrapped in ``<mark>``."""
    parts, at = [], 0
    for start, end in mark_spans(text, query):
        parts += [html.escape(text[at:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        at = end
    parts.append(html.escape(text[at:]))
    return "".join(parts)


def cards_html(rows: pd.DataFrame, meta: list[tuple[str, pd.Series]], query: str = "") -> str:
    """One card per row of ``rows``: its ``text`` in full (line breaks kept, ``query`` marked),
    then ``title: value`` pairs from ``meta`` (title, values aligned with ``rows``), empty ones left out."""
    cards = []
    texts = rows["text"].astype("str").tolist()
    columns = [(title, values.tolist()) for title, values in meta]
    for i, text in enumerate(texts):
        pairs = [f"{html.escape(str(title))}: {html.escape(str(values[i]))}" for title, values in columns
                 if values[i] is not None and not (isinstance(values[i], float) and pd.isna(values[i]))
                 and str(values[i]).strip()]
        cards.append(f'<div class="answer-card" style="{CARD}">'
                     f'<div class="answer-text" style="white-space:pre-wrap">{marked(text, query)}</div>'
                     f'<div class="answer-meta" style="{META}">{" · ".join(pairs)}</div></div>')
    return "".join(cards)


def answer_meta(rows: pd.DataFrame, titles: dict[str, str], attributes: list[str], source_names: dict[str, str],
                group: tuple[str, str] | None = None) -> list[tuple[str, pd.Series]]:
    """The compact line under each answer: its group (``group`` = (title, label column)), question,
    then the attributes it has (the source only where hearing notes are mixed in)."""
    meta = []
    if group is not None:
        meta.append((group[0], rows[group[1]].astype("str")))
    meta.append((titles["question"], rows["question"].astype("str").replace(source_names)))
    for attribute in attributes:
        if attribute in rows.columns and rows[attribute].notna().any():
            meta.append((attribute, rows[attribute].astype(object)))
    return meta


def show(rows: pd.DataFrame, meta: list[tuple[str, pd.Series]], query: str = "") -> None:
    st.html(cards_html(rows, meta, query))
