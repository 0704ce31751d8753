"""Passwords staff choose: trivial ones are refused; `user passwd` and `user unlock` for the administrator;
the command line's audit entries name the real OS account and machine."""
from __future__ import annotations

import io
import os
import pwd
import socket

import pytest

from listening.auth import authenticate, check_password, read_users, set_user, sign_in
from listening.cli import main
from listening.cli.admin import cli_user
from listening.store import Store


@pytest.mark.parametrize("password", [
    "aaaaaaaaaa", "1234567890", "0987654321", "password123", "Password2024!", "passw0rd!!!", "qwerty12345",
    "qwertyuiop", "abcdefghijkl", "ababababab", "パスワード12345", "비밀번호12345678", "tanaka2024!!", "short",
])
def test_trivial_passwords_are_refused(password):
    with pytest.raises(ValueError, match="password"):
        check_password("tanaka", password)


@pytest.mark.parametrize("password", ["長いパスワード1234", "staff-password-1", "correct horse battery", "夏の海と7つの白い灯台"])
def test_ordinary_long_passwords_are_accepted(password):
    check_password("tanaka", password)


def test_user_add_refuses_a_trivial_password_and_writes_nothing(tmp_path, monkeypatch, capsys):
    users = tmp_path / "users.toml"
    monkeypatch.setenv("LISTENING_DB", str(tmp_path / "s.db"))
    monkeypatch.setattr("sys.stdin", io.StringIO("1234567890\n"))
    assert main(["user", "add", "tanaka", "--role", "staff", "--password-stdin", "--file", str(users)]) == 2
    assert "choose another password" in capsys.readouterr().err
    assert read_users(users) == {}


def test_passwd_sets_a_new_password_keeps_the_role_and_lifts_a_lock(tmp_path, monkeypatch):
    users, db = tmp_path / "users.toml", tmp_path / "s.db"
    set_user("田中", "staff", "長いパスワード1234", users)
    with Store(db) as store:
        for _ in range(5):
            sign_in(store, "田中", "wrong password!", None, users)
        assert sign_in(store, "田中", "長いパスワード1234", None, users).status == "locked"
    monkeypatch.setattr("sys.stdin", io.StringIO("新しい長いパスワード\n"))
    assert main(["user", "passwd", "田中", "--password-stdin", "--file", str(users), "--db", str(db)]) == 0
    assert authenticate("田中", "長いパスワード1234", users) is None
    assert authenticate("田中", "新しい長いパスワード", users).role == "staff"
    with Store(db) as store:
        assert sign_in(store, "田中", "新しい長いパスワード", None, users).status == "ok"
        entry = store.audit_log().query("action == 'user_passwd'").iloc[0]
    assert entry["detail"]["target"] == "田中" and entry["user"] == cli_user().name


def test_passwd_prompts_twice_without_echo_and_refuses_a_mismatch(tmp_path, monkeypatch, capsys):
    users = tmp_path / "users.toml"
    set_user("田中", "staff", "長いパスワード1234", users)
    answers = iter(["新しい長いパスワード", "違うパスワードです"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["user", "passwd", "田中", "--file", str(users), "--db", str(tmp_path / "s.db")]) == 2
    assert "differ" in capsys.readouterr().err
    assert authenticate("田中", "長いパスワード1234", users) is not None


def test_passwd_for_an_unknown_user_changes_nothing(tmp_path, monkeypatch, capsys):
    users = tmp_path / "users.toml"
    set_user("田中", "staff", "長いパスワード1234", users)
    monkeypatch.setattr("sys.stdin", io.StringIO("新しい長いパスワード\n"))
    assert main(["user", "passwd", "佐藤", "--password-stdin", "--file", str(users), "--db", str(tmp_path / "s.db")]) == 2
    assert "no user named" in capsys.readouterr().err and list(read_users(users)) == ["田中"]


def test_unlock_lifts_a_lock_and_is_logged(tmp_path):
    users, db = tmp_path / "users.toml", tmp_path / "s.db"
    set_user("田中", "staff", "長いパスワード1234", users)
    with Store(db) as store:
        for _ in range(5):
            sign_in(store, "田中", "wrong password!", None, users)
    assert main(["user", "unlock", "田中", "--file", str(users), "--db", str(db)]) == 0
    with Store(db) as store:
        assert sign_in(store, "田中", "長いパスワード1234", None, users).status == "ok"
        assert "user_unlock" in store.audit_log()["action"].tolist()


def test_the_cli_names_the_process_account_and_machine_not_what_the_environment_claims(monkeypatch):
    monkeypatch.setenv("LOGNAME", "mayor")
    monkeypatch.setenv("USER", "mayor")
    monkeypatch.setenv("USERNAME", "mayor")
    user = cli_user()
    account = pwd.getpwuid(os.getuid()).pw_name
    assert user.name == f"{account}@{socket.gethostname()} (cli)" and user.role == "staff"
    assert "mayor" not in user.name or account == "mayor"


def test_only_staff_change_users_and_a_committee_try_is_logged_and_changes_nothing(tmp_path):
    from listening.auth import AccessDenied, User
    from listening.workspace import open_workspace

    users = tmp_path / "users.toml"
    set_user("委員", "committee", "committee-password-1", users)
    with open_workspace(tmp_path / "s.db", User("委員", "committee", "password")) as ws:
        for change in (lambda: ws.add_user("new", "staff", "staff-password-1", users),
                       lambda: ws.change_password("委員", "another-password-2", users),
                       lambda: ws.remove_user("委員", users), lambda: ws.unlock_user("委員")):
            with pytest.raises(AccessDenied):
                change()
    assert list(read_users(users)) == ["委員"] and authenticate("委員", "committee-password-1", users)
    with Store(tmp_path / "s.db") as store:
        assert store.audit_log()["action"].tolist() == ["denied"] * 4
