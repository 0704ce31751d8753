"""What the crash and concurrency tests share: survey files, child processes, store checks."""
from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from listening.analysis.pipeline import ColumnChoice
from listening.store import Store

REPO = Path(__file__).resolve().parents[2]
COLUMNS = ColumnChoice(("回答",), "id", ("年代",))

_PLACES = ["バス", "駅前", "公園", "歩道", "子ども食堂", "図書館", "ゴミ置き場", "街灯", "商店街", "保育園",
           "避難所", "診療所", "空き家", "川沿い", "駐輪場", "公民館"]
_SAYINGS = ["が少ない", "を増やしてほしい", "が暗くて危ない", "が遠くて不便", "がきれいになった",
            "を直してほしい", "の場所がわからない", "がもっと使いやすいといい"]


def survey_csv(n_rows: int, seed: int = 0, prefix: str = "r") -> bytes:
    """A UTF-8 survey export of short Japanese answers: some blank, some 特になし (dropped),
    some with a phone number or an e-mail address (masked, so the findings table fills too)."""
    rnd = random.Random(seed)
    lines = ["id,回答,年代"]
    for i in range(n_rows):
        text = f"{rnd.choice(_PLACES)}{rnd.choice(_SAYINGS)}{i}"
        if i % 50 == 7:
            text = ""
        elif i % 97 == 3:
            text = "特になし"
        elif i % 101 == 5:
            text += " 連絡は090-1234-5678まで"
        elif i % 203 == 9:
            text += f" mail{i}@example.jp"
        lines.append(f"{prefix}{i},{text},{rnd.choice(['20代', '30代', '40代', '60代'])}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def child_env() -> dict[str, str]:
    """One BLAS thread per process on a 2-core machine; no network for models."""
    return dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
                HF_HUB_OFFLINE="1", PYTHONIOENCODING="utf-8")


def start_child(*args: str, **popen) -> subprocess.Popen:
    """``python -m tests.trust.children ARGS`` in its own process group, JSON lines on stdout."""
    return subprocess.Popen([sys.executable, "-m", "tests.trust.children", *args], cwd=REPO, env=child_env(),
                            stdout=subprocess.PIPE, text=True, encoding="utf-8", start_new_session=True, **popen)


def read_events(proc: subprocess.Popen) -> list[dict]:
    return [json.loads(line) for line in proc.stdout if line.startswith("{")]


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:  # ended while we looked
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry))
    return members


def kill_group(proc: subprocess.Popen, wait_s: float = 10.0) -> tuple[list[int], list[int]]:
    """SIGKILL a child's whole process group (it and the workers it spawned).

    Returns (members at the kill, members still alive after ``wait_s``)."""
    members = group_members(proc.pid)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + wait_s
    while (left := group_members(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return members, left


@dataclass(frozen=True)
class StoreState:
    batches: pd.DataFrame  # id, name, n_in, n_kept, n_dropped, input_hash
    digests: dict[int, str]  # batch id -> hash of its answers, dropped rows and findings
    counts: dict[str, int]
    runs: dict[int, int]  # run id -> assignments


def batch_digest(store: Store, batch_id: int) -> str:
    h = hashlib.sha256()
    for sql in (
        """SELECT answer_id, respondent_id, question, source, row, text, language, text_hash, attrs, raw_text
           FROM answers WHERE batch_id = ? ORDER BY pk""",
        "SELECT row, respondent_id, question, reason, text FROM dropped WHERE batch_id = ? ORDER BY row, question",
        """SELECT a.answer_id, f.kind, f.start, f.stop, f.original FROM findings f
           JOIN answers a ON a.pk = f.answer_pk WHERE a.batch_id = ? ORDER BY a.answer_id, f.start""",
    ):
        h.update(repr(store._query(sql, (batch_id,))).encode("utf-8"))
    return h.hexdigest()


def check_store(path: Path) -> StoreState:
    """Open the store as the app would after a crash and assert what must always hold:
    the file is sound, every batch is whole, every run has its assignments, every
    artefact reads back. Returns the state for before/after comparisons."""
    with Store(path) as store:
        assert store._query("PRAGMA integrity_check") == [("ok",)]
        assert store._query("PRAGMA foreign_key_check") == []
        batches = store._frame("SELECT id, name, n_in, n_kept, n_dropped, input_hash FROM batches ORDER BY id")
        for b in batches.itertuples():
            (kept,), = store._query("SELECT COUNT(*) FROM answers WHERE batch_id = ?", (b.id,))
            (dropped,), = store._query("SELECT COUNT(*) FROM dropped WHERE batch_id = ?", (b.id,))
            assert (kept, dropped) == (b.n_kept, b.n_dropped), f"half batch {b.id}: {kept}/{b.n_kept} kept"
        runs = dict(store._query(
            "SELECT r.id, COUNT(ra.answer_pk) FROM runs r LEFT JOIN run_answers ra ON ra.run_id = r.id GROUP BY r.id"))
        for run_id, n in runs.items():
            (clusters,), = store._query("SELECT COUNT(*) FROM run_clusters WHERE run_id = ?", (run_id,))
            assert n > 0 and clusters > 0, f"run {run_id} without its assignments or clusters"
        for (key,) in store._query("SELECT key FROM artefacts"):
            assert (store.get_json(key) if key.startswith(("tokens:", "phrases:")) else store.get_arrays(key)) is not None
        digests = {int(b): batch_digest(store, int(b)) for b in batches["id"]}
        return StoreState(batches, digests, store.counts(), runs)


def assert_unchanged_or_one_whole_batch(before: StoreState, after: StoreState, n_kept: int) -> bool:
    """Earlier batches are exactly as they were; a new batch is there whole or not at all.
    Returns whether the new batch landed."""
    for batch_id, digest in before.digests.items():
        assert after.digests.get(batch_id) == digest, f"earlier batch {batch_id} changed"
    pd.testing.assert_frame_equal(after.batches.head(len(before.batches)), before.batches)
    new = after.batches.iloc[len(before.batches):]
    assert len(new) <= 1
    if len(new):
        assert int(new["n_kept"].iat[0]) == n_kept
    return bool(len(new))
