"""Sign-in with the local users file: wrong passwords fail, each role sees only its pages."""
from __future__ import annotations

import os
import re

import pytest
from streamlit.testing.v1 import AppTest

from listening.auth.users import set_user
from listening.store import Store
from ui.i18n import STRINGS

from .conftest import ROOT

STAFF_ONLY = {"data", "weighting", "curate", "privacy", "audit"}


@pytest.fixture()
def users(tmp_path, monkeypatch):
    path = tmp_path / "users.toml"
    set_user("職員", "staff", "staff-password-1", path)
    set_user("委員", "committee", "committee-password-1", path)
    monkeypatch.setenv("LISTENING_USERS", str(path))
    return path


@pytest.fixture()
def make_served_app(make_app):
    """make_served_app(db, lang) -> AppTest of app.py as a running server routes every request.

    AppTest starts each run in Streamlit's old pages/-folder mode (it resets that switch per run),
    which runs a switched-to page alone, without app.py, and reruns through app.py only when
    the session was never routed, dropping a form submitted meanwhile. A server leaves that mode
    for good on its first request. Running app.py from a folder without pages/ is that server.
    """
    def factory(db, lang: str = "ja") -> AppTest:
        make_app(db, lang)  # the store copy, the users file setting, fresh caches
        at = AppTest.from_string(f"import runpy\nrunpy.run_path({str(ROOT / 'app.py')!r}, run_name='__main__')\n",
                                 default_timeout=240)
        at.session_state["_ui_language"] = lang
        return at

    return factory


def sign_in(at, name: str, password: str):
    at.run()
    at.text_input(key="login_name").set_value(name)
    at.text_input(key="login_password").set_value(password)
    at.button[0].click().run()
    return at


def test_a_users_file_asks_for_a_password_and_wrong_ones_fail(make_app, analysed_db, users):
    at = make_app(analysed_db)
    at.run()
    assert not at.exception
    assert at.text_input(key="login_password") is not None
    assert not [el for el in at.main if el.type == "vega_lite_chart"]  # nothing shown before sign-in
    sign_in(at, "委員", "wrong password")
    assert at.error[0].value == STRINGS["login_failed"]["ja"]
    assert not [el for el in at.main if el.type == "vega_lite_chart"]


def test_committee_sees_explore_pages_and_only_the_public_export(make_app, analysed_db, users):
    at = sign_in(make_app(analysed_db), "委員", "committee-password-1")
    assert not at.exception
    assert any(el.type == "vega_lite_chart" for el in at.main)  # the map
    assert "委員" in " ".join(c.value for c in at.sidebar.caption)
    at.switch_page("pages/export.py").run()
    assert not at.exception
    assert at.radio(key="export_audience").options == [STRINGS["export_public"]["ja"]]


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_a_staff_page_opened_by_a_committee_member_says_it_is_for_staff(make_served_app, analysed_db, users, lang):
    at = sign_in(make_served_app(analysed_db, lang=lang), "委員", "committee-password-1")
    for page in sorted(STAFF_ONLY):
        at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()  # e.g. a link a staff member shared
        assert not at.exception
        title = STRINGS[f"nav_{page}"][lang]
        assert at.title[0].value == title
        assert [w.value for w in at.warning] == [
            STRINGS["nav_staff_only"][lang].format(page=title, role=STRINGS["role_committee"][lang])]
        # Nothing of the page itself: no upload, no edits, no personal data, no log.
        assert not at.main.file_uploader and not at.main.dataframe and not at.main.button
        assert not [el for el in at.main if el.type == "vega_lite_chart"]


def test_a_deep_link_followed_by_sign_in_lands_on_the_linked_page(make_served_app, analysed_db, users):
    at = make_served_app(analysed_db, lang="ko")
    at.query_params.update({"dataset": "1", "run": "1", "lang": "ko"})
    at.switch_page(str(ROOT / "pages" / "crosstabs.py"))  # the first request is the link's address
    at.run()
    assert at.text_input(key="login_password") is not None  # the sign-in form, nothing of the page yet
    assert STRINGS["nav_crosstabs"]["ko"] not in [title.value for title in at.title]
    at.text_input(key="login_name").set_value("職員")
    at.text_input(key="login_password").set_value("staff-password-1")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == STRINGS["nav_crosstabs"]["ko"]
    assert (at.query_params.get("dataset"), at.query_params.get("run"), at.query_params.get("lang")) == ("1", "1", "ko")


def test_staff_sign_in_reaches_the_audit_log(make_app, analysed_db, users):
    at = sign_in(make_app(analysed_db), "職員", "staff-password-1")
    at.switch_page("pages/privacy.py").run()
    assert not at.exception
    at.switch_page("pages/audit.py").run()
    assert not at.exception
    log = next(d.value for d in at.dataframe if "操作" in d.value.columns)
    assert "個人情報の確認" in log["操作"].tolist() and "職員" in log["誰が"].tolist()  # in words, not a code


