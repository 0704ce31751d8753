"""Sign-in: Streamlit's OIDC login where configured, the local users file otherwise, else local mode.

- ``.streamlit/secrets.toml`` with an ``[auth]`` section: ``st.login()`` against the
  city's identity provider; the role comes from the users file (identity = verified
  email), committee when the person is not listed (least privilege). A weak
  ``cookie_secret`` is refused rather than used.
- a users file (``python -m listening user add``): name + password form, throttled per
  name and per address in the store (``listening.auth.throttle``). A successful sign-in
  is remembered by a signed, expiring token in a cookie (``listening.auth.sessions``):
  a reload or an opened link stays signed in for 8 hours; signing out revokes it.
- neither: the single local staff user; the sidebar says so on every page, the server
  binds to 127.0.0.1 (.streamlit/config.toml) and only this machine's own names are
  answered (``listening.auth.hosts``: no DNS rebinding from a web page).

The cookie: Streamlit has no API to set one, so a small script (``st.html`` with
JavaScript, no iframe) writes it on the app's own origin; the server reads it back from
the WebSocket handshake (``st.context.cookies``) when a new session starts. It is not
HttpOnly (script-written), so it is bound by ``SameSite=Strict`` and, more importantly,
is worthless without the store's record: sign-out and ``user passwd`` revoke it.
"""
from __future__ import annotations

import math
import re
import time
from typing import TYPE_CHECKING

import streamlit as st

from listening.auth import (LOCAL_STAFF, User, expires_in, is_local_host, is_weak_secret, oidc_identity,
                            read_users, role_of, users_path)
from ui.i18n import current, t

if TYPE_CHECKING:
    from listening.workspace import SignInGate

_USER = "_signed_in_user"
_TOKEN = "_sign_in_token"
_REVOKED = "_sign_in_revoked"  # the token this tab signed out with: ignore it, clear it from the browser
COOKIE = "listening_sign_in"
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_.\-]+")


def mode() -> str:
    """oidc, password or local."""
    try:
        if "auth" in st.secrets:
            return "oidc"
    except Exception:  # noqa: BLE001 - no secrets file at all
        pass
    try:
        # A users file that exists but lists nobody still means "sign-in required": removing the
        # last user must not open the app.
        return "password" if read_users() or users_path().exists() else "local"
    except ValueError:
        return "password"  # a broken users file must not fall back to open access


LOCAL_ADDRESSES = {"127.0.0.1", "localhost", "::1"}


def served_locally() -> bool:
    """Whether the server only listens on this machine (the only safe way to run without login)."""
    return str(st.get_option("server.address") or "").strip() in LOCAL_ADDRESSES


def opened_by_local_name() -> bool:
    """Whether the browser asked for this machine by its own name (Host header), not for a
    name that merely resolves to 127.0.0.1. True where no browser is behind the run (AppTest)."""
    headers = st.context.headers
    if len(headers) == 0:
        return True
    return is_local_host(headers.get("host"))


def current_user() -> User | None:
    how = mode()
    if how == "local":
        if not served_locally():
            # Anyone on the network would be staff: refuse instead of serving residents' words.
            st.error(t("login_needed_on_network"))
            st.stop()
        if not opened_by_local_name():
            st.error(t("host_refused"))  # never echo the Host header: it is the attacker's text
            st.stop()
        return LOCAL_STAFF
    if how == "oidc":
        _refuse_weak_cookie_secret()
        if not st.user.get("is_logged_in", False):
            return None
        identity = oidc_identity(st.user)
        return User(identity, role_of(identity), "oidc") if identity else None
    return _password_user()


def _gate() -> SignInGate:
    # Imported here, not at the top: serve.py's host check imports this module for ``mode`` on the
    # server's event loop, and the workspace (the whole pipeline) takes seconds to import.
    from ui import state

    return state.sign_in_gate()


