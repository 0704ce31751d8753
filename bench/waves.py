"""Survey waves: time to add a batch to an analysed dataset, and how stable clusters are.

1. Synthetic (bench/speed.py's survey builder): analyse ``--n`` answers as the first
   batch, then add ``--add`` more as a second batch on the existing map; prints the
   time of ``add_to_run`` in this process (embedding the new texts included) and of
   a whole ``python -m listening batch add`` process. Target: 1,000 into 10,000
   within 5 s on 2 cores.
2. Real monthly batches (../shared/data/fukui_survey/, one month = one batch): each
   month added in turn, then a full re-analysis matched to the placed run: share of
   answers kept in their matched topic; the same re-analysis again (same data, same
   seed: target >= 95 % kept); new voices, duplicate groups, coordinated bursts and
   significant wave changes.

    python bench/waves.py                # 10,000 + 1,000 and the Fukui months
    python bench/waves.py --skip-fukui
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from common import DATA, FUKUI_QUESTIONS, REPO, format_table, require
from speed import load_average, write_survey

SETTINGS_NOTE = "seed 0, automatic theme/topic counts"


def _timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def synthetic(n: int, add: int, work: Path) -> list[list[object]]:
    from listening.analysis import ColumnChoice, analyze, import_file
    from listening.store import Store
    from listening.waves import add_to_run

    survey = work / "survey.csv"
    write_survey(survey, n + add, seed=0)
    frame = pd.read_csv(survey, encoding="cp932", dtype=str, keep_default_na=False)
    first, second = work / "wave1.csv", work / "wave2.csv"
    frame.head(n).to_csv(first, index=False, encoding="cp932")
    frame.tail(add).to_csv(second, index=False, encoding="cp932")
    columns = ColumnChoice(text=("回答",), attributes=("年代", "性別", "校区"))
    rows = []
    db = work / "synthetic.db"
    with Store(db) as store:
        imported = import_file(store, "synthetic", first.read_bytes(), first.name, columns)
        base, seconds = _timed(analyze, store, imported.dataset_id)
        rows.append([f"analyse {n:,} (first batch)", f"{seconds:.1f}", "-"])
        shutil.copy(db, work / "before_add.db")
        _, seconds = _timed(import_file, store, "synthetic", second.read_bytes(), second.name, columns)
        rows.append([f"import {add:,} (mask, store)", f"{seconds:.2f}", "-"])
        # As in the app (a long-running server): the model is loaded in this process and in the worker.
        from listening.analysis import prepare_worker
        from listening.embed import DEFAULT_MODEL, get_embedder, worker

        get_embedder(DEFAULT_MODEL).embed(["準備"])
        ready = worker.submit(prepare_worker, True, False)
        if ready is not None:
            ready.result()
        child, seconds = _timed(add_to_run, store, imported.dataset_id, base.run_id)
        update = child.info.update
        rows.append([f"add_to_run {add:,} into {n:,} (embed, tokenise, place, save; model loaded)",
                     f"{seconds:.2f}",
                     f"≤ 5 s: {'met' if seconds <= 5 else 'missed'}; {len(update.new_voices)} new voices"])
    # The scheduled monthly import as it runs: a new process on the store before the add.
    env = dict(os.environ)
    command = [sys.executable, "-m", "listening", "batch", "add", str(second), "--dataset", "synthetic",
               "--text", "回答", "--attr", "年代", "--attr", "性別", "--attr", "校区",
               "--db", str(work / "before_add.db"), "--out", str(work / "out")]
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True)
    rows.append([f"python -m listening batch add {add:,} (new process, outputs)",
                 f"{time.perf_counter() - start:.1f}", "process start-up and outputs included"])
    return rows


def fukui(work: Path) -> None:
    import numpy as np

    from listening.analysis import ColumnChoice, analyze, import_file
    from listening.embed import embed_with_cache, get_embedder
    from listening.store import Store
    from listening.waves import add_to_run, coordinated_bursts, duplicate_groups, reanalyze, wave_table

    months = sorted(require(DATA / "fukui_survey").glob("*.csv"))
    columns = ColumnChoice(text=FUKUI_QUESTIONS, attributes=("年代", "性別"))
    rows = []
    with Store(work / "fukui.db") as store:
        run = None
        for path in months:
            imported = import_file(store, "fukui", path.read_bytes(), path.name, columns,
                                   collected_on=f"{path.stem[:4]}-{path.stem[4:]}-01")
            if run is None:
                run, seconds = _timed(analyze, store, imported.dataset_id)
                rows.append([path.name, len(imported.answers.kept), f"{seconds:.1f}", "analysed in full", "-"])
            else:
                run, seconds = _timed(add_to_run, store, imported.dataset_id, run.run_id)
                rows.append([path.name, len(imported.answers.kept), f"{seconds:.1f}", "placed",
                             len(run.info.update.new_voices)])
        print(format_table(["batch", "answers", "seconds", "how", "new voices"], rows))
        dataset = run.dataset_id
        result, seconds = _timed(reanalyze, store, dataset, run.run_id)
        again = reanalyze(store, dataset, result.analysis.run_id)
        print(f"\nfull re-analysis after the last month ({seconds:.1f} s): {result.kept_share:.1%} of answers kept "
              f"their matched topic (k-means on real survey text reshuffles; placing keeps 100 % by design); "
              f"same data and seed again: {again.kept_share:.1%} kept (target ≥ 95 %)")
        report = result.topics.changes if result.topics else pd.DataFrame({"kind": []})
        print("topic changes: " + ", ".join(f"{k} {v}" for k, v in report["kind"].value_counts().items()))
        answers = result.analysis.answers
        vectors, _ = embed_with_cache(store, get_embedder(result.analysis.info.model), answers["text"].tolist(),
                                      answers["text_hash"].tolist())
        groups, seconds = _timed(duplicate_groups, answers["text"].tolist(), vectors)
        bursts = coordinated_bursts(groups, answers["batch_id"].to_numpy(), order=np.arange(len(answers)))
        kinds = groups.drop_duplicates("group")["kind"].value_counts().to_dict()
        print(f"duplicates ({seconds:.2f} s): {groups['group'].nunique()} groups {kinds}, "
              f"{len(groups)} answers in them; {len(bursts)} possible coordinated bursts")
        batches = store.list_batches(dataset)
        table = wave_table(answers, "topic", batch_dates=dict(zip(batches["id"], batches["collected_on"])))
        print(f"wave table: {len(table)} rows, {int(table['significant'].sum())} significant topic changes "
              f"(Holm, α = 0.05)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="answers in the first batch (default 10000)")
    parser.add_argument("--add", type=int, default=1_000, help="answers in the added batch (default 1000)")
    parser.add_argument("--skip-fukui", action="store_true", help="only the synthetic timing")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="listening-waves-"))
    try:
        print(f"machine: {os.cpu_count()} CPUs, load average {load_average()}; {SETTINGS_NOTE}")
        print(format_table(["step", "seconds", "note"], synthetic(args.n, args.add, work)))
        if not args.skip_fukui:
            print()
            fukui(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
