"""One catalogue for every UI string (ja first, then ko and en) and locale formatting."""
from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from ui.strings import common

LANGUAGES = {"ja": "日本語", "ko": "한국어", "en": "English"}
_STATE_KEY = "_ui_language"


def _catalogue() -> dict:
    merged: dict = {}
    modules = [common]
    for name in ("staff", "explore", "export", "trust", "goals", "waves", "release", "signin"):
        try:
            modules.append(__import__(f"ui.strings.{name}", fromlist=["STRINGS"]))
        except ImportError:
            pass
    for module in modules:
        clash = set(merged) & set(module.STRINGS)
        if clash:
            raise KeyError(f"duplicate UI string keys: {sorted(clash)}")
        merged.update(module.STRINGS)
    return merged


STRINGS = _catalogue()


def current() -> str:
    return st.session_state.get(_STATE_KEY, "ja")


def set_language(code: str) -> None:
    if code in LANGUAGES:
        st.session_state[_STATE_KEY] = code


def t(key: str, **values) -> str:
    """The string for ``key`` in the current language, with ``{name}`` placeholders filled."""
    entry = STRINGS[key]
    text = entry.get(current(), entry["ja"])
    return text.format(**values) if values else text


def step_name(step: str) -> str:
    steps = STRINGS["step"]
    return steps.get(current(), steps["ja"]).get(step, step)


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
