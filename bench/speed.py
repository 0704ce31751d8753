"""End-to-end speed and memory of ``python -m listening analyze`` in a fresh process.

Builds a synthetic Japanese survey of ``--n`` distinct answers (~60 characters, each
two real sentences joined: JSTS captions, Fukui survey answers and this project's
sample survey, all read at run time) with 年代/性別/校区 columns, saved as CP932 CSV
in a temporary folder. Then, each in a new process against a new store:

1. ``analyze`` from scratch: wall time, per-step timings from run.json, peak memory;
2. ``analyze --topics 25`` on the same store: re-clustering from cached embeddings;
3. ``export --public`` of that analysis: the four public files.

    python bench/speed.py --n 10000        # targets: 30 s; re-cluster 2 s
    python bench/speed.py --n 100000       # targets: 300 s, 3 GB

Timings mean something only on an otherwise idle machine: the load average is printed.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from common import DATA, REPO, format_table, fukui_answers, require, thread_settings

RECLUSTER_TARGET_S = 2.0
RECLUSTER_TOPICS = 25
# Steps that run one after another in the main thread; they add up to the analysis time.
SERIAL_STEPS = ("load", "embed", "wait_background", "space", "cluster", "label", "map", "name", "save")
BACKGROUND_STEPS = ("tokenize", "phrases")  # on worker threads while "embed" runs
_ENDINGS = "。！？!?.）)」"


def sentence_pool() -> tuple[list[str], dict[str, list[str]]]:
    """Normalised, CP932-safe sentences from three real sources, and attribute value draws."""
    from listening.ingest import read_path, select_answers
    from listening.text import normalize_text

    raw: list[str] = []
    with open(require(DATA / "jsts_valid.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            raw += [row["sentence1"], row["sentence2"]]
    raw += fukui_answers()[0]["text"].tolist()
    sample = read_path(require(REPO / "sample_data" / "survey_ja.csv"))
    questions = [c for c in sample.frame.columns if str(c).startswith("問")]
    raw += select_answers(sample, questions).kept["text"].tolist()
    pool = []
    for text in dict.fromkeys(normalize_text(t) for t in raw):
        if 5 <= len(text) <= 60 and _cp932_safe(text):
            pool.append(text)
    # Attribute values as often as the project's sample survey has them.
    attrs = {c: sample.frame[c].dropna().astype(str).tolist() for c in ("年代", "性別", "校区")}
    return pool, attrs


def _cp932_safe(text: str) -> bool:
    try:
        text.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def synthetic_answers(n: int, pool: list[str], seed: int) -> list[str]:
    """``n`` distinct answers of 40-90 characters, each two pool sentences joined."""
    rng = np.random.default_rng(seed)
    seen: dict[str, None] = {}
    while len(seen) < n:
        pairs = rng.integers(0, len(pool), size=(max(1024, 2 * (n - len(seen))), 2))
        for i, j in pairs:
            if i == j:
                continue
            a, b = pool[i], pool[j]
            text = a + ("" if a[-1] in _ENDINGS else "。") + b
            if 40 <= len(text) <= 90:
                seen.setdefault(text)
                if len(seen) == n:
                    break
    return list(seen)


def write_survey(path: Path, n: int, seed: int) -> dict:
    """The synthetic survey as a CP932 CSV; returns a few facts about it."""
    import pandas as pd

    pool, attrs = sentence_pool()
    texts = synthetic_answers(n, pool, seed)
    rng = np.random.default_rng(seed + 1)
    frame = pd.DataFrame({"回答": texts} | {c: rng.choice(v, size=n) for c, v in attrs.items()})
    frame.to_csv(path, index=False, encoding="cp932")
    lengths = np.array([len(t) for t in texts])
    return {"pool": len(pool), "mean_chars": float(lengths.mean()), "median_chars": float(np.median(lengths)),
            "bytes": path.stat().st_size}


class TreeMemory:
    """Samples the summed RSS of a process and all its descendants (the UMAP worker
    runs in a child process, so one process's peak understates the total)."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in _tree(self.pid)))


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_cli(args: list[str], env: dict, timeout: float) -> dict:
    """Run ``python -m listening ARGS`` in a new process; wall time and peak memory."""
    gnu_time = shutil.which("time")  # GNU time -v reports the peak RSS of the process
    command = [sys.executable, "-m", "listening", *args]
    if gnu_time:
        command = [gnu_time, "-v", *command]
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8", errors="replace")
    with TreeMemory(proc.pid) as memory:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            raise SystemExit(f"timed out after {timeout:.0f} s: {' '.join(command)}\n{stderr[-2000:]}")
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(command)}\n{stdout[-2000:]}\n{stderr[-3000:]}")
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    if match:
        single_kb = int(match.group(1))
    else:  # no GNU time: the largest child this process has waited for so far
        import resource

        single_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"wall": wall, "single_peak_gb": single_kb / 1024**2, "tree_peak_gb": memory.peak_kb / 1024**2,
            "stdout": stdout}


