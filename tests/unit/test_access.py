"""Roles are enforced by the library calls, every action is audited, passwords are scrypt hashes."""
from __future__ import annotations

import io
import os
import stat

import pytest

from listening.analysis.pipeline import ColumnChoice
from listening.auth.access import LOCAL_STAFF, AccessDenied, User, can
from listening.auth.users import authenticate, hash_password, read_users, role_of, set_user, verify_password
from listening.cli.main import main
from listening.export import ExportOptions
from listening.store import Store
from listening.workspace import Workspace

CSV = "id,意見,年代\n1,公園がほしい,30代\n2,バスを増やして,40代\n3,連絡は090-1234-5678へ,50代\n".encode("cp932")
COMMITTEE = User("委員A", "committee", "password")


def test_password_hashes_are_salted_scrypt_and_verify_only_the_right_password():
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first.startswith("scrypt$") and first != second  # a fresh salt each time
    assert "correct horse" not in first
    assert verify_password("correct horse", first) and verify_password("correct horse", second)
    assert not verify_password("correct hors", first)
    assert not verify_password("correct horse", "md5$abc")
    assert not verify_password("correct horse", "garbage")


def test_users_file_round_trips_is_private_and_rejects_unknown_roles(tmp_path):
    path = tmp_path / "users.toml"
    set_user("田中", "staff", "長いパスワード1234", path)
    set_user("kim@city.example", "committee", None, path)  # OIDC only
    users = read_users(path)
    assert users["田中"]["role"] == "staff" and users["kim@city.example"] == {"role": "committee"}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert authenticate("田中", "長いパスワード1234", path) == User("田中", "staff", "password")
    assert authenticate("田中", "wrong password!", path) is None
    assert authenticate("kim@city.example", "", path) is None  # no password: no password sign-in
    assert authenticate("nobody", "長いパスワード1234", path) is None
    assert role_of("kim@city.example", path=path) == "committee"
    assert role_of("stranger@city.example", path=path) == "committee"  # least privilege
    with pytest.raises(ValueError, match="at least"):
        set_user("x", "staff", "short", path)
    path.write_text('[users.x]\nrole = "admin"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="role"):
        read_users(path)


def test_committee_may_view_and_take_public_exports_only():
    assert can(COMMITTEE, "view") and can(COMMITTEE, "export_public")
    for permission in ("upload", "analyze", "curate", "delete", "review_personal_data", "redact",
                       "export_internal", "audit"):
        assert not can(COMMITTEE, permission)
        assert can(LOCAL_STAFF, permission)
    with pytest.raises(KeyError):
        can(COMMITTEE, "fly")


def test_the_library_refuses_committee_members_and_logs_the_attempt(tmp_path):
    with Store(tmp_path / "s.db") as store:
        staff = Workspace(store, User("職員B", "staff", "password"))
        imported = staff.import_file("d", CSV, "a.csv", ColumnChoice(text=("意見",), id="id", attributes=("年代",)))
        committee = Workspace(store, COMMITTEE)
        attempts = [
            lambda: committee.import_file("d", CSV, "b.csv", ColumnChoice(text=("意見",))),
            lambda: committee.findings(imported.dataset_id),
            lambda: committee.dropped_rows(imported.dataset_id),
            lambda: committee.add_redaction(imported.dataset_id, "公園"),
            lambda: committee.remove_batch(imported.batch_id),
            lambda: committee.audit_log(),
        ]
        for attempt in attempts:
            with pytest.raises(AccessDenied):
                attempt()
        assert store.counts()["batches"] == 1 and store.list_redactions(imported.dataset_id).empty
        log = store.audit_log()
        assert log["action"].tolist() == ["upload"] + ["denied"] * len(attempts)
        assert log["rows"].iloc[0] == 3 and log["user"].iloc[0] == "職員B"
        assert log["detail"].iloc[1] == {"permission": "upload"}
        assert (log["user"].iloc[1:] == "委員A").all() and (log["role"].iloc[1:] == "committee").all()

        # Staff actions land in the log with what and how many rows.
        assert staff.findings(imported.dataset_id)["original"].tolist() == ["090-1234-5678"]
        staff.add_redaction(imported.dataset_id, "公園")
        staff.remove_batch(imported.batch_id)
        log = store.audit_log()
        assert log["action"].tolist()[-3:] == ["view_personal_data", "redact", "delete_batch"]
        assert log["rows"].iloc[-1] == 3 and log["detail"].iloc[-2]["term"] == "公園"


def test_exports_check_the_audience_against_the_role(tmp_path, ja_analysed):
    with Store(tmp_path / "s.db") as store:
        committee = Workspace(store, COMMITTEE)
        data = committee.export(ja_analysed.analysis, ExportOptions(audience="public"))
        assert data.options.audience == "public"
        with pytest.raises(AccessDenied):
            committee.export(ja_analysed.analysis, ExportOptions(audience="internal"))
        log = store.audit_log()
        assert log["action"].tolist() == ["export", "denied"]
        assert log["detail"].iloc[0]["audience"] == "public" and log["rows"].iloc[0] == len(data.answers)


def test_cli_manages_users_and_prints_the_audit_log(tmp_path, monkeypatch, capsys):
    users = tmp_path / "users.toml"
    monkeypatch.setenv("LISTENING_DB", str(tmp_path / "admin.db"))  # where `user` logs its changes
    monkeypatch.setattr("sys.stdin", io.StringIO("とても長いパスワード\n"))
    assert main(["user", "add", "佐藤", "--role", "staff", "--password-stdin", "--file", str(users)]) == 0
    assert authenticate("佐藤", "とても長いパスワード", users).role == "staff"
    assert main(["user", "list", "--file", str(users)]) == 0
    assert "佐藤\tstaff\tpassword" in capsys.readouterr().out
    assert main(["user", "remove", "佐藤", "--file", str(users)]) == 0
    assert read_users(users) == {}

    db = tmp_path / "s.db"
    with Store(db) as store:
        Workspace(store, LOCAL_STAFF).import_file("d", CSV, "a.csv", ColumnChoice(text=("意見",)))
    out = tmp_path / "audit.csv"
    assert main(["audit", "--db", str(db), "--out", str(out)]) == 0
    text = out.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and "upload".encode() in text and "a.csv".encode() in text
    assert main(["audit", "--db", str(db), "--dataset", "none"]) == 2
