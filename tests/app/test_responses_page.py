"""Responses page: staff write and approve a row and make the public file; committee members only read."""
from __future__ import annotations

import os

import pytest

from listening.auth import LOCAL_STAFF
from listening.workspace import open_workspace
from ui.i18n import STRINGS


def table_now():
    with open_workspace(os.environ["LISTENING_DB"], LOCAL_STAFF) as ws:
        return ws.response_table(int(ws.datasets()["id"].iloc[0]))


def open_page(at):
    at.run()
    at.switch_page("pages/responses.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_staff_answer_and_approve_a_row_then_make_the_public_file(sample_app):
    at = open_page(sample_app)
    rows = len(table_now().rows)
    assert f"{rows} 行中 0 行に回答済み" in at.markdown[0].value
    at.text_area(key="resp_response_0").set_value("ご意見を踏まえ、第2章に取組を追加します。")
    at.selectbox(key="resp_disposition_0").set_value("反映する")
    at.radio(key="resp_status_0").set_value("approved")
    at.button[0].click().run()  # the form's save button
    assert not at.exception, [e.value for e in at.exception]
    assert "保存しました" in at.success[0].value
    first = table_now().rows[0]
    assert (first.response, first.disposition, first.approved) == (
        "ご意見を踏まえ、第2章に取組を追加します。", "反映する", True)
    assert f"{rows} 行中 1 行に回答済み、1 行を承認済み" in at.markdown[0].value
    at.radio(key="resp_format").set_value("html")
    at.button(key="resp_make").click().run()
    assert not at.exception and not at.error
    assert at.get("download_button")


def test_committee_members_see_the_table_read_only(make_app, analysed_db, tmp_path, monkeypatch):
    from listening.auth import set_user

    path = tmp_path / "users.toml"
    set_user("委員", "committee", "committee-password-1", path)
    monkeypatch.setenv("LISTENING_USERS", str(path))
    at = make_app(analysed_db)
    at.run()
    at.text_input(key="login_name").set_value("委員")
    at.text_input(key="login_password").set_value("committee-password-1")
    at.button[0].click().run()
    at.switch_page("pages/responses.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.info and STRINGS["resp_read_only"]["ja"] in [i.value for i in at.info]
    assert not at.text_area  # no editing form
    assert at.radio(key="resp_audience").options == [STRINGS["resp_public"]["ja"]]


@pytest.mark.parametrize("lang, title", [("ko", "의견 처리 결과"), ("en", "Responses")])
def test_the_page_speaks_korean_and_english(make_app, analysed_db, lang, title):
    at = open_page(make_app(analysed_db, lang=lang))
    assert at.title[0].value == title