def start_up_seconds(env: dict) -> float:
    """Fresh interpreter importing the CLI and the pipeline: the fixed cost of every run."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import listening.cli.main, listening.analysis.pipeline"],
                   cwd=REPO, env=env, check=True)
    return time.perf_counter() - start


def step_rows(timings: dict) -> tuple[list[list], float]:
    """Per-step rows (serial steps, background steps, remainder) and the serial sum."""
    rows, serial = [], 0.0
    for step in SERIAL_STEPS:
        if step in timings:
            rows.append([step, float(timings[step]), ""])
            serial += float(timings[step])
    for step in BACKGROUND_STEPS:
        if step in timings:
            rows.append([step, float(timings[step]), "background thread, overlaps embed"])
    known = set(SERIAL_STEPS) | set(BACKGROUND_STEPS) | {"total"}
    for step, seconds in timings.items():
        if step not in known:
            rows.append([step, float(seconds), "not in the serial sum"])
    if "total" in timings:
        rows.append(["read + import file + write outputs", float(timings["total"]) - serial,
                     "total - serial steps"])
        rows.append(["total (inside the process)", float(timings["total"]), "run.json timings.total"])
    return rows, serial


def load_average() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def verdict(value: float, limit: float | None) -> str:
    if limit is None:
        return "-"
    return "met" if value <= limit else "NOT met"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of answers (default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic survey (default 0)")
    parser.add_argument("--fresh-numba-cache", action="store_true",
                        help="compile UMAP from scratch (a first-ever run) instead of using the user's numba cache")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (CSV, store, outputs)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per run (default 1800)")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="listening-speed-"))
    env = dict(os.environ)
    env.pop("LISTENING_DB", None)
    if args.fresh_numba_cache:
        env["NUMBA_CACHE_DIR"] = str(work / "numba")
    try:
        survey = work / f"survey_{args.n}.csv"
        start = time.perf_counter()
        facts = write_survey(survey, args.n, args.seed)
        print(f"synthetic survey: {args.n} distinct answers, mean {facts['mean_chars']:.1f} chars "
              f"(median {facts['median_chars']:.0f}), pool {facts['pool']} sentences, "
              f"{facts['bytes'] / 1e6:.1f} MB CP932, built in {time.perf_counter() - start:.1f} s")
        print(f"machine: {os.cpu_count()} CPUs, load average {load_average()}; {thread_settings()}; "
              f"numba cache: {env.get('NUMBA_CACHE_DIR', '~/.cache/listening-numba (the user cache)')}")
        startup = start_up_seconds(env)
        print(f"process start-up (python + import listening.cli.main/pipeline): {startup:.2f} s")

        db = work / "store.db"
        base = [str(survey), "--text", "回答", "--attr", "年代", "--attr", "性別", "--attr", "校区", "--db", str(db)]
        first = run_cli(["analyze", *base, "--out", str(work / "out")], env, args.timeout)
        timings = json.loads((work / "out" / "run.json").read_text(encoding="utf-8"))["timings"]
        rows, _ = step_rows(timings)
        print(f"\n1. analyze, new process, new store: wall {first['wall']:.1f} s, "
              f"peak RSS {first['tree_peak_gb']:.2f} GB (process tree, sampled) / "
              f"{first['single_peak_gb']:.2f} GB (largest single process)")
        print(format_table(["step", "seconds", "note"], rows))
        summary = [line for line in first["stdout"].splitlines() if "->" in line]
        print("   " + (summary[0] if summary else ""))

        print(f"\nload average before re-clustering: {load_average()}")
        second = run_cli(["analyze", *base, "--topics", str(RECLUSTER_TOPICS), "--out", str(work / "out2")],
                         env, args.timeout)
        timings2 = json.loads((work / "out2" / "run.json").read_text(encoding="utf-8"))["timings"]
        rows2, serial2 = step_rows(timings2)
        after_embed = serial2 - sum(float(timings2.get(s, 0.0)) for s in ("load", "embed"))
        print(f"\n2. analyze --topics {RECLUSTER_TOPICS}, new process, same store: wall {second['wall']:.1f} s, "
              f"peak RSS {second['tree_peak_gb']:.2f} GB")
        print(format_table(["step", "seconds", "note"], rows2))
        print(f"   re-clustering after embed (steps after 'embed'): {after_embed:.2f} s; "
              f"process start-up and exit: {second['wall'] - float(timings2.get('total', 0.0)):.2f} s")

        print(f"\nload average before exporting: {load_average()}")
        third = run_cli(["export", "--dataset", survey.stem, "--public", "--db", str(db),
                         "--out", str(work / "public")], env, args.timeout)
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in sorted((work / "public").iterdir()))
        print(f"\n3. export --public (report.html, summary.xlsx, answers_bom.csv, export.json), new process: "
              f"wall {third['wall']:.1f} s, peak RSS {third['tree_peak_gb']:.2f} GB; {sizes}")

        peak = max(first["tree_peak_gb"], first["single_peak_gb"])
        at_10k, at_100k = args.n == 10_000, args.n == 100_000
        print(f"\nTargets (set for n = 10,000 and n = 100,000; this run: n = {args.n}, "
              f"wall {first['wall']:.1f} s, peak {peak:.2f} GB)")
        print(format_table(["measure", "measured", "target", "verdict"], [
            ["analyze wall, 10k", f"{first['wall']:.1f} s" if at_10k else "-", "≤ 30 s",
             verdict(first["wall"], 30.0) if at_10k else "-"],
            ["re-cluster after embed, 10k", f"{after_embed:.2f} s" if at_10k else "-",
             f"≤ {RECLUSTER_TARGET_S:.0f} s", verdict(after_embed, RECLUSTER_TARGET_S) if at_10k else "-"],
            ["analyze wall, 100k", f"{first['wall']:.1f} s" if at_100k else "-", "≤ 300 s",
             verdict(first["wall"], 300.0) if at_100k else "-"],
            ["peak RSS, 100k", f"{peak:.2f} GB" if at_100k else "-", "≤ 3 GB",
             verdict(peak, 3.0) if at_100k else "-"],
        ]))
        if args.keep:
            print(f"\nkept: {work}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
