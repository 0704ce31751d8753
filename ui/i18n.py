"""The UI's side of the one string catalogue (``listening.i18n``): the reader's language, ``t`` in it,
and locale formatting of numbers and dates."""
from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from listening import i18n as catalogue
from listening.i18n import STRINGS  # noqa: F401 - pages and tests look keys up here

LANGUAGES = {"ja": "日本語", "ko": "한국어", "en": "English"}
_STATE_KEY = "_ui_language"


def current() -> str:
    return st.session_state.get(_STATE_KEY, "ja")


def set_language(code: str) -> None:
    if code in LANGUAGES:
        st.session_state[_STATE_KEY] = code


def t(key: str, **values) -> str:
    """The string for ``key`` in the reader's language, with ``{name}`` placeholders filled."""
    return catalogue.t(current(), key, **values)


def step_name(step: str) -> str:
    """An analysis step's name for the progress bar (the step's code if it has none)."""
    key = f"step.{step}"
    return t(key) if key in STRINGS else step


def fmt_int(n) -> str:
    return f"{int(n):,}"


def fmt_pct(x: float, digits: int = 1) -> str:
    """A share 0-1 as a percentage."""
    return f"{x * 100:.{digits}f}%"


def fmt_date(value) -> str:
    """ISO date/datetime (or date object) in the reader's convention."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    d = value.date() if isinstance(value, datetime) else value
    if not isinstance(d, date):
        return str(value)
    lang = current()
    if lang == "ja":
        return f"{d.year}年{d.month}月{d.day}日"
    if lang == "ko":
        return f"{d.year}년 {d.month}월 {d.day}일"
    return d.strftime("%d %b %Y")
