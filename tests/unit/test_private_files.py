"""The store, its WAL/SHM files and folder, the sign-in key and internal exports are private to the
account that runs the app or the command line (0600 files, 0700 folders)."""
from __future__ import annotations

import os
import stat

from listening.analysis.pipeline import ColumnChoice
from listening.auth.access import LOCAL_STAFF
from listening.cli.main import main
from listening.store import Store
from listening.workspace import Workspace

CSV = "id,意見\n1,公園がほしい\n2,バスを増やして\n".encode("utf-8")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_store_its_wal_and_shm_and_its_folder_are_private(tmp_path):
    old = os.umask(0o022)  # the usual umask that made them world-readable
    try:
        with Store(tmp_path / "data" / "listening.db") as store:
            Workspace(store, LOCAL_STAFF).import_file("d", CSV, "a.csv", ColumnChoice(text=("意見",)))
            files = sorted(p.name for p in (tmp_path / "data").iterdir())
            assert files == ["listening.db", "listening.db-shm", "listening.db-wal"]
            assert {name: mode(tmp_path / "data" / name) for name in files} == dict.fromkeys(files, 0o600)
        assert mode(tmp_path / "data") == 0o700
    finally:
        os.umask(old)


def test_an_older_world_readable_store_is_tightened_when_opened(tmp_path):
    path = tmp_path / "old.db"
    with Store(path):
        pass
    for p in tmp_path.iterdir():
        os.chmod(p, 0o644)
    with Store(path) as store:
        store.log("x", "staff", "test")
        assert {p.name: mode(p) for p in tmp_path.iterdir()} == {p.name: 0o600 for p in tmp_path.iterdir()}


def test_an_existing_folder_chosen_for_the_store_is_left_as_it_is(tmp_path):
    os.chmod(tmp_path, 0o755)  # e.g. the user's own folder: not ours to change
    with Store(tmp_path / "s.db"):
        pass
    assert mode(tmp_path) == 0o755 and mode(tmp_path / "s.db") == 0o600


def test_the_users_file_and_its_new_folder_are_private(tmp_path, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("長いパスワード1234\n"))
    users = tmp_path / "conf" / "users.toml"
    assert main(["user", "add", "田中", "--role", "staff", "--password-stdin", "--file", str(users),
                 "--db", str(tmp_path / "conf" / "s.db")]) == 0
    assert mode(users) == 0o600 and mode(users.parent) == 0o700


def test_internal_exports_from_the_cli_are_private(tmp_path, ja_analysed):
    db = tmp_path / "copy.db"
    with Store(db) as copy:
        ja_analysed.store._conn.backup(copy._conn)
    out = tmp_path / "internal"
    name = ja_analysed.store.list_datasets()["name"].iloc[0]
    assert main(["export", "--dataset", name, "--out", str(out), "--db", str(db)]) == 0
    assert mode(out) == 0o700
    assert {p.name: mode(p) for p in out.iterdir()} == {p.name: 0o600 for p in out.iterdir()}
    log = tmp_path / "audit.csv"
    assert main(["audit", "--db", str(db), "--out", str(log)]) == 0
    assert mode(log) == 0o600
    assert os.umask(0o022) == 0o022  # the command line gave the process its umask back
