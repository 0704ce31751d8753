"""Every page renders on the analysed sample in each UI language, and on an empty store."""
from __future__ import annotations

import pytest

from ui.i18n import STRINGS

PAGES = ["map", "briefing", "crosstabs", "district", "waves", "goals", "responses", "data", "weighting", "curate",
         "privacy", "export", "audit"]
COMMITTEE_PAGES = ["map", "crosstabs", "district"]  # these stop at the shared empty state
LANGS = ["ja", "ko", "en"]


def open_page(at, page: str):
    at.run()
    if page != "map":  # the default page
        at.switch_page(f"pages/{page}.py").run()
    return at


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_sample(make_app, analysed_db, page, lang):
    at = open_page(make_app(analysed_db, lang=lang), page)
    assert not at.exception, f"{page} ({lang}) raised: {[e.value for e in at.exception]}"
    assert not at.error, f"{page} ({lang}) showed an error: {[e.value for e in at.error]}"
    assert len(at.main.children) > 1
    if page in COMMITTEE_PAGES:
        assert at.title[0].value == STRINGS[f"nav_{page}"][lang]
        assert any(el.type == "vega_lite_chart" for el in at.main)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_handles_an_empty_store(make_app, page, lang):
    at = open_page(make_app(lang=lang), page)
    assert not at.exception, f"{page} ({lang}) raised on an empty store: {[e.value for e in at.exception]}"
    if page in COMMITTEE_PAGES:
        assert [i.value for i in at.info] == [STRINGS["no_dataset"][lang]]
        assert at.button(key="empty_load_sample").label == STRINGS["load_sample"][lang]
        assert not [el for el in at.main if el.type == "vega_lite_chart"]
