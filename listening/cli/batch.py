"""CLI for survey waves: ``batch add`` (scheduled monthly imports), ``batch remove``, ``batch list``."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from listening.analysis import ColumnChoice
from listening.types import InputError
from listening.workspace import Workspace, open_workspace

from .outputs import write_outputs, write_waves


def add_column_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--text", action="append", default=[], metavar="COL",
                   help="free-text column; repeat for several questions (each answer keeps its question). "
                        "Not needed for hearing notes")
    p.add_argument("--attr", action="append", default=[], metavar="COL",
                   help="attribute column to keep and cross-tabulate (age group, gender, district ...); repeatable")
    p.add_argument("--id", metavar="COL", help="respondent id column (default: stable ids from file and row)")
    p.add_argument("--lang", choices=("auto", "ja", "ko"), default="auto",
                   help="language of the answers: auto detects each answer by its script (default auto)")


def add_batch_commands(sub, db_help: str) -> None:
    b = sub.add_parser("batch", help="add, remove or list the batches (survey waves) of a dataset",
                       description="Survey waves. `batch add` imports one file as a new batch, places its answers "
                                   "on the dataset's existing map and clusters (earlier answers and curated labels "
                                   "stay as they are; the first batch is analysed in full) and writes the same files "
                                   "as analyze for the whole dataset plus waves.csv. `batch remove` undoes a batch "
                                   "exactly. `batch list` shows batches with dates and counts.")
    b.add_argument("action", choices=("add", "remove", "list"), help="add a file, remove a batch, or list batches")
    b.add_argument("input", nargs="?", metavar="INPUT", help="for add: the survey file or hearing notes to add")
    b.add_argument("--dataset", required=True, metavar="NAME", help="dataset name (created by the first add)")
    b.add_argument("--batch", type=int, metavar="ID", help="for remove: the batch id (see `batch list`)")
    b.add_argument("--date", metavar="YYYY-MM-DD", help="for add: date of the wave (default: today)")
    b.add_argument("--name", metavar="TEXT", help="for add: batch name (default: the file name)")
    b.add_argument("--out", metavar="DIR", help="for add: folder for answers.csv, clusters.csv, crosstabs, "
                                                "run.json and waves.csv")
    b.add_argument("--level", choices=("theme", "topic"), default="topic",
                   help="for add: cluster level of waves.csv (default topic)")
    add_column_options(b)
    b.add_argument("--db", default=None, metavar="PATH", help=db_help)


def batch_command(args, db: str, user) -> int:
    with open_workspace(db, user) as ws:
        dataset_id = ws.dataset_id(args.dataset)
        if args.action == "list":
            if dataset_id is None:
                raise ValueError(f"no dataset named {args.dataset!r} in the store")
            for b in ws.batches(dataset_id).itertuples():
                print(f"{b.id}\t{b.collected_on}\t{b.name}\t{b.n_kept} kept / {b.n_in} in\timported {b.created_at}")
            return 0
        if args.action == "remove":
            if dataset_id is None or args.batch is None:
                raise ValueError("batch remove needs --dataset and --batch")
            if args.batch not in set(ws.batches(dataset_id)["id"].tolist()):
                raise ValueError(f"dataset {args.dataset!r} has no batch {args.batch}")
            ws.remove_batch(args.batch)
            print(f"removed batch {args.batch}; the dataset is as it was before it")
            return 0
        return _add(args, ws, dataset_id)


def _add(args, ws: Workspace, dataset_id: int | None) -> int:
    from listening.waves import wave_table

    if not args.input or not args.out:
        raise ValueError("batch add needs INPUT and --out")
    path = Path(args.input)
    if not path.is_file():
        raise InputError("file not found", file=str(path))
    started = time.perf_counter()
    notes = path.suffix.lower() in (".md", ".markdown", ".txt")
    columns = ColumnChoice(lang=args.lang) if notes else \
        ColumnChoice(tuple(args.text), args.id, tuple(args.attr), args.lang)
    result = ws.import_file(args.dataset, path.read_bytes(), path.name, columns, batch_name=args.name,
                            collected_on=args.date)
    a = result.answers
    print(f"{path.name}: batch {result.batch_id}, {a.n_in} answers in, {len(a.kept)} kept"
          + (" (already imported)" if result.reused else ""))
    previous = ws.latest_run(result.dataset_id)
    if previous is None:
        analysis = ws.analyze(result.dataset_id)
        print("first batch: analysed in full")
    else:
        analysis = ws.add_to_run(result.dataset_id, previous)
        update = analysis.info.get("update", {})
        print(f"placed {update.get('added', 0)} new answers on the existing map "
              f"({len(update.get('new_voices', []))} new voices)")
    out = Path(args.out)
    attrs = [x for x in analysis.attributes]
    write_outputs(analysis, out, attrs, total_seconds=time.perf_counter() - started)
    batches = ws.batches(result.dataset_id)
    names = dict(zip(batches["id"], batches["name"]))
    table = wave_table(analysis.answers, args.level, batch_dates=dict(zip(batches["id"], batches["collected_on"])))
    table.insert(1, "batch_name", table["batch"].map(names))
    write_waves(table, out)
    print(f"results and waves.csv in {out}/")
    return 0
