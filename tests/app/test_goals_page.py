"""The vision goals page: staff upload the sample goals and confirm or reject answers; the committee
sees the views without editing controls; indicators show on the goal page and the district profile."""
from __future__ import annotations

import shutil

import pytest

from listening.auth.access import LOCAL_STAFF
from listening.auth.users import set_user
from listening.store import Store
from listening.workspace import Workspace
from tests.app.conftest import ROOT
from ui.i18n import STRINGS

GOALS_CSV = (ROOT / "sample_data" / "goals_ja.csv").read_bytes()
INDICATORS_CSV = ("目標ID,地区,年度,指標,値,単位\r\nakiya,中央,2024,空き家数,312,戸\r\n"
                  "akiya,港,2024,空き家数,95,戸\r\nkosodate,,2024,待機児童数,18,人\r\n").encode("utf-8")


def goals_copy(at) -> str:
    """The store the app under test writes to (make_app's copy)."""
    import os

    return os.environ["LISTENING_DB"]


def s(key: str) -> str:
    return STRINGS[key]["ja"]


@pytest.fixture(scope="module")
def goals_db(analysed_db, tmp_path_factory):
    """The analysed sample with the sample goals and a few indicator values already saved by staff."""
    path = tmp_path_factory.mktemp("goals") / "goals.db"
    shutil.copy(analysed_db, path)
    with Store(path) as store:
        ws = Workspace(store, LOCAL_STAFF)
        dataset = int(store.list_datasets()["id"].iloc[0])
        ws.import_goals(dataset, GOALS_CSV, "goals_ja.csv")
        ws.upload_indicators(dataset, INDICATORS_CSV, "指標.csv")
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def open_goals(at):
    at.run()
    at.switch_page("pages/goals.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table(at, key: str):
    """A selectable table, found by its key."""
    return next(d.value for d in at.dataframe if d.key == key)


def tables(at, *columns: str) -> list:
    """Plain tables (AppTest gives them no key), found by their column titles, in page order."""
    return [d.value for d in at.dataframe if d.key is None and set(columns) <= set(map(str, d.value.columns))]


def test_staff_upload_the_sample_goals_and_see_coverage_and_unheard_goals(sample_app):
    at = open_goals(sample_app)
    assert [i.value for i in at.info] == [s("goals_none_staff")]
    at.file_uploader(key="goals_upload_0").set_value(("goals_ja.csv", GOALS_CSV, "text/csv")).run()
    assert not at.exception and not at.error
    assert at.success[0].value == STRINGS["goals_saved_file"]["ja"].format(file="goals\\_ja\\.csv")
    coverage, quiet = tables(at, s("goals_goal"), s("goals_answers"), s("goals_keyword_answers"))[:2]
    counts = dict(zip(coverage[s("goals_goal")].str.strip("　"), coverage[s("goals_answers")]))
    n_answers = int(next(m.value for m in at.metric if m.label == s("answers")).replace(",", ""))
    assert counts[s("goals_total")] == n_answers
    assert counts["空き家の活用と安全な住環境"] > 100
    assert any(el.type == "vega_lite_chart" for el in at.main)
    assert quiet[s("goals_goal")].str.strip("　").tolist() == ["脱炭素とエネルギーの地産地消"]
    # The goal file comes back as it went in.
    assert at.get("download_button")[0].proto.label == s("goals_download_csv")

    at.selectbox(key="goals_by").set_value("校区").run()
    assert not at.exception
    by_district = tables(at, "中央", "港")[0]
    assert "中央" in by_district.columns
    vacant = by_district.loc["　空き家の活用と安全な住環境"]
    assert vacant["中央"] > vacant["港"]  # 中央 is where the sample's vacant houses are


def test_staff_confirm_and_reject_suggested_answers(make_app, goals_db):
    at = open_goals(make_app(goals_db))
    at.selectbox(key="goals_pick").set_value("akiya").run()
    key = "goals_suggestions_akiya_0"
    first = table(at, key)
    text = first[s("text")].iloc[0]
    at.session_state[key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    at.button(key="goals_rejected_go").click().run()
    assert not at.exception and not at.error
    assert "空き家の活用と安全な住環境" in at.success[0].value
    after = table(at, "goals_suggestions_akiya_1")
    rejected = after[after[s("text")] == text]
    assert rejected[s("goals_state")].tolist() == [s("goals_state_rejected")]
    assert rejected[s("goals_assigned")].tolist() == [False]

    # Confirm another text: its score becomes 1, and the decision covers every answer with that text.
    row = int(after.index[after[s("goals_state")] == ""][0])
    text, same = after[s("text")].iloc[row], int(after[s("goals_same_text")].iloc[row])
    at.session_state["goals_suggestions_akiya_1"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    at.button(key="goals_confirmed_go").click().run()
    assert not at.exception
    confirmed = table(at, "goals_suggestions_akiya_2")
    row = confirmed[confirmed[s("text")] == text]
    assert row[s("goals_state")].tolist() == [s("goals_state_confirmed")]
    assert row[s("goals_assigned")].tolist() == [True] and row[s("goals_score")].tolist() == [1.0]
    with Store(goals_copy(at)) as store:
        decisions = store.goal_confirmations(int(store.list_datasets()["id"].iloc[0]))
        log = store.audit_log()
    assert (decisions["state"] == "confirmed").sum() == same
    assert log["action"].tolist().count("goal_decision") == 2


def test_committee_sees_the_views_but_no_editing_controls(make_app, goals_db, tmp_path, monkeypatch):
    path = tmp_path / "users.toml"
    set_user("委員", "committee", "committee-password-1", path)
    monkeypatch.setenv("LISTENING_USERS", str(path))
    at = make_app(goals_db)
    at.run()
    at.text_input(key="login_name").set_value("委員")
    at.text_input(key="login_password").set_value("committee-password-1")
    at.button[0].click().run()
    open_goals(at)
    assert len(tables(at, s("goals_goal"), s("goals_answers"), s("goals_keyword_answers"))) == 2  # coverage, unheard
    assert len(tables(at, s("text"), s("goals_state"), s("goals_score"))) == 1  # suggestions, not selectable
    keys = {w.key for w in at.button} | {w.key for w in at.get("file_uploader")}
    assert not {k for k in keys if k and ("upload" in k or k.endswith("_go") or k == "goals_save_table")}
    assert not [e for e in at.main if e.type == "data_editor"]
    indicators = tables(at, s("goals_indicator"), s("goals_city_share"))[0]
    assert indicators[s("goals_indicator")].tolist() == ["空き家数", "空き家数", "待機児童数"]


def test_indicators_show_beside_the_district_profile(make_app, goals_db):
    at = make_app(goals_db)
    at.run()
    at.switch_page("pages/district.py").run()
    at.selectbox(key="district_value_校区").set_value("中央").run()
    assert not at.exception
    rows = tables(at, s("goals_indicator"), s("goals_city_share"))[0]
    assert rows[s("goals_indicator")].tolist() == ["空き家数", "待機児童数"]
    chuo, city = rows[s("goals_opinion_share")].iloc[0], rows[s("goals_city_share")].iloc[0]
    assert chuo > city  # 中央 speaks about vacant houses more than the city does


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_page_renders_in_every_language(make_app, goals_db, lang):
    at = open_goals(make_app(goals_db, lang=lang))
    assert not at.error
    assert at.title[0].value == STRINGS["nav_goals"][lang]


def test_an_empty_store_shows_the_shared_empty_state(make_app):
    at = open_goals(make_app())
    assert [i.value for i in at.info] == [s("no_dataset")]