def _password_user() -> User | None:
    """The user of this tab: its own token, else the cookie the browser opened it with.

    Checked on every run, so a sign-out in another tab, a password reset or a removed
    user ends this tab's sign-in too.
    """
    token = st.session_state.get(_TOKEN)
    if token is None and _USER in st.session_state:
        return st.session_state[_USER]  # signed in here, but no token could be made: this tab only
    if token is None:
        token = _cookie()
        if token is not None and token == st.session_state.get(_REVOKED):
            token = None
    user = _gate().resume(token) if token else None
    if user is None:
        st.session_state.pop(_TOKEN, None)
        st.session_state.pop(_USER, None)
        return None
    st.session_state[_USER] = user
    st.session_state[_TOKEN] = token
    return user


def _refuse_weak_cookie_secret() -> None:
    try:
        secret = st.secrets["auth"].get("cookie_secret")
    except Exception:  # noqa: BLE001 - no [auth] section after all
        return
    if is_weak_secret(secret):
        st.error(t("login_weak_cookie_secret"))
        st.stop()


def _address() -> str | None:
    """The client's address for the throttle (None on this machine)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None  # AppTest has a stand-in client


def _cookie() -> str | None:
    """The sign-in cookie the browser opened this session with."""
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) else None


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
    _forget_in_browser()
    with st.form("login"):
        name = st.text_input(t("login_name"), key="login_name")
        password = st.text_input(t("login_password"), type="password", key="login_password")
        if st.form_submit_button(t("login_go"), type="primary"):
            _try_sign_in(name.strip(), password)
    st.stop()


def _try_sign_in(name: str, password: str) -> None:
    from listening.messages import describe_error
    from listening.workspace import StoreBusy

    try:
        result = _gate().sign_in(name, password, _address())
    except StoreBusy as busy:
        st.warning(describe_error(busy, current()), icon=":material/hourglass_top:")
        return
    if result.status == "ok":
        st.session_state[_USER] = result.user
        if result.token:
            st.session_state[_TOKEN] = result.token
        st.rerun()
    elif result.status == "locked":
        minutes = max(1, math.ceil((result.until - time.time()) / 60))
        st.error(t(f"login_locked_{result.scope}", minutes=minutes))
    else:
        st.error(t("login_failed"))


def remember_sign_in() -> None:
    """Keep this tab's sign-in in the browser (cookie), so a reload or an opened link stays signed in.

    Drawn on every run while signed in with a token (the same script each time; writing the
    cookie again changes nothing).
    """
    token = st.session_state.get(_TOKEN)
    if mode() != "password" or not token or not _TOKEN_CHARS.fullmatch(token):
        return
    _cookie_script(f'"{COOKIE}={token}; Max-Age={expires_in(token)}; Path=/; SameSite=Strict"')


def _forget_in_browser() -> None:
    """On the sign-in screen: remove a cookie that no longer holds (signed out, expired, revoked),
    but only if it still is that value (another tab may have signed in again since)."""
    stale = st.session_state.get(_REVOKED) or _cookie()
    if not stale or not _TOKEN_CHARS.fullmatch(stale):
        return
    _cookie_script(f'"{COOKIE}=; Max-Age=0; Path=/; SameSite=Strict"', only_if=f"{COOKIE}={stale}")


def _cookie_script(cookie_js: str, only_if: str | None = None) -> None:
    secure = '(location.protocol === "https:" ? "; Secure" : "")'
    write = f"document.cookie = {cookie_js} + {secure};"
    if only_if:
        write = f'if (document.cookie.split("; ").indexOf("{only_if}") >= 0) {{ {write} }}'
    st.html(f"<script>{write}</script>", unsafe_allow_javascript=True, width="content")


def sign_out() -> None:
    if mode() == "oidc":
        st.logout()
    user, token = st.session_state.pop(_USER, None), st.session_state.pop(_TOKEN, None)
    if mode() == "password" and user is not None:
        from listening.workspace import StoreBusy

        try:
            _gate().sign_out(user, token)
        except StoreBusy:
            pass  # the token still expires; this tab is signed out either way
        if token:
            st.session_state[_REVOKED] = token
