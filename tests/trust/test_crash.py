"""SIGKILL in the middle of an import and of an analysis: the store opens, earlier batches
are intact, nothing half-written is visible, and the interrupted work reruns to the same
result as an uninterrupted run. Real processes, real kills, real SQLite files.

Imports: a zygote process reads and masks a 100k-row file once, then forks one child per
attempt that runs the batch transaction ``import_file`` ends with (``Store.add_batch``).
Each child dies by SIGKILL inside the transaction: at exact points it reaches itself
(SQLite progress callbacks, the start of COMMIT), or from this process after a measured
share of the transaction's time, or once the WAL file has grown to half its full size.
Analyses: ``python -m listening analyze`` in its own process group, killed with its
spawned worker when it reports the embedding step and the map step.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from listening.analysis.pipeline import ColumnChoice, import_file, load_analysis
from listening.store import Store

from .common import (
    COLUMNS,
    REPO,
    StoreState,
    assert_unchanged_or_one_whole_batch,
    check_store,
    child_env,
    group_members,
    kill_group,
    start_child,
    survey_csv,
)

N_ROWS = 100_000
Q1, Q2 = "問1 暮らしの中で困っていること・課題", "問2 これからのまちに望むこと・アイデア"
SAMPLE_COLUMNS = ColumnChoice((Q1, Q2), "回答ID", ("年代",))
SAMPLE_ROWS = 150  # 300 candidate answers, 268 kept: small, so each analysis stays short


class Zygote:
    """The process that forks one store-writing child per request (see children.zygote)."""

    def __init__(self, csv_path: Path) -> None:
        self.proc = start_child("zygote", str(csv_path), stdin=subprocess.PIPE)
        self.ready = json.loads(self.proc.stdout.readline())
        assert self.ready["event"] == "ready", self.ready

    def run(self, on_begin=None, **request) -> dict:
        """Send one request; ``on_begin(pid)`` runs here once the child's transaction began.
        Returns the child's events by name."""
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        events: dict = {}
        for line in self.proc.stdout:
            event = json.loads(line)
            events[event["event"]] = event
            if event["event"] == "begin" and on_begin is not None:
                on_begin(events["child"]["pid"])
            if event["event"] == "exit":
                break
        assert "error" not in events, events["error"]["detail"]
        return events

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("crash")
    big = root / "big.csv"
    big.write_bytes(survey_csv(N_ROWS, seed=0, prefix="big"))
    earlier = root / "earlier.csv"
    earlier.write_bytes(survey_csv(3000, seed=1, prefix="early"))
    return {"root": root, "big": big, "earlier": earlier}


@pytest.fixture(scope="module")
def zygote(files):
    z = Zygote(files["big"])
    yield z
    z.close()


@pytest.fixture(scope="module")
def reference_analysis(tmp_path_factory, sample_slice):
    """An uninterrupted analysis of the sample slice, started at once so that it runs
    beside the import kills (the suite is CPU-bound on 2 cores either way)."""
    root = tmp_path_factory.mktemp("analysis")
    survey = root / "survey.csv"
    survey.write_bytes(sample_slice("ja", SAMPLE_ROWS))
    killed, reference = root / "killed.db", root / "reference.db"
    with Store(killed) as store:
        import_file(store, "調査", survey.read_bytes(), survey.name, SAMPLE_COLUMNS)
    shutil.copy(killed, reference)  # closing checkpointed the WAL: the file is the whole store
    proc = subprocess.Popen(analyze_command(survey, reference, root / "out_reference"), cwd=REPO,
                            env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            encoding="utf-8", start_new_session=True)
    yield {"root": root, "survey": survey, "killed": killed, "reference": reference, "proc": proc}
    if proc.poll() is None:
        kill_group(proc)


@pytest.fixture(scope="module", autouse=True)
def _start_reference_first(reference_analysis):
    """Requested by every test so the reference analysis starts before the first one."""


def analyze_command(survey: Path, db: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "listening", "analyze", str(survey), "--text", Q1, "--text", Q2,
            "--id", "回答ID", "--attr", "年代", "--themes", "3", "--topics", "6", "--dataset", "調査", "--db", str(db),
            "--out", str(out)]


def new_store_with_earlier_batch(path: Path, earlier: Path) -> StoreState:
    with Store(path) as store:
        import_file(store, "調査", earlier.read_bytes(), earlier.name, COLUMNS)
    return check_store(path)


