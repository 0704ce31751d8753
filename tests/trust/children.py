"""Processes the crash and concurrency tests start, kill and watch.

Run as ``python -m tests.trust.children COMMAND ...`` from the repository root. Each
command prints one JSON object per line on stdout, so the test can follow it.

``zygote``: reads and masks a big file once, then forks one child per request read
from stdin. A child writes to the store (the batch transaction of an import, a run,
the embedding cache) and is killed with SIGKILL inside its transaction: by itself at
an exact point (after K SQLite progress callbacks, or as COMMIT starts), or by the
test from outside. Forking spares ~10 s of reading and masking per kill.
"""
from __future__ import annotations

import dataclasses
import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path

PROGRESS_STEP = 1000  # SQLite VM instructions between progress callbacks


def emit(**event) -> None:
    print(json.dumps(event, ensure_ascii=False), flush=True)


def arm(store, kill: dict | None) -> dict:
    """Count progress callbacks once the write transaction begins; SIGKILL this process
    at ``kill`` ({"ops": K} or {"at": "COMMIT"}). Returns the live counter."""
    state = {"armed": False, "ops": 0}
    conn = store._conn

    def on_statement(sql: str) -> None:
        if sql.startswith("BEGIN"):
            state["armed"], state["begin"] = True, time.perf_counter()
            emit(event="begin", t=time.time())
        elif sql == "COMMIT" and kill and kill.get("at") == "COMMIT":
            os.kill(os.getpid(), signal.SIGKILL)

    def on_progress() -> int:
        if state["armed"]:
            state["ops"] += 1
            if kill and state["ops"] >= kill.get("ops", float("inf")):
                os.kill(os.getpid(), signal.SIGKILL)
        return 0

    conn.set_trace_callback(on_statement)
    conn.set_progress_handler(on_progress, PROGRESS_STEP)
    return state


def zygote(csv_path: str) -> None:
    import numpy as np
    import pandas as pd

    from listening.analysis.pipeline import import_file, read_answers
    from listening.privacy.masking import mask_answers
    from listening.store import Store

    from .common import COLUMNS as columns

    data = Path(csv_path).read_bytes()
    started = time.perf_counter()
    table, answers = read_answers(data, Path(csv_path).name, columns)
    masked, findings = mask_answers(answers.kept)
    answers = dataclasses.replace(answers, kept=masked)
    mapping = columns.as_dict() | {"attributes": list(answers.attributes)}
    emit(event="ready", n_in=answers.n_in, n_kept=len(masked), n_dropped=len(answers.dropped),
         n_findings=len(findings), prepare_s=round(time.perf_counter() - started, 2))

    def work(request: dict, store) -> dict:
        """What import_file does once the file is read and masked, or a run, or vectors."""
        op = request["op"]
        if op == "batch":
            _, batch_id = store.add_batch(request["dataset"], table, answers, mapping, findings=findings)
            return {"batch_id": batch_id}
        if op == "import":  # the whole import, reading and masking included
            result = import_file(store, request["dataset"], data, Path(csv_path).name, columns)
            return {"batch_id": result.batch_id, "reused": result.reused}
        if op == "run":
            dataset_id = store.dataset_id(request["dataset"])
            pks = store.load_answers(dataset_id)["pk"].to_numpy()
            n = len(pks)
            assignments = pd.DataFrame({"pk": pks, "theme": pks % 3, "topic": pks % 6, "x": np.zeros(n),
                                        "y": np.zeros(n), "confidence": np.ones(n), "low_confidence": pks % 2})
            clusters = pd.DataFrame({"level": ["theme"] * 3, "cluster_id": range(3), "parent": [None] * 3,
                                     "size": [n // 3] * 3, "label": ["a", "b", "c"], "keywords": [["k"]] * 3,
                                     "representatives": [[]] * 3})
            return {"run_id": store.save_run(dataset_id, request["fingerprint"], {}, {}, assignments, clusters)}
        if op == "embeddings":
            rng = np.random.default_rng(request.get("seed", 0))
            n = request["n"]
            hashes = [f"{request.get('seed', 0)}-{i}" for i in range(n)]
            store.put_embeddings("kill-test", hashes, rng.normal(size=(n, 512)).astype(np.float32))
            return {"n": n}
        raise ValueError(f"unknown op {op}")

    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                store = Store(request["db"])
                state = arm(store, request.get("kill"))
                started = time.perf_counter()
                result = work(request, store)
                seconds = round(time.perf_counter() - state.get("begin", started), 3)  # BEGIN to COMMIT
                wal = Path(request["db"] + "-wal")
                wal_bytes = wal.stat().st_size if wal.exists() else 0
                store.close()
                emit(event="done", ops=state["ops"], seconds=seconds, wal_bytes=wal_bytes, **result)
            except BaseException:  # noqa: BLE001 - reported to the test, which fails on it
                emit(event="error", detail=traceback.format_exc())
                code = 1
            os._exit(code)
        emit(event="child", pid=pid)
        _, status = os.waitpid(pid, 0)
        emit(event="exit", signal=os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
             code=os.WEXITSTATUS(status) if os.WIFEXITED(status) else None)


def importer(db: str, dataset: str, barrier_dir: str, name: str, timeouts: str, *files: str) -> None:
    """Import ``files`` one per round, each round starting when every importer is at the
    barrier, each on a new connection (one upload, one session) with that round's busy
    timeout in seconds (``timeouts``: comma-separated)."""
    from listening.analysis.pipeline import import_file
    from listening.store import Store
    from listening.store.base import StoreBusy

    from .common import COLUMNS

    barrier = Path(barrier_dir)
    for rnd, (path, timeout) in enumerate(zip(files, timeouts.split(","))):
        data = Path(path).read_bytes()
        (barrier / f"{rnd}-{name}").touch()
        while len(list(barrier.glob(f"{rnd}-*"))) < int(os.environ.get("IMPORTERS", "2")):
            time.sleep(0.002)
        started = time.time()
        try:
            with Store(db, busy_timeout=float(timeout)) as store:
                result = import_file(store, dataset, data, Path(path).name, COLUMNS)
            emit(event="imported", round=rnd, file=Path(path).name, batch_id=result.batch_id,
                 n_kept=len(result.answers.kept), start=started, end=time.time())
        except StoreBusy as exc:
            emit(event="busy", round=rnd, file=Path(path).name, code=exc.code, message=str(exc),
                 start=started, end=time.time())


def reader(db: str, dataset: str, stop_file: str) -> None:
    """Read the dataset's answers and latest run over and over until ``stop_file`` appears;
    report how many answers of each batch, and assignments of each run, every read saw."""
    from listening.store import Store

    batches: dict[int, list[int]] = {}
    runs: dict[int, list[int]] = {}
    reads = 0
    with Store(db) as store:
        while not Path(stop_file).exists():
            dataset_id = store.dataset_id(dataset)
            if dataset_id is None:
                time.sleep(0.01)
                continue
            for batch_id, n in store.load_answers(dataset_id)["batch_id"].value_counts().items():
                seen = batches.setdefault(int(batch_id), [])
                if n not in seen:
                    seen.append(int(n))
            if (run_id := store.latest_run(dataset_id)) is not None:
                seen = runs.setdefault(run_id, [])
                if (n := len(store.load_run(run_id)[1])) not in seen:
                    seen.append(n)
            reads += 1
    emit(event="seen", reads=reads, batches=batches, runs=runs)


if __name__ == "__main__":
    commands = {"zygote": zygote, "importer": importer, "reader": reader}
    commands[sys.argv[1]](*sys.argv[2:])
