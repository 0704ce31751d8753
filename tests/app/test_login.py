"""Sign-in with the local users file: wrong passwords fail, each role sees only its pages."""
from __future__ import annotations

import pytest

from listening.auth.users import set_user
from ui.i18n import STRINGS

STAFF_ONLY = {"data", "curate", "privacy", "audit"}


@pytest.fixture()
def users(tmp_path, monkeypatch):
    path = tmp_path / "users.toml"
    set_user("職員", "staff", "staff-password-1", path)
    set_user("委員", "committee", "committee-password-1", path)
    monkeypatch.setenv("LISTENING_USERS", str(path))
    return path


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
    for page in STAFF_ONLY:
        # Not in the navigation: there is no such page for this session at all.
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"pages/{page}.py")
    at.switch_page("pages/export.py").run()
    assert not at.exception
    assert at.radio(key="export_audience").options == [STRINGS["export_public"]["ja"]]


def test_staff_sign_in_reaches_the_audit_log(make_app, analysed_db, users):
    at = sign_in(make_app(analysed_db), "職員", "staff-password-1")
    at.switch_page("pages/privacy.py").run()
    assert not at.exception
    at.switch_page("pages/audit.py").run()
    assert not at.exception
    log = next(d.value for d in at.dataframe if "操作" in d.value.columns)
    assert "view_personal_data" in log["操作"].tolist() and "職員" in log["誰が"].tolist()


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


def test_oidc_mode_offers_only_the_identity_provider_never_a_password(make_app, analysed_db, users):
    # An [auth] section (OIDC): even entries with a password cannot use it, and nothing is shown.
    at = make_app(analysed_db)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "c", "client_secret": "s",
                          "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert not at.text_input  # no name or password field at all
    assert [b.key for b in at.button] == ["login_oidc"]
    assert not [el for el in at.main if el.type == "vega_lite_chart"]
