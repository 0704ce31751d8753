"""Several sessions writing to one store at once: every upload lands whole or is told the
store is busy; nothing is corrupted; readers see a batch or a run whole or not at all.

Real processes on one SQLite file (WAL, BEGIN IMMEDIATE), and real threads sharing one
Store, as Streamlit sessions share the app's connection.
"""
from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from listening.analysis.pipeline import import_file, read_answers
from listening.store import Store
from listening.store.base import StoreBusy

from .common import COLUMNS, StoreState, check_store, read_events, start_child, survey_csv

ROWS = 12_000  # per file: ~0.3 s of batch transaction, so two imports overlap
ROUNDS = 4


def write_files(root: Path, name: str, rounds: int, rows: int = ROWS) -> list[Path]:
    paths = []
    for rnd in range(rounds):
        path = root / f"{name}{rnd}.csv"
        path.write_bytes(survey_csv(rows, seed=100 * rnd + ord(name[0]), prefix=f"{name}{rnd}-"))
        paths.append(path)
    return paths


def assert_whole_batches(db: Path, files: dict[str, int]) -> StoreState:
    """Every batch is whole and holds only its own file's answers; returns the state."""
    state = check_store(db)
    with Store(db) as store:
        answers = store.load_answers(store.dataset_id("調査"))
        names = store.list_batches(store.dataset_id("調査")).set_index("id")["filename"]
    for batch_id, group in answers.groupby("batch_id"):
        prefix = names[batch_id].removesuffix(".csv") + "-"
        assert group["respondent_id"].str.startswith(prefix).all(), f"batch {batch_id} mixes files"
    assert sorted(names) == sorted(files)
    return state


