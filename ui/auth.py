"""Sign-in: Streamlit's OIDC login where configured, the local users file otherwise, else local mode.

- ``.streamlit/secrets.toml`` with an ``[auth]`` section: ``st.login()`` against the
  city's identity provider; the role comes from the users file (identity = email),
  committee when the person is not listed (least privilege).
- a users file (``python -m listening user add``): name + password form.
- neither: the single local staff user; the sidebar says so on every page and the
  server binds to 127.0.0.1 (.streamlit/config.toml).
"""
from __future__ import annotations

import time

import streamlit as st

from listening.auth import LOCAL_STAFF, User, authenticate, read_users, role_of
from ui.i18n import t

_USER = "_signed_in_user"
_FAILS = "_login_failures"


def mode() -> str:
    """oidc, password or local."""
    try:
        if "auth" in st.secrets:
            return "oidc"
    except Exception:  # noqa: BLE001 - no secrets file at all
        pass
    try:
        return "password" if read_users() else "local"
    except ValueError:
        return "password"  # a broken users file must not fall back to open access


LOCAL_ADDRESSES = {"127.0.0.1", "localhost", "::1"}


def served_locally() -> bool:
    """Whether the server only listens on this machine (the only safe way to run without login)."""
    return str(st.get_option("server.address") or "").strip() in LOCAL_ADDRESSES


def current_user() -> User | None:
    how = mode()
    if how == "local":
        if not served_locally():
            # Anyone on the network would be staff: refuse instead of serving residents' words.
            st.error(t("login_needed_on_network"))
            st.stop()
        return LOCAL_STAFF
    if how == "oidc":
        if not st.user.get("is_logged_in", False):
            return None
        identity = str(st.user.get("email") or st.user.get("sub") or "")
        return User(identity, role_of(identity), "oidc") if identity else None
    return st.session_state.get(_USER)


def sign_in_form() -> None:
    """The login screen; stops the script until someone signs in."""
    st.title("listening")
    if mode() == "oidc":
        st.button(t("login_oidc"), type="primary", on_click=st.login, key="login_oidc")
        st.stop()
    try:
        read_users()
    except ValueError as err:
        st.error(t("login_users_broken", error=str(err)))
        st.stop()
    with st.form("login"):
        name = st.text_input(t("login_name"), key="login_name")
        password = st.text_input(t("login_password"), type="password", key="login_password")
        if st.form_submit_button(t("login_go"), type="primary"):
            fails = st.session_state.get(_FAILS, 0)
            time.sleep(min(0.5 * fails, 5.0))  # slows guessing; scrypt already costs ~50 ms
            user = authenticate(name.strip(), password)
            if user is None:
                st.session_state[_FAILS] = fails + 1
                st.error(t("login_failed"))
            else:
                st.session_state.pop(_FAILS, None)
                st.session_state[_USER] = user
                st.rerun()
    st.stop()


def sign_out() -> None:
    if mode() == "oidc":
        st.logout()
    st.session_state.pop(_USER, None)
