"""The connection: one SQLite file, one lock, transactions, schema migration."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Sequence

import pandas as pd

from .schema import COLUMN_MIGRATIONS, SCHEMA_SQL, SCHEMA_VERSION

BUSY_TIMEOUT_S = 30.0  # a 200k-row import holds the write lock for a few seconds


class StoreBusy(RuntimeError):
    """Another process or session held the store's write lock for longer than the busy
    timeout. Nothing of this attempt was saved; trying again later is safe.

    ``code`` and ``params`` (and no file, row or column) let the app phrase it in the
    user's language the way it phrases an InputError.
    """

    code = "store_busy"
    file = row = column = None

    def __init__(self, path: str, waited_s: float) -> None:
        self.message = (f"the data store is busy: another upload or analysis is saving to it and did not "
                        f"finish within {waited_s:g} s. Nothing was saved; try again in a minute.")
        self.params = {"seconds": f"{waited_s:g}"}
        self.path = path
        super().__init__(self.message)


def _is_busy(exc: BaseException) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED (extended codes included), also when pandas wrapped it."""
    if not isinstance(exc, sqlite3.OperationalError):
        exc = exc.__cause__ if isinstance(exc, pd.errors.DatabaseError) else None
        if not isinstance(exc, sqlite3.OperationalError):
            return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc)


def text_hash(text: str) -> str:
    """Key of the embedding cache: the same text embeds to the same vector."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _path_from_url(url: str | Path) -> str:
    s = str(url)
    if s.startswith("sqlite:///"):
        return s[len("sqlite:///") :]
    if s == "sqlite://" or s == ":memory:":
        return ":memory:"
    if "://" in s:
        raise ValueError(
            f"store URL '{s}' is not supported yet: give a SQLite file path or sqlite:///PATH"
        )
    return s


def _create_private(path: str) -> None:
    """The store file and a folder made for it, readable by this account only (0600 / 0700).

    The store keeps every resident's original words: it must not be created readable by
    every account on the machine. SQLite gives its -wal and -shm files the permissions of
    the database file, so they follow; an older store made under a wider umask is tightened.
    """
    file = Path(path).expanduser()
    if not file.parent.exists():
        os.makedirs(file.parent, mode=0o700, exist_ok=True)
    os.close(os.open(file, os.O_RDWR | os.O_CREAT, 0o600))
    _tighten(file)


def _tighten(file: Path) -> None:
    """chmod 600 a file of ours that others may read (nothing if it is gone or someone else's)."""
    try:
        info = file.stat()
    except FileNotFoundError:
        return
    if info.st_mode & 0o077 and info.st_uid == os.getuid():
        os.chmod(file, 0o600)


class StoreBase:
    """Connection, lock and transactions; the table-specific methods live in mixins."""

    def __init__(self, url: str | Path, busy_timeout: float = BUSY_TIMEOUT_S) -> None:
        path = _path_from_url(url)
        if path != ":memory:":
            _create_private(path)
        self.path = path
        self.busy_timeout = busy_timeout
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=busy_timeout
        )
        try:
            with self._busy_as_store_busy():
                self._conn.execute("PRAGMA foreign_keys = ON")
                self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
                if path != ":memory:":
                    self._conn.execute("PRAGMA journal_mode = WAL")
                    for suffix in ("-wal", "-shm"):
                        _tighten(Path(path + suffix).expanduser())
                self._migrate()
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ValueError(
                f"{self.path} was written by a newer version of listening "
                f"(schema {version} > {SCHEMA_VERSION}); upgrade the app"
            )
        if version < SCHEMA_VERSION:
            with self.transaction() as conn:
                # executescript() would COMMIT mid-transaction, so statements run one by one.
                for statement in SCHEMA_SQL.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                # CREATE TABLE IF NOT EXISTS leaves old tables as they were.
                for added, table, column in COLUMN_MIGRATIONS:
                    have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
                    if version < added and column.split()[0] not in have:
                        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _busy_as_store_busy(self) -> Iterator[None]:
        """A lock held past the busy timeout surfaces as StoreBusy, not as a raw sqlite3 error."""
        try:
            yield
        except (sqlite3.OperationalError, pd.errors.DatabaseError) as exc:
            if _is_busy(exc):
                raise StoreBusy(self.path, self.busy_timeout) from exc
            raise

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work: everything inside commits together or not at all.

        Raises StoreBusy when another writer keeps the store locked past the busy timeout.
        """
        with self._lock, self._busy_as_store_busy():
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                # A failed COMMIT leaves the transaction open (the connection is shared by
                # every session); some errors have already rolled it back.
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see the store as one moment: a batch that another session or process
        saves meanwhile is either wholly seen or not at all (one SQLite read transaction).
        Keep it short: other threads of this process wait for it, and no writes inside."""
        with self._lock, self._busy_as_store_busy():
            self._conn.execute("BEGIN")
            try:
                yield
            finally:
                if self._conn.in_transaction:
                    self._conn.execute("COMMIT")

    def _query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._lock, self._busy_as_store_busy():
            return self._conn.execute(sql, params).fetchall()

    def _frame(self, sql: str, params: Sequence = ()) -> pd.DataFrame:
        with self._lock, self._busy_as_store_busy():
            return pd.read_sql_query(sql, self._conn, params=params)

    def counts(self) -> dict[str, int]:
        """Row count of every table: a cheap fingerprint of the store's state for tests and checks."""
        tables = ["datasets", "batches", "answers", "dropped", "embeddings", "runs",
                  "run_answers", "run_clusters", "edits", "artefacts"]
        return {t: self._query(f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}
