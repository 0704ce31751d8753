"""The router: pages grouped in two sections, every page registered under its file's name."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from listening.i18n import STRINGS

ROOT = Path(__file__).resolve().parents[2]
EXPLORE = ["map", "briefing", "crosstabs", "district", "waves", "goals", "responses"]
STAFF = ["data", "weighting", "curate", "privacy", "export", "audit"]


def _sections_as_json(allowed: list[str], lang: str) -> None:
    import json

    import streamlit as st

    from ui import navigation

    st.session_state["_ui_language"] = lang
    sections = navigation.sections(set(allowed))
    st.json(json.dumps({title: [[page.url_path, page.visibility, page.title] for page in pages]
                        for title, pages in sections.items()}))


def sections(monkeypatch, allowed: list[str], lang: str = "ja") -> dict:
    monkeypatch.syspath_prepend(str(ROOT))
    at = AppTest.from_function(_sections_as_json, args=(allowed, lang), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return json.loads(at.json[0].value)


@pytest.mark.parametrize("lang", ["ja", "ko", "en"])
def test_staff_see_explore_and_staff_sections_with_translated_titles(monkeypatch, lang):
    got = sections(monkeypatch, EXPLORE + STAFF, lang)
    explore, staff = STRINGS["nav_section_explore"][lang], STRINGS["nav_section_staff"][lang]
    assert list(got) == [explore, staff]
    # The root address is a hidden page of its own, so the map keeps its own address (/map).
    assert got[explore][0][:2] == ["", "hidden"]
    assert [p[0] for p in got[explore][1:]] == EXPLORE and [p[0] for p in got[staff]] == STAFF
    assert {p[1] for p in got[explore][1:] + got[staff]} == {"visible"}
    assert [p[2] for p in got[explore][1:]] == [STRINGS[f"nav_{name}"][lang] for name in EXPLORE]


def test_a_committee_member_is_shown_only_the_pages_of_the_role(monkeypatch):
    got = sections(monkeypatch, EXPLORE + ["export"])
    shown = [p[0] for pages in got.values() for p in pages if p[1] == "visible"]
    assert shown == EXPLORE + ["export"]
    # The others stay registered (hidden), so their addresses answer with a message, not "Page not found".
    assert [p[0] for p in got["職員用"] if p[1] == "hidden"] == ["data", "weighting", "curate", "privacy", "audit"]


def test_before_sign_in_no_page_is_shown_but_every_address_is_known(monkeypatch):
    got = sections(monkeypatch, [])
    pages = [p for section in got.values() for p in section]
    assert {p[1] for p in pages} == {"hidden"}
    assert [p[0] for p in pages] == ["", *EXPLORE, *STAFF]


def test_the_bare_address_opens_the_map(sample_app):
    at = sample_app.run()
    assert not at.exception
    assert at.title[0].value == STRINGS["nav_map"]["ja"]
    assert any(el.type == "vega_lite_chart" for el in at.main)