def kill_now(pid: int) -> None:
    """SIGKILL a zygote child, unless it already finished (the test then expects the whole batch)."""
    try:
        if b"tests.trust.children" in Path(f"/proc/{pid}/cmdline").read_bytes():  # not a reused pid
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, FileNotFoundError):
        pass


def kill_after(seconds: float):
    def kill(pid: int) -> None:
        time.sleep(seconds)
        kill_now(pid)
    return kill


def kill_when_wal_reaches(path: Path, size: int):
    def kill(pid: int) -> None:
        wal = Path(f"{path}-wal")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not wal.exists() or wal.stat().st_size < size):
            time.sleep(0.002)
        kill_now(pid)
    return kill


@pytest.fixture(scope="module")
def uninterrupted(zygote, files) -> dict:
    """The earlier batch and the big one imported without a kill: what a rerun must equal,
    and how long the batch transaction takes and how far it fills the WAL."""
    path = files["root"] / "reference.db"
    new_store_with_earlier_batch(path, files["earlier"])
    done = zygote.run(op="batch", db=str(path), dataset="調査")["done"]
    return {"path": path, "done": done, "state": check_store(path)}


def test_import_killed_inside_its_transaction_leaves_the_store_as_it_was(zygote, files, uninterrupted):
    db = files["root"] / "killed_exact.db"
    full = uninterrupted["done"]
    before = new_store_with_earlier_batch(db, files["earlier"])
    n_kept = zygote.ready["n_kept"]

    # From the first rows of the answers to the last dropped row, then as COMMIT starts.
    points = [{"ops": max(1, int(full["ops"] * share))} for share in (0.02, 0.3, 0.6, 0.95)]
    for kill in points + [{"at": "COMMIT"}]:
        events = zygote.run(op="batch", db=str(db), dataset="調査", kill=kill)
        assert events["exit"]["signal"] == signal.SIGKILL and "done" not in events, kill
        after = check_store(db)
        assert not assert_unchanged_or_one_whole_batch(before, after, n_kept), kill
        assert after.counts == before.counts

    rerun = zygote.run(op="batch", db=str(db), dataset="調査")["done"]
    after, expected = check_store(db), uninterrupted["state"]
    assert assert_unchanged_or_one_whole_batch(before, after, n_kept)
    assert after.digests[rerun["batch_id"]] == expected.digests[full["batch_id"]]
    assert after.counts == expected.counts


