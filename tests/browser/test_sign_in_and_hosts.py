"""Real servers (`streamlit run`) and a real browser: local mode refuses foreign Host names (DNS
rebinding) at the server and in the page, and a password sign-in survives reloads and opened links
until signing out ends it."""
from __future__ import annotations

import base64
import os
import shutil
import socket
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from listening.analysis.pipeline import ColumnChoice
from listening.auth import LOCAL_STAFF, set_user
from listening.store import Store
from listening.workspace import Workspace
from tests.browser.conftest import streamlit_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (make test installs it)")
# A dataset name stands for "the app's data": the sidebar shows it to whoever the app serves.
DATASET = "秘密の調査2025"
EVIL = "evil.example"


@contextmanager
def streamlit(script: str, tmp_path: Path, users: Path | None = None):
    """``streamlit run SCRIPT`` with its own store holding DATASET; yields the port."""
    db = tmp_path / "store" / "listening.db"
    if not db.exists():
        with Store(db) as store:
            Workspace(store, LOCAL_STAFF).import_file(DATASET, "id,意見\n1,公園がほしい\n2,バスを増やして\n".encode(),
                                                      "a.csv", ColumnChoice(text=("意見",)))
    with streamlit_server(script, tmp_path / f"{script}.log", LISTENING_DB=str(db),
                          LISTENING_USERS=str(users or tmp_path / "no-users.toml")) as port:
        yield port


def http_status(port: int, host: str, path: str = "/") -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    try:
        return urllib.request.urlopen(request, timeout=10).status
    except urllib.error.HTTPError as err:
        return err.code


def websocket_handshake(port: int, host: str) -> bytes:
    """The status line the server answers a browser's WebSocket upgrade for ``host`` with."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall((f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: http://{host}\r\n"
                   f"Sec-WebSocket-Protocol: streamlit\r\n\r\n").encode())
        return s.recv(200).split(b"\r\n")[0]


def test_the_server_refuses_foreign_host_names_for_pages_and_websockets(tmp_path):
    with streamlit("serve.py", tmp_path) as port:
        for path in ("/", "/privacy", "/_stcore/health", "/_stcore/host-config", "/media/x.csv"):
            assert http_status(port, f"{EVIL}:{port}", path) == 403, path
        assert websocket_handshake(port, f"{EVIL}:{port}") == b"HTTP/1.1 403 Forbidden"
        assert websocket_handshake(port, f"{EVIL}") == b"HTTP/1.1 403 Forbidden"
        for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
            assert http_status(port, host) == 200
            assert websocket_handshake(port, host) == b"HTTP/1.1 101 Switching Protocols"


def test_with_a_users_file_the_server_answers_any_name(tmp_path):
    users = tmp_path / "users.toml"
    set_user("田中", "staff", "長いパスワード1234", users)
    with streamlit("serve.py", tmp_path, users) as port:
        assert http_status(port, f"listening.city.example:{port}") == 200


def _browser(p):
    # The attacker's name resolves to this machine, as DNS rebinding makes it do.
    return p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        f"--host-resolver-rules=MAP {EVIL} 127.0.0.1"])


def _shown(page) -> str:
    """The page's text and markup (a picked dataset sits in an input's value, not in the text)."""
    return page.inner_text("body") + page.content()


def _wait_for_text(page, *texts: str, timeout_s: float = 120) -> str:
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        shown = _shown(page)
        if any(t in shown for t in texts):
            return shown
        page.wait_for_timeout(500)
    return _shown(page)


@needs_chromium
@pytest.mark.parametrize("script", ["serve.py", "app.py"])
def test_a_page_under_a_foreign_name_shows_none_of_the_apps_data(tmp_path, script):
    """`streamlit run serve.py` refuses at the server; plain `streamlit run app.py` in the page."""
    from playwright.sync_api import sync_playwright

    with streamlit(script, tmp_path) as port, sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            local = _wait_for_text(page, DATASET)
            page = browser.new_page()
            response = page.goto(f"http://{EVIL}:{port}/")
            foreign = _wait_for_text(page, "このアドレスでは開けません", "This address cannot open the app")
            page.wait_for_timeout(2000)  # anything the session would still send
            foreign = _shown(page)
        finally:
            browser.close()
    assert DATASET in local  # the same browser sees the data under the machine's own name
    assert DATASET not in foreign and "公園がほしい" not in foreign
    if script == "serve.py":
        assert response.status == 403
    else:
        assert "このアドレスでは開けません" in foreign


@needs_chromium
def test_a_sign_in_survives_a_reload_and_an_opened_link_until_sign_out(tmp_path):
    from playwright.sync_api import sync_playwright

    users = tmp_path / "users.toml"
    set_user("田中", "staff", "長いパスワード1234", users)
    signed_in = "ログイン中：田中"
    with streamlit("serve.py", tmp_path, users) as port, sync_playwright() as p:
        browser = _browser(p)
        try:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            page.get_by_label("ユーザー名").fill("田中", timeout=120_000)
            page.get_by_label("パスワード").fill("長いパスワード1234")
            page.get_by_role("button", name="ログイン").click()
            first = _wait_for_text(page, signed_in)
            page.wait_for_timeout(1000)
            cookie = next(c for c in context.cookies() if c["name"] == "listening_sign_in")

            page.reload()
            after_reload = _wait_for_text(page, DATASET, "ユーザー名")
            link = context.new_page()  # a link opened in a new tab
            link.goto(f"http://127.0.0.1:{port}/crosstabs")
            in_new_tab = _wait_for_text(link, signed_in, "ユーザー名")
            link.close()

            page.get_by_role("button", name="ログアウト").click()
            _wait_for_text(page, "ログイン")
            page.wait_for_timeout(1000)
            cookies_after = [c["name"] for c in context.cookies()]
            page.reload()
            after_sign_out = _wait_for_text(page, "ユーザー名")

            replay = browser.new_context()  # someone who copied the cookie before the sign-out
            replay.add_cookies([cookie])
            stolen = replay.new_page()
            stolen.goto(f"http://127.0.0.1:{port}/")
            with_copy = _wait_for_text(stolen, "ユーザー名", signed_in)
        finally:
            browser.close()
    assert signed_in in first
    assert cookie["sameSite"] == "Strict" and cookie["expires"] - time.time() > 7 * 3600
    assert signed_in in after_reload and DATASET in after_reload
    assert signed_in in in_new_tab
    assert "listening_sign_in" not in cookies_after
    assert signed_in not in after_sign_out
    assert signed_in not in with_copy and DATASET not in with_copy
    with Store(tmp_path / "store" / "listening.db") as store:
        actions = store.audit_log()["action"].tolist()
    assert actions.count("sign_in") == 1 and "sign_out" in actions

