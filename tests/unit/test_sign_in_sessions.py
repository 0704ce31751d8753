"""A remembered sign-in: a signed, expiring token that the store issued and nobody revoked."""
from __future__ import annotations

import io
import os
import stat
import time

import pytest

from listening.auth import SESSION_S, User, resume, sign_in, sign_out
from listening.auth import sessions
from listening.auth.users import set_user
from listening.cli import main
from listening.store import Store
from tests.unit.conftest import STAFF_PASSWORD as PASSWORD

T0 = 1_800_000_000.0


@pytest.fixture()
def store(sign_in_store):
    return sign_in_store


def signed_in(store, users_file, name="田中", password=PASSWORD, now=T0):
    result = sign_in(store, name, password, None, users_file, now=now)
    assert result.status == "ok" and result.token
    return result.token


def test_a_token_brings_the_user_back_in_a_new_session_until_it_expires(store, users_file):
    token = signed_in(store, users_file)
    assert resume(store, token, users_file, now=T0 + 60) == User("田中", "staff", "password")
    assert resume(store, token, users_file, now=T0 + SESSION_S - 1) is not None
    assert resume(store, token, users_file, now=T0 + SESSION_S + 1) is None


def test_a_token_survives_a_restart_of_the_app(tmp_path, users_file):
    with Store(tmp_path / "s.db") as first:
        token = signed_in(first, users_file)
    with Store(tmp_path / "s.db") as restarted:
        assert resume(restarted, token, users_file, now=T0 + 60).name == "田中"


def test_sign_out_revokes_the_token_so_a_copy_of_the_cookie_is_useless(store, users_file):
    token = signed_in(store, users_file)
    other_tab = signed_in(store, users_file, now=T0 + 1)
    sign_out(store, User("田中", "staff", "password"), token, now=T0 + 10)
    assert resume(store, token, users_file, now=T0 + 11) is None
    assert resume(store, other_tab, users_file, now=T0 + 11) is not None  # another sign-in is its own
    assert store.audit_log()["action"].tolist()[-1] == "sign_out"


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"),  # signature
    lambda t: t.split(".")[0] + "." + str(int(t.split(".")[1]) + 86400) + "." + t.split(".")[2],  # expiry
    lambda t: "A" + t[1:],  # session id
    lambda t: t.replace(".", ""),
    lambda t: "",
    lambda t: "x.y.z",
])
def test_a_tampered_token_is_refused(store, users_file, tamper):
    token = signed_in(store, users_file)
    assert resume(store, tamper(token), users_file, now=T0 + 60) is None


def test_a_well_signed_token_the_store_never_issued_is_refused(store, users_file):
    # Someone with the key but not the store (or an old copy) cannot mint a sign-in.
    key = sessions.server_secret(store.path)
    expires = int(T0 + 3600)
    forged = f"madeup.{expires}.{sessions._sign(key, 'madeup', expires)}"
    assert resume(store, forged, users_file, now=T0) is None


def test_the_role_comes_from_the_users_file_at_every_check(store, users_file):
    token = signed_in(store, users_file)
    set_user("田中", "committee", None, users_file)  # demoted: the password stays
    assert resume(store, token, users_file, now=T0 + 60).role == "committee"
    users_file.write_text("", encoding="utf-8")  # nobody left
    assert resume(store, token, users_file, now=T0 + 60) is None


def test_the_signing_key_is_random_private_and_made_once(tmp_path, store, users_file):
    signed_in(store, users_file)
    key_file = sessions.secret_path(store.path)
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    first = key_file.read_text()
    signed_in(store, users_file, now=T0 + 1)
    assert key_file.read_text() == first
    with Store(tmp_path / "other" / "s.db") as other:
        signed_in(other, users_file)
        assert sessions.secret_path(other.path).read_text() != first  # never a shared default


def test_a_token_from_another_installation_is_refused(tmp_path, store, users_file):
    with Store(tmp_path / "other" / "s.db") as other:
        token = signed_in(other, users_file)
    assert resume(store, token, users_file, now=T0 + 60) is None


def test_without_a_usable_key_sign_in_still_works_but_nothing_is_remembered(tmp_path, users_file):
    with Store(tmp_path / "s.db") as store:
        sessions.secret_path(store.path).mkdir()  # the key's place is taken: it cannot be made or read
        result = sign_in(store, "田中", PASSWORD, None, users_file, now=T0)
    assert result.status == "ok" and result.user.name == "田中" and result.token is None


def test_passwd_and_remove_end_every_sign_in_of_the_user(tmp_path, store, users_file, monkeypatch):
    now = time.time()  # the command line revokes as of the real clock
    token = signed_in(store, users_file, now=now)
    committee = signed_in(store, users_file, "委員", "committee-password-1", now=now)
    monkeypatch.setattr("sys.stdin", io.StringIO("a new long passphrase\n"))
    assert main(["user", "passwd", "田中", "--password-stdin", "--file", str(users_file), "--db", store.path]) == 0
    assert resume(store, token, users_file) is None
    assert resume(store, committee, users_file) is not None
    assert main(["user", "remove", "委員", "--file", str(users_file), "--db", store.path]) == 0
    assert resume(store, committee, users_file) is None


def test_weak_configured_secrets_are_recognised():
    assert sessions.is_weak_secret("x" * 32) and sessions.is_weak_secret("short") and sessions.is_weak_secret(None)
    assert not sessions.is_weak_secret("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