def test_without_login_the_app_refuses_to_serve_the_network(make_app, analysed_db):
    from streamlit import config

    at = make_app(analysed_db)
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at.run()
    finally:
        config.set_option("server.address", before)
    assert not at.exception
    assert at.error and at.error[0].value == STRINGS["login_needed_on_network"]["ja"]
    assert not [el for el in at.main if el.type == "vega_lite_chart"]


STRONG_SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def oidc_settings(cookie_secret: str) -> dict:
    return {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": cookie_secret,
            "client_id": "c", "client_secret": "s",
            "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}


@pytest.mark.parametrize("secret", ["x" * 32, "changeme", ""])
def test_oidc_with_a_weak_cookie_secret_refuses_to_start_rather_than_sign_anyone_in(make_app, analysed_db, secret):
    at = make_app(analysed_db)
    at.secrets["auth"] = oidc_settings(secret)
    at.run()
    assert not at.exception
    assert at.error[0].value == STRINGS["login_weak_cookie_secret"]["ja"]
    assert not at.button and not [el for el in at.main if el.type == "vega_lite_chart"]


def test_oidc_mode_offers_only_the_identity_provider_never_a_password(make_app, analysed_db, users):
    # An [auth] section (OIDC): even entries with a password cannot use it, and nothing is shown.
    at = make_app(analysed_db)
    at.secrets["auth"] = oidc_settings(STRONG_SECRET)
    at.run()
    assert not at.exception
    assert not at.text_input  # no name or password field at all
    assert [b.key for b in at.button] == ["login_oidc"]
    assert not [el for el in at.main if el.type == "vega_lite_chart"]


def test_a_users_file_with_nobody_left_still_asks_for_a_sign_in(make_app, analysed_db, tmp_path, monkeypatch):
    # Removing the last user must not turn the app into open local staff mode.
    from listening.auth.users import remove_user

    path = tmp_path / "users.toml"
    set_user("職員", "staff", "staff-password-1", path)
    remove_user("職員", path)
    monkeypatch.setenv("LISTENING_USERS", str(path))
    at = make_app(analysed_db)
    at.run()
    assert not at.exception
    assert at.text_input(key="login_password") is not None
    assert not [el for el in at.main if el.type == "vega_lite_chart"]


def fresh_session(lang: str = "ja"):
    """A new browser session on the same server (same store and users file): no session state."""
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.session_state["_ui_language"] = lang
    return at


def test_five_failures_lock_the_name_for_every_new_session_with_a_clear_message(make_app, analysed_db, users):
    make_app(analysed_db)  # the store and users file this server uses
    errors = []
    for _ in range(5):
        at = sign_in(fresh_session(), "職員", "wrong password")
        errors.append(at.error[0].value)
    assert errors[:4] == [STRINGS["login_failed"]["ja"]] * 4
    locked = STRINGS["login_locked_name"]["ja"].split("約")[0]
    assert errors[4].startswith(locked) and "15" in errors[4]
    # A new session with the right password is refused too, in the reader's language.
    at = sign_in(fresh_session("en"), "職員", "staff-password-1")
    assert not at.exception
    assert at.error[0].value.startswith("Too many failed sign-ins for this user name")
    assert not [el for el in at.main if el.type == "vega_lite_chart"]
    with Store(os.environ["LISTENING_DB"]) as store:
        log = store.audit_log()
    assert log["action"].tolist().count("sign_in_failed") == 5
    assert log.query("action == 'sign_in_locked'")["user"].tolist() == ["職員"]


def test_a_sign_in_gives_the_browser_a_token_that_holds_until_sign_out(make_app, analysed_db, users):
    from listening.auth import resume

    at = sign_in(make_app(analysed_db), "職員", "staff-password-1")
    script = next(el.proto.body for el in at.sidebar.get("html") if "listening_sign_in=" in el.proto.body)
    token = re.search(r"listening_sign_in=([^;]+);", script).group(1)
    assert "SameSite=Strict" in script and 8 * 3600 - 60 <= int(re.search(r"Max-Age=(\d+)", script).group(1)) <= 8 * 3600
    # What a reload brings back: the same person, in a new session.
    with Store(os.environ["LISTENING_DB"]) as store:
        assert resume(store, token) == at.session_state["_signed_in_user"]
    at.sidebar.button(key="logout").click().run()
    assert "_signed_in_user" not in at.session_state
    # AppTest runs the last page alone on later runs (its pages-folder mode): open the router again.
    at.switch_page("app.py").run()
    assert not at.exception
    assert at.text_input(key="login_password") is not None
    with Store(os.environ["LISTENING_DB"]) as store:
        assert resume(store, token) is None
    forget = [el.proto.body for el in at.get("html") if "Max-Age=0" in el.proto.body]
    assert forget and token in forget[0]  # the browser drops the cookie, if it is still that one
