"""Words the app shows in ja and ko: plain names for groups, no English or jargon where we control the
words, the audit log in words, the export preview on the supported API, pickers that survive a change
of language (issues 12 and 17)."""
from __future__ import annotations

import pandas as pd
import pytest

from listening.i18n import STRINGS
from listening.views import group_names
from ui.text import escape_markdown
from ui.waves import reanalysis_table

from .test_login import make_served_app, sign_in, users  # noqa: F401 - fixtures used below

NOTE_FIELDS = ("title", "group", "date")


def _texts(at) -> str:
    """Every word the main area and the sidebar show: titles, captions, labels, options, table cells."""
    parts = []
    for el in [*at.main, *at.sidebar]:
        for attr in ("value", "label", "options", "placeholder", "help"):
            value = getattr(el, attr, None) if attr != "value" or el.type not in ("radio", "selectbox") else None
            if isinstance(value, pd.DataFrame):
                parts.append(value.to_string())
                parts.extend(map(str, value.columns))
            elif isinstance(value, (list, tuple)):
                parts.extend(map(str, value))
            elif isinstance(value, str):
                parts.append(value)
    return "\n".join(parts)


def _switch_language(at, lang: str) -> None:
    next(s for s in at.sidebar.selectbox if s.key == "language_picker").set_value(lang).run()


def test_the_level_picker_shows_its_choice_after_the_language_changes(make_served_app, analysed_db,  # noqa: F811
                                                                      analysis):
    at = make_served_app(analysed_db, lang="ja")
    at.run()
    at.radio(key="map_level").set_value("topic").run()
    _switch_language(at, "ko")
    assert not at.exception
    radio = at.radio(key="map_level")
    assert radio.options == ["큰 분류", "작은 분류"] and radio.value == "topic"
    # The browser keeps a radio's choice as the label it showed ("小さな分類"), which the Korean
    # options lack: it must be told the choice in the new words, or it shows neither option.
    assert radio.proto.set_value and radio.proto.raw_value == "작은 분류"
    topics = analysis.clusters.loc[analysis.clusters["level"] == "topic"]
    assert len(at.dataframe[0].value) == len(topics)  # the table under the picker is at that level too


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_the_map_speaks_plainly_in_japanese_and_korean(make_app, analysed_db, lang):
    at = make_app(analysed_db, lang=lang)
    at.run()
    assert not at.exception
    assert STRINGS["plain_map_explainer"][lang] in [c.value for c in at.caption]
    labels = [m.label for m in at.sidebar.multiselect]
    assert [STRINGS[f"plain_note_field.{f}"][lang] for f in NOTE_FIELDS] == [x for x in labels if x in {
        STRINGS[f"plain_note_field.{f}"][lang] for f in NOTE_FIELDS}]
    assert not set(NOTE_FIELDS) & set(labels)
    # Streamlit's own "Select all" is English in every language: it is left out of every multiselect.
    assert at.sidebar.multiselect and all(m.proto.select_all == 0 for m in at.sidebar.multiselect)
    shown = _texts(at)
    assert "クラスタ" not in shown and "클러스터" not in shown
    assert STRINGS["theme"][lang] in [r.options[0] for r in at.radio if r.key == "map_level"]


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_the_audit_log_reads_in_words_with_no_codes_or_none(make_app, analysed_db, lang):
    at = make_app(analysed_db, lang=lang)
    at.run()
    at.switch_page("pages/privacy.py").run()  # looking at personal data is logged
    at.switch_page("pages/audit.py").run()
    assert not at.exception
    log = at.dataframe[0].value
    action = STRINGS["audit_action.view_personal_data"][lang]
    assert action in log[STRINGS["audit_action"][lang]].tolist()
    shown = log.astype(str).to_string()
    assert "view_personal_data" not in shown and "None" not in shown and "args=" not in shown
    assert any(STRINGS["plain_audit_zone"][lang].split("{")[0] in c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_the_export_page_names_groups_without_ids_and_previews_the_report(make_app, analysed_db, analysis, lang):
    at = make_app(analysed_db, lang=lang)
    at.run()
    at.switch_page("pages/export.py").run()
    picker = at.multiselect(key="export_topics")
    assert picker.label == STRINGS["export_topics"][lang]
    assert all(not option.split(" ")[0].rstrip(":").isdigit() for option in picker.options)
    assert {o.rsplit(" (", 1)[0] for o in picker.options} == set(group_names(analysis.clusters, "topic").values())
    at.button(key="export_build").click().run()
    assert not at.exception
    frames = at.get("iframe")
    assert len(frames) == 1  # st.iframe, not the deprecated st.components.v1.html
    html = at.session_state["_export_built"][2]["report.html"].decode("utf-8")
    assert frames[0].proto.srcdoc == html
    assert STRINGS["report_overview"][lang] in html and "クラスタ" not in html and "클러스터" not in html


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_the_committee_export_page_does_not_offer_internal_files(make_app, analysed_db, users, lang):  # noqa: F811
    at = make_app(analysed_db, lang=lang)
    sign_in(at, "委員", "committee-password-1")
    at.switch_page("pages/export.py").run()
    assert not at.exception
    assert STRINGS["plain_export_intro_public"][lang] in [c.value for c in at.caption]
    assert STRINGS["export_intro"][lang] not in [c.value for c in at.caption]
    assert at.radio(key="export_audience").options == [STRINGS["export_public"][lang]]


def test_the_reanalysis_table_leaves_missing_values_blank():
    # Outside a session the table is in Japanese, the app's first language.
    changes = pd.DataFrame({"level": ["theme", "topic"], "kind": ["appeared", "vanished"],
                            "before": ["", None], "after": ["3: 公園", None],
                            "similarity": [None, 0.8123], "overlap": pd.array([None, 12], dtype="Int64")})
    table = reanalysis_table(changes)
    shown = table.to_string()
    assert "None" not in shown and "<NA>" not in shown and "nan" not in shown
    assert table.iloc[:, 0].tolist() == [STRINGS["theme"]["ja"], STRINGS["topic"]["ja"]]
    assert table.iloc[1, 4:].tolist() == ["0.81", "12"]


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_a_file_of_the_wrong_type_is_refused_in_the_readers_language(make_app, lang):
    at = make_app(lang=lang)
    at.run()
    at.switch_page("pages/data.py").run()
    uploader = at.file_uploader(key="data_upload")
    # With type= the browser refuses in English ("image/png files are not allowed"); the reader refuses instead.
    assert list(uploader.proto.type) == []
    uploader.set_value(("photo.png", b"\x89PNG\r\n\x1a\n0000", "image/png")).run()
    assert not at.exception
    expected = escape_markdown(STRINGS["error.unsupported_type"][lang].format(ext=".png"))  # shown as text
    assert any(expected in e.value for e in at.error)
