"""The Briefing page (委員会向けまとめ): themes named in words with a resident's sentence and quotes,
common ground and divides by age and district, and the printable A4 file, in ja, ko and en."""
from __future__ import annotations

import pytest

from listening.i18n import t
from listening.views import group_names
from tests.app.test_login import sign_in, users  # noqa: F401 - users is a fixture


def text_of(at) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "header", "subheader", "title")
                     for e in getattr(at, kind))


def open_briefing(at):
    at.run()
    at.switch_page("pages/briefing.py").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["ja", "ko", "en"])
def test_the_briefing_reads_in_each_language_with_names_sentences_and_divides(make_app, analysed_db, analysis, lang):
    at = open_briefing(make_app(analysed_db, lang=lang))
    assert at.title[0].value == t(lang, "nav_briefing")
    shown = text_of(at)
    names = group_names(analysis.clusters, "theme")
    assert sum(name in shown for name in names.values()) == len(names)  # every theme, by its name in words
    assert shown.count("「") >= 2 * len(names)  # its sentence and quotes, verbatim
    said = t(lang, "briefing.said", n="X").split("X")[0]
    assert said in shown
    # Age group and district are compared by default (the sample has 年代 and 校区).
    assert t(lang, "briefing.common", attribute="年代") in shown
    assert t(lang, "briefing.divides", attribute="校区") in shown
    download = at.get("download_button")[0]
    assert download.proto.label == t(lang, "brief_download")


def test_picking_an_attribute_compares_by_it_alone(make_app, analysed_db):
    at = open_briefing(make_app(analysed_db))
    at.multiselect(key="brief_by").set_value(["性別"]).run()
    assert not at.exception
    shown = text_of(at)
    assert t("ja", "briefing.common", attribute="性別") in shown
    assert t("ja", "briefing.common", attribute="年代") not in shown


@pytest.mark.usefixtures("users")
def test_a_committee_member_reads_the_briefing(make_app, analysed_db):
    at = sign_in(make_app(analysed_db), "委員", "committee-password-1")
    open_briefing(at)
    assert at.title[0].value == "委員会向けまとめ"
    assert t("ja", "briefing.themes") in text_of(at)
