"""SQLite store: datasets, batches, answers, embedding cache, analysis runs.

The only module that touches disk. Every write that belongs together runs in one
transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``), so a failed or interrupted import
leaves the store exactly as it was. The schema version lives in ``PRAGMA
user_version``; opening an older file migrates it, a newer one is refused.
"""
from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
import pandas as pd

from .types import Answers, RawTable

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS datasets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    filename TEXT NOT NULL,
    kind TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    encoding TEXT,
    columns TEXT NOT NULL,
    n_in INTEGER NOT NULL,
    n_kept INTEGER NOT NULL,
    n_dropped INTEGER NOT NULL,
    drop_counts TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    pk INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    answer_id TEXT NOT NULL,
    respondent_id TEXT,
    question TEXT,
    source TEXT NOT NULL,
    row INTEGER,
    text TEXT NOT NULL,
    language TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    attrs TEXT NOT NULL,
    UNIQUE (batch_id, answer_id)
);
CREATE TABLE IF NOT EXISTS dropped (
    batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    row INTEGER,
    respondent_id TEXT,
    question TEXT,
    reason TEXT NOT NULL,
    text TEXT
);
CREATE TABLE IF NOT EXISTS embeddings (
    model_id TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model_id, text_hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    settings TEXT NOT NULL,
    info TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS run_answers (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    answer_pk INTEGER NOT NULL REFERENCES answers(pk) ON DELETE CASCADE,
    theme INTEGER NOT NULL,
    topic INTEGER NOT NULL,
    x REAL NOT NULL,
    y REAL NOT NULL,
    confidence REAL NOT NULL,
    low_confidence INTEGER NOT NULL,
    PRIMARY KEY (run_id, answer_pk)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS run_clusters (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    cluster_id INTEGER NOT NULL,
    parent INTEGER,
    size INTEGER NOT NULL,
    label TEXT NOT NULL,
    keywords TEXT NOT NULL,
    representatives TEXT NOT NULL,
    PRIMARY KEY (run_id, level, cluster_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS edits (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    user TEXT NOT NULL,
    op TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    undone_at TEXT,
    undone_by TEXT
);
CREATE TABLE IF NOT EXISTS artefacts (
    key TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_batch ON answers(batch_id);
CREATE INDEX IF NOT EXISTS runs_dataset ON runs(dataset_id, fingerprint);
"""


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


class Store:
    """A SQLite file holding everything the app and the CLI share.

    Safe to share between threads (Streamlit sessions): one connection, one lock.
    """

    def __init__(self, url: str | Path) -> None:
        path = _path_from_url(url)
        if path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=30
        )
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.execute("PRAGMA busy_timeout = 30000")
        if path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
        try:
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Store":
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
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work: everything inside commits together or not at all."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def _frame(self, sql: str, params: Sequence = ()) -> pd.DataFrame:
        with self._lock:
            return pd.read_sql_query(sql, self._conn, params=params)

    # -- datasets and batches --------------------------------------------------
    def dataset_id(self, name: str) -> int | None:
        rows = self._query("SELECT id FROM datasets WHERE name = ?", (name,))
        return rows[0][0] if rows else None

    def dataset_name(self, dataset_id: int) -> str:
        rows = self._query("SELECT name FROM datasets WHERE id = ?", (dataset_id,))
        if not rows:
            raise KeyError(f"no dataset with id {dataset_id}")
        return rows[0][0]

    def list_datasets(self) -> pd.DataFrame:
        """Datasets with their batch and answer counts, newest first."""
        return self._frame(
            """SELECT d.id, d.name, d.created_at,
                      COUNT(DISTINCT b.id) AS batches,
                      COALESCE(SUM(b.n_kept), 0) AS answers
               FROM datasets d LEFT JOIN batches b ON b.dataset_id = d.id
               GROUP BY d.id ORDER BY d.id DESC"""
        )

    def list_batches(self, dataset_id: int) -> pd.DataFrame:
        frame = self._frame(
            """SELECT id, name, filename, kind, encoding, n_in, n_kept, n_dropped,
                      drop_counts, input_hash, columns, created_at
               FROM batches WHERE dataset_id = ? ORDER BY id""",
            (dataset_id,),
        )
        frame["drop_counts"] = [json.loads(v) for v in frame["drop_counts"]]
        frame["columns"] = [json.loads(v) for v in frame["columns"]]
        return frame

    def find_batch(self, dataset_id: int, input_hash: str, columns: dict) -> int | None:
        """The batch that already holds this exact file with these column choices, if any."""
        rows = self._query(
            "SELECT id FROM batches WHERE dataset_id = ? AND input_hash = ? AND columns = ?",
            (dataset_id, input_hash, json.dumps(columns, ensure_ascii=False, sort_keys=True)),
        )
        return rows[0][0] if rows else None

    def add_batch(
        self,
        dataset_name: str,
        table: RawTable,
        answers: Answers,
        columns: dict,
        name: str | None = None,
    ) -> tuple[int, int]:
        """Store a file's answers as a new batch (creating the dataset on first use).

        All or nothing: the dataset row, the batch, its answers and its dropped rows
        commit together. Returns (dataset_id, batch_id).
        """
        kept = answers.kept
        attrs = list(answers.attributes)
        attr_json = _attrs_json(kept, attrs)
        hashes = [text_hash(t) for t in kept["text"].tolist()]
        created = now_iso()
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM datasets WHERE name = ?", (dataset_name,)).fetchone()
            if row:
                dataset_id = row[0]
            else:
                dataset_id = conn.execute(
                    "INSERT INTO datasets (name, created_at) VALUES (?, ?)", (dataset_name, created)
                ).lastrowid
            batch_id = conn.execute(
                """INSERT INTO batches (dataset_id, name, filename, kind, input_hash, encoding,
                       columns, n_in, n_kept, n_dropped, drop_counts, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    dataset_id,
                    name or table.filename,
                    table.filename,
                    table.kind,
                    table.input_hash,
                    table.encoding,
                    json.dumps(columns, ensure_ascii=False, sort_keys=True),
                    answers.n_in,
                    len(kept),
                    len(answers.dropped),
                    json.dumps(answers.drop_counts(), ensure_ascii=False),
                    created,
                ),
            ).lastrowid
            conn.executemany(
                """INSERT INTO answers (batch_id, answer_id, respondent_id, question, source, row,
                       text, language, text_hash, attrs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                zip(
                    [batch_id] * len(kept),
                    kept["answer_id"].astype(str).tolist(),
                    kept["respondent_id"].astype(str).tolist(),
                    kept["question"].astype(str).tolist(),
                    kept["source"].astype(str).tolist(),
                    [int(r) for r in kept["row"].tolist()],
                    kept["text"].tolist(),
                    kept["language"].tolist(),
                    hashes,
                    attr_json,
                ),
            )
            dropped = answers.dropped
            conn.executemany(
                "INSERT INTO dropped (batch_id, row, respondent_id, question, reason, text) VALUES (?, ?, ?, ?, ?, ?)",
                zip(
                    [batch_id] * len(dropped),
                    [None if pd.isna(r) else int(r) for r in dropped["row"].tolist()],
                    [_none(v) for v in dropped["respondent_id"].tolist()],
                    [_none(v) for v in dropped["question"].tolist()],
                    dropped["reason"].astype(str).tolist(),
                    [_none(v) for v in dropped["text"].tolist()],
                ),
            )
        return dataset_id, batch_id

    def remove_batch(self, batch_id: int) -> None:
        """Delete a batch with its answers, dropped rows and any run that used them."""
        with self.transaction() as conn:
            conn.execute(
                """DELETE FROM runs WHERE id IN (
                       SELECT DISTINCT ra.run_id FROM run_answers ra
                       JOIN answers a ON a.pk = ra.answer_pk WHERE a.batch_id = ?)""",
                (batch_id,),
            )
            conn.execute("DELETE FROM batches WHERE id = ?", (batch_id,))

    def load_answers(self, dataset_id: int) -> pd.DataFrame:
        """All kept answers of a dataset, one column per attribute, in import order."""
        frame = self._frame(
            """SELECT a.pk, a.answer_id, a.respondent_id, a.question, a.source, a.row,
                      a.text, a.language, a.text_hash, a.batch_id, a.attrs
               FROM answers a JOIN batches b ON b.id = a.batch_id
               WHERE b.dataset_id = ? ORDER BY a.pk""",
            (dataset_id,),
        )
        attrs = pd.DataFrame([json.loads(v) for v in frame.pop("attrs")], index=frame.index)
        return pd.concat([frame, attrs], axis=1)

    def attribute_names(self, dataset_id: int) -> list[str]:
        """Attribute columns in the order the batches declared them."""
        names: list[str] = []
        for cols in self.list_batches(dataset_id)["columns"]:
            for name in cols.get("attributes", []):
                if name not in names:
                    names.append(name)
        return names

    def load_dropped(self, dataset_id: int) -> pd.DataFrame:
        return self._frame(
            """SELECT b.name AS batch, d.row, d.respondent_id, d.question, d.reason, d.text
               FROM dropped d JOIN batches b ON b.id = d.batch_id
               WHERE b.dataset_id = ? ORDER BY b.id, d.row""",
            (dataset_id,),
        )

    # -- embedding cache -------------------------------------------------------
    def get_embeddings(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors for the given text hashes (missing ones are simply absent)."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        with self._lock:
            for start in range(0, len(unique), 900):
                chunk = unique[start : start + 900]
                marks = ",".join("?" * len(chunk))
                for h, blob in self._conn.execute(
                    f"SELECT text_hash, vector FROM embeddings WHERE model_id = ? AND text_hash IN ({marks})",
                    [model_id, *chunk],
                ):
                    found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_embeddings(self, model_id: str, hashes: Sequence[str], vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, dtype=np.float32)
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO embeddings (model_id, text_hash, vector) VALUES (?, ?, ?)",
                ((model_id, h, vectors[i].tobytes()) for i, h in enumerate(hashes)),
            )

    # -- artefacts: arrays and JSON keyed by fingerprint (never pickle) -------
    def get_arrays(self, key: str) -> dict[str, np.ndarray] | None:
        rows = self._query("SELECT data FROM artefacts WHERE key = ?", (key,))
        if not rows:
            return None
        with np.load(io.BytesIO(rows[0][0]), allow_pickle=False) as npz:
            return {name: npz[name] for name in npz.files}

    def put_arrays(self, key: str, **arrays: np.ndarray) -> None:
        buf = io.BytesIO()
        np.savez(buf, **{k: np.ascontiguousarray(v) for k, v in arrays.items()})
        self._put_blob(key, buf.getvalue())

    def get_json(self, key: str):
        rows = self._query("SELECT data FROM artefacts WHERE key = ?", (key,))
        return json.loads(rows[0][0].decode("utf-8")) if rows else None

    def put_json(self, key: str, value) -> None:
        self._put_blob(key, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def _put_blob(self, key: str, data: bytes) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO artefacts (key, data, created_at) VALUES (?, ?, ?)",
                (key, data, now_iso()),
            )

    # -- analysis runs ---------------------------------------------------------
    def save_run(
        self,
        dataset_id: int,
        fingerprint: str,
        settings: dict,
        info: dict,
        assignments: pd.DataFrame,
        clusters: pd.DataFrame,
    ) -> int:
        """Store one analysis: per-answer assignments and per-cluster summaries, atomically."""
        with self.transaction() as conn:
            run_id = conn.execute(
                "INSERT INTO runs (dataset_id, fingerprint, settings, info, created_at) VALUES (?, ?, ?, ?, ?)",
                (
                    dataset_id,
                    fingerprint,
                    json.dumps(settings, ensure_ascii=False, sort_keys=True),
                    json.dumps(info, ensure_ascii=False),
                    now_iso(),
                ),
            ).lastrowid
            a = assignments
            conn.executemany(
                """INSERT INTO run_answers (run_id, answer_pk, theme, topic, x, y, confidence, low_confidence)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                zip(
                    [run_id] * len(a),
                    a["pk"].astype(int).tolist(),
                    a["theme"].astype(int).tolist(),
                    a["topic"].astype(int).tolist(),
                    a["x"].astype(float).tolist(),
                    a["y"].astype(float).tolist(),
                    a["confidence"].astype(float).tolist(),
                    a["low_confidence"].astype(int).tolist(),
                ),
            )
            conn.executemany(
                """INSERT INTO run_clusters (run_id, level, cluster_id, parent, size, label, keywords, representatives)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    (
                        run_id,
                        r.level,
                        int(r.cluster_id),
                        None if pd.isna(r.parent) else int(r.parent),
                        int(r.size),
                        r.label,
                        json.dumps(list(r.keywords), ensure_ascii=False),
                        json.dumps([str(v) for v in r.representatives], ensure_ascii=False),
                    )
                    for r in clusters.itertuples(index=False)
                ),
            )
        return run_id

    def find_run(self, dataset_id: int, fingerprint: str) -> int | None:
        rows = self._query(
            "SELECT id FROM runs WHERE dataset_id = ? AND fingerprint = ? ORDER BY id DESC LIMIT 1",
            (dataset_id, fingerprint),
        )
        return rows[0][0] if rows else None

    def latest_run(self, dataset_id: int) -> int | None:
        rows = self._query(
            "SELECT id FROM runs WHERE dataset_id = ? ORDER BY id DESC LIMIT 1", (dataset_id,)
        )
        return rows[0][0] if rows else None

    def load_run(self, run_id: int) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
        """(info, assignments keyed by answer pk, clusters) of a stored run."""
        rows = self._query("SELECT info FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise KeyError(f"no analysis run with id {run_id}")
        info = json.loads(rows[0][0])
        assignments = self._frame(
            """SELECT answer_pk AS pk, theme, topic, x, y, confidence, low_confidence
               FROM run_answers WHERE run_id = ? ORDER BY answer_pk""",
            (run_id,),
        )
        assignments["low_confidence"] = assignments["low_confidence"].astype(bool)
        clusters = self._frame(
            """SELECT level, cluster_id, parent, size, label, keywords, representatives
               FROM run_clusters WHERE run_id = ?
               ORDER BY CASE level WHEN 'theme' THEN 0 ELSE 1 END, cluster_id""",
            (run_id,),
        )
        clusters["keywords"] = [json.loads(v) for v in clusters["keywords"]]
        clusters["representatives"] = [json.loads(v) for v in clusters["representatives"]]
        clusters["parent"] = clusters["parent"].astype("Int64")
        return info, assignments, clusters

    # -- curation edits (append-only; undo marks, never deletes) -------------
    def add_edit(self, run_id: int, user: str, op: str, payload: dict) -> int:
        with self.transaction() as conn:
            return conn.execute(
                "INSERT INTO edits (run_id, user, op, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                (run_id, user, op, json.dumps(payload, ensure_ascii=False, sort_keys=True), now_iso()),
            ).lastrowid

    def list_edits(self, run_id: int, include_undone: bool = True) -> pd.DataFrame:
        """Edits of a run in the order they were made (who, when, what, undone when/by)."""
        frame = self._frame(
            """SELECT id, user, op, payload, created_at, undone_at, undone_by FROM edits
               WHERE run_id = ? ORDER BY id""",
            (run_id,),
        )
        frame["payload"] = [json.loads(v) for v in frame["payload"]]
        if not include_undone:
            frame = frame[frame["undone_at"].isna()].reset_index(drop=True)
        return frame

    def undo_edit(self, edit_id: int, user: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE edits SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL",
                (now_iso(), user, edit_id),
            )

    def counts(self) -> dict[str, int]:
        """Row count of every table: a cheap fingerprint of the store's state for tests and checks."""
        tables = ["datasets", "batches", "answers", "dropped", "embeddings", "runs",
                  "run_answers", "run_clusters", "edits", "artefacts"]
        return {t: self._query(f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}


def _none(value):
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _attrs_json(kept: pd.DataFrame, attrs: list[str]) -> list[str]:
    if not attrs:
        return ["{}"] * len(kept)
    values = kept[attrs].astype(object).where(kept[attrs].notna(), None)
    return [
        json.dumps({k: v for k, v in zip(attrs, row) if v is not None}, ensure_ascii=False)
        for row in values.itertuples(index=False, name=None)
    ]