def record_runs(db: Path, stop: threading.Event, saved: list[int]) -> None:
    """A session saving analysis runs (every current answer, synthetic clusters) on its own connection."""
    with Store(db) as store:
        while not stop.is_set():
            dataset_id = store.dataset_id("調査")
            if dataset_id is None:
                time.sleep(0.01)
                continue
            pks = store.load_answers(dataset_id)["pk"].to_numpy()
            n = len(pks)
            assignments = pd.DataFrame({"pk": pks, "theme": pks % 2, "topic": pks % 4, "x": np.zeros(n),
                                        "y": np.zeros(n), "confidence": np.ones(n), "low_confidence": 0})
            clusters = pd.DataFrame({"level": ["theme", "theme"], "cluster_id": [0, 1], "parent": [None, None],
                                     "size": [n // 2, n - n // 2], "label": ["a", "b"], "keywords": [[], []],
                                     "representatives": [[], []]})
            saved.append(store.save_run(dataset_id, f"f{len(saved)}", {}, {}, assignments, clusters))


def test_two_processes_importing_into_one_dataset_land_whole_or_are_told_busy(tmp_path):
    db, barrier, stop = tmp_path / "store.db", tmp_path / "barrier", tmp_path / "stop"
    barrier.mkdir()
    a_files, b_files = write_files(tmp_path, "a", ROUNDS), write_files(tmp_path, "b", ROUNDS)
    # Rounds 0-1: both wait as long as the app does (both must land); rounds 2-3: b gives
    # up at once when a holds the lock, as a session would after its timeout.
    a = start_child("importer", str(db), "調査", str(barrier), "a", ",".join(["30"] * ROUNDS), *map(str, a_files))
    b = start_child("importer", str(db), "調査", str(barrier), "b", "30,30,0.001,0.001", *map(str, b_files))
    reader = start_child("reader", str(db), "調査", str(stop))
    saved: list[int] = []
    halt = threading.Event()
    runs = threading.Thread(target=record_runs, args=(db, halt, saved))
    runs.start()
    try:
        events = read_events(a) + read_events(b)
        assert a.wait(timeout=120) == 0 and b.wait(timeout=120) == 0
    finally:
        halt.set()
        runs.join()
        stop.touch()
    seen = read_events(reader)[0]
    assert reader.wait(timeout=60) == 0

    imported = [e for e in events if e["event"] == "imported"]
    busy = [e for e in events if e["event"] == "busy"]
    print(f"\nuploads: {len(imported)} landed, {len(busy)} busy {[e['file'] for e in busy]}; reader: "
          f"{seen['reads']} reads, {len(seen['batches'])} batches, {len(seen['runs'])} runs; runs saved {len(saved)}")
    for e in sorted(events, key=lambda e: (e["round"], e["start"])):
        print(f"  round {e['round']} {e['file']}: {e['event']} {e['start'] % 100:.2f}-{e['end'] % 100:.2f}")
    assert len(imported) + len(busy) == 2 * ROUNDS
    assert {e["round"] for e in imported} >= {0, 1} and all(e["file"].startswith("b") for e in busy)
    assert all(e["code"] == "store_busy" and "busy" in e["message"] for e in busy)
    assert all(e["round"] >= 2 for e in busy)
    state = assert_whole_batches(db, {e["file"]: e["n_kept"] for e in imported})
    assert state.counts["answers"] == sum(e["n_kept"] for e in imported)

    # A busy upload saved nothing and goes through when tried again.
    with Store(db) as store:
        for e in busy:
            import_file(store, "調査", (tmp_path / e["file"]).read_bytes(), e["file"], COLUMNS)
    state = assert_whole_batches(db, {p.name: 0 for p in a_files + b_files})
    assert len(state.batches) == 2 * ROUNDS

    # The reader never saw part of a batch or of a run.
    kept = dict(zip(state.batches["id"], state.batches["n_kept"]))
    assert seen["reads"] > 0 and seen["batches"]
    for batch_id, counts in seen["batches"].items():
        assert counts == [kept[int(batch_id)]], f"batch {batch_id} seen with {counts} answers"
    assert saved and seen["runs"]
    for run_id, counts in seen["runs"].items():
        assert counts == [state.runs[int(run_id)]], f"run {run_id} seen with {counts} assignments"


def test_threads_sharing_one_store_import_at_once_and_a_reader_thread_sees_whole_batches(tmp_path):
    files = write_files(tmp_path, "t", 4, rows=4000)
    seen: dict[int, set[int]] = {}
    errors: list[BaseException] = []
    stop = threading.Event()

    with Store(tmp_path / "shared.db") as store:  # the app's one connection, shared by sessions

        def upload(paths: list[Path]) -> None:
            try:
                for path in paths:
                    import_file(store, "調査", path.read_bytes(), path.name, COLUMNS)
            except BaseException as exc:  # noqa: BLE001 - asserted below
                errors.append(exc)

        def read() -> None:
            while True:
                last = stop.is_set()  # one more read once the uploads are done
                if (dataset_id := store.dataset_id("調査")) is not None:
                    for batch_id, n in store.load_answers(dataset_id)["batch_id"].value_counts().items():
                        seen.setdefault(int(batch_id), set()).add(int(n))
                if last:
                    return

        reader = threading.Thread(target=read)
        uploads = [threading.Thread(target=upload, args=(files[i::2],)) for i in (0, 1)]
        reader.start()
        for t in uploads:
            t.start()
        for t in uploads:
            t.join()
        stop.set()
        reader.join()
    assert errors == []
    state = assert_whole_batches(tmp_path / "shared.db", {p.name: 0 for p in files})
    kept = dict(zip(state.batches["id"], state.batches["n_kept"]))
    assert set(seen) == set(kept) and all(counts == {kept[b]} for b, counts in seen.items()), seen


def test_an_upload_kept_waiting_past_the_busy_timeout_gets_store_busy_and_saves_nothing(tmp_path):
    db = tmp_path / "store.db"
    data = survey_csv(300, seed=7, prefix="late-")
    with Store(db) as store:
        import_file(store, "調査", survey_csv(300, seed=5, prefix="early-"), "early.csv", COLUMNS)
    before = check_store(db)
    with Store(db) as holder, Store(db, busy_timeout=0.3) as late:
        with holder.transaction():  # another session in the middle of its upload
            started = time.perf_counter()
            with pytest.raises(StoreBusy) as err:
                import_file(late, "調査", data, "late.csv", COLUMNS)
            waited = time.perf_counter() - started
            # Reading goes on while the other session writes.
            assert len(late.load_answers(late.dataset_id("調査"))) == before.counts["answers"]
        assert isinstance(err.value, RuntimeError) and err.value.code == "store_busy"
        assert "busy" in str(err.value) and "Nothing was saved" in str(err.value)
        assert 0.25 < waited < 10
        assert check_store(db).counts == before.counts
        import_file(late, "調査", data, "late.csv", COLUMNS)  # the lock is free again: it lands
    assert len(check_store(db).batches) == 2


def test_a_failed_commit_leaves_the_shared_connection_usable(tmp_path):
    """A COMMIT that fails (here a deferred foreign key) must not leave the one shared
    connection inside a transaction: every later upload would fail and the file stay locked."""
    with Store(tmp_path / "store.db") as store:
        with pytest.raises(sqlite3.IntegrityError):
            with store.transaction() as conn:
                conn.execute("PRAGMA defer_foreign_keys = ON")
                conn.execute("INSERT INTO runs (dataset_id, fingerprint, settings, info, created_at) "
                             "VALUES (999, 'f', '{}', '{}', 'now')")
        assert not store._conn.in_transaction
        import_file(store, "調査", survey_csv(50), "after.csv", COLUMNS)
        assert store.counts()["runs"] == 0 and store.counts()["batches"] == 1


def upload_checked_first(store: Store, data: bytes, barrier: threading.Barrier) -> int:
    """What import_file does, with both sessions past its "already imported?" check
    before either stores the batch; the store's own check under the write lock decides."""
    table, answers = read_answers(data, "same.csv", COLUMNS)
    mapping = COLUMNS.as_dict() | {"attributes": list(answers.attributes)}
    assert store.dataset_id("調査") is None  # the first upload creates the dataset too
    barrier.wait()
    return store.add_batch("調査", table, answers, mapping, reuse_existing=True)[1]


def upload_with_import_file(store: Store, data: bytes, barrier: threading.Barrier) -> int:
    barrier.wait()
    return import_file(store, "調査", data, "same.csv", COLUMNS).batch_id


@pytest.mark.parametrize("upload", [
    upload_checked_first,
    upload_with_import_file,
])
def test_the_same_file_uploaded_by_two_sessions_at_once_lands_once(tmp_path, upload):
    """Otherwise every answer of the file would count twice in the analysis."""
    data = survey_csv(3000, seed=11, prefix="same-")
    barrier = threading.Barrier(2)
    results: list[int] = []
    with Store(tmp_path / "store.db") as store:
        threads = [threading.Thread(target=lambda: results.append(upload(store, data, barrier))) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    state = check_store(tmp_path / "store.db")
    assert len(results) == 2 and results[0] == results[1]
    assert len(state.batches) == 1