def test_import_killed_from_outside_keeps_earlier_batches_and_never_shows_half_a_batch(zygote, files, uninterrupted):
    db = files["root"] / "killed_timed.db"
    state = new_store_with_earlier_batch(db, files["earlier"])
    full = uninterrupted["done"]
    n_kept, landed = zygote.ready["n_kept"], 0
    # After a share of the transaction's measured time, the last one near COMMIT and the
    # checkpoint that follows it; then once the uncommitted pages fill half the WAL.
    kills = [kill_after(full["seconds"] * share) for share in (0.25, 0.6, 0.97)]
    kills.append(kill_when_wal_reaches(db, full["wal_bytes"] // 2))
    for kill in kills:
        events = zygote.run(on_begin=kill, op="batch", db=str(db), dataset="調査")
        after = check_store(db)
        landed += assert_unchanged_or_one_whole_batch(state, after, n_kept)
        assert ("done" in events) or events["exit"]["signal"] == signal.SIGKILL
        print("timed kill:", "landed" if len(after.batches) > len(state.batches) else "rolled back",
              "killed" if events["exit"]["signal"] else "finished first")
        state = after  # a batch that landed is an earlier batch for the next kill
    assert len(state.batches) == 1 + landed


def test_run_and_embedding_writes_killed_midway_leave_nothing_behind(zygote, files):
    root = files["root"]
    reference, db = root / "runs_reference.db", root / "runs_killed.db"
    new_store_with_earlier_batch(reference, files["earlier"])
    before = new_store_with_earlier_batch(db, files["earlier"])
    full_run = zygote.run(op="run", db=str(reference), dataset="調査", fingerprint="f")["done"]
    full_vectors = zygote.run(op="embeddings", db=str(reference), n=5_000)["done"]
    for request in (dict(op="run", fingerprint="f", kill={"ops": full_run["ops"] // 2}),
                    dict(op="run", fingerprint="f", kill={"at": "COMMIT"}),
                    dict(op="embeddings", n=5_000, kill={"ops": full_vectors["ops"] // 2})):
        events = zygote.run(db=str(db), dataset="調査", **request)
        assert events["exit"]["signal"] == signal.SIGKILL and "done" not in events, request
        after = check_store(db)
        assert after.counts == before.counts and after.runs == {}
    zygote.run(op="run", db=str(db), dataset="調査", fingerprint="f")
    assert check_store(db).runs == check_store(reference).runs == {1: int(before.batches["n_kept"].sum())}


def run_until(marker: str, delay: float, survey: Path, db: Path, out: Path) -> tuple[list[str], list[int], list[int]]:
    """Start ``analyze``, SIGKILL its process group ``delay`` s after it reports ``marker``.
    Returns (output lines, group members at the kill, members left alive after)."""
    proc = subprocess.Popen(analyze_command(survey, db, out), cwd=REPO, env=child_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, encoding="utf-8", start_new_session=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if marker in line:
            break
    else:
        pytest.fail(f"analyze ended before '{marker}':\n{''.join(lines)}")
    time.sleep(delay)
    members, left = kill_group(proc)
    return lines, members, left


def embedded_share(path: Path) -> float:
    """Share of the dataset's distinct texts that have a cached vector."""
    with Store(path) as store:
        hashes = set(store.load_answers(store.dataset_id("調査"))["text_hash"])
        model = store._query("SELECT DISTINCT model_id FROM embeddings")
        found = store.get_embeddings(model[0][0], list(hashes)) if model else {}
        return len(found) / len(hashes)


def test_analysis_killed_while_embedding_and_while_mapping_reruns_to_the_same_result(reference_analysis):
    ref = reference_analysis
    survey, db = ref["survey"], ref["killed"]
    before = check_store(db)

    lines, members, left = run_until("embed ...", 0.5, survey, db, ref["root"] / "out1")
    assert left == [], f"processes outlived the kill: {left}"
    after = check_store(db)
    assert after.digests == before.digests and after.runs == {}
    assert embedded_share(db) in (0.0, 1.0)  # the cache takes a batch of vectors whole or not at all

    lines, members, left = run_until("map ...", 0.2, survey, db, ref["root"] / "out2")
    assert len(members) >= 2, "the map worker should have been running"
    assert left == [], f"processes outlived the kill: {left}"
    after = check_store(db)
    assert after.digests == before.digests and after.runs == {}
    assert embedded_share(db) == 1.0  # embedding finished before the map started

    rerun = subprocess.run(analyze_command(survey, db, ref["root"] / "out3"), cwd=REPO, env=child_env(),
                           capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert ref["proc"].wait(timeout=300) == 0, ref["proc"].stdout.read()
    assert check_store(db).runs == check_store(ref["reference"]).runs == {1: 268}
    with Store(db) as a, Store(ref["reference"]) as b:
        got = load_analysis(a, a.latest_run(a.dataset_id("調査")))
        want = load_analysis(b, b.latest_run(b.dataset_id("調査")))
    assert got.info.fingerprint == want.info.fingerprint
    columns = ["answer_id", "theme", "topic", "theme_label", "topic_label", "low_confidence"]
    pd.testing.assert_frame_equal(got.answers[columns], want.answers[columns])
    np.testing.assert_allclose(got.answers[["x", "y"]], want.answers[["x", "y"]], atol=1e-5)
    keep = ["level", "cluster_id", "parent", "size", "label", "keywords", "representatives"]
    pd.testing.assert_frame_equal(got.clusters[keep], want.clusters[keep])


def test_the_worker_does_not_outlive_a_main_process_killed_alone():
    code = ("import time; from listening.embed import worker; f = worker.submit(time.sleep, 120); "
            "print('worker started', flush=True); time.sleep(120)")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, env=child_env(), stdout=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        assert proc.stdout.readline().startswith("worker started")
        deadline = time.monotonic() + 30
        while len(group_members(proc.pid)) < 3 and time.monotonic() < deadline:  # main, tracker, worker
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # the main process only
        proc.wait(timeout=30)
        deadline = time.monotonic() + 3
        while group_members(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert group_members(proc.pid) == []
    finally:
        for pid in group_members(proc.pid):  # what this test started, by id
            os.kill(pid, signal.SIGKILL)
