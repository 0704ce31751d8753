"""CLI for the goals lens: ``goals import|export|coverage|indicators``."""
from __future__ import annotations

import sys
from pathlib import Path

from listening.workspace import Workspace, open_workspace

from .stored import dataset_named


def add_goal_commands(sub, db_help: str) -> None:
    g = sub.add_parser("goals", help="import, export and measure the committee's vision goals",
                       description="Vision goals (viewpoints and goals with descriptions, example phrases and "
                                   "keywords) of a dataset: import them from CSV, Excel or YAML, export them, "
                                   "count the answers touching each goal, or upload indicator values.")
    goals = g.add_subparsers(dest="goals_command", required=True, metavar="ACTION",
                             help="import, export, coverage or indicators")

    i = goals.add_parser("import", help="save the goals in a CSV/Excel/YAML file as the dataset's current goals",
                         description="Read a goal file (columns id, name, description, examples, keywords, parent, "
                                     "language; Japanese or Korean headers work too) and save it as the current "
                                     "goal set of the dataset; earlier sets stay as versions.")
    i.add_argument("file", metavar="FILE", help="goal file: .csv, .tsv, .xlsx, .yaml or .yml")
    _common(i, db_help)

    e = goals.add_parser("export", help="write the dataset's current goals as CSV or YAML",
                         description="Write the current goal set in the format `goals import` reads back.")
    e.add_argument("--format", choices=("csv", "yaml"), default="csv", help="csv (UTF-8 with BOM, default) or yaml")
    e.add_argument("--out", metavar="FILE", help="write to this file instead of standard output")
    _common(e, db_help)

    c = goals.add_parser("coverage", help="answers touching each goal in the latest analysis, with shares",
                         description="Count the answers of the dataset's latest analysis (after curation) that "
                                     "touch each goal, the answers touching none and the total; keyword-rule "
                                     "matches are counted apart.")
    c.add_argument("--by", metavar="ATTR",
                   help="one block per value of this attribute (or batch_id, shown by batch name)")
    c.add_argument("--out", metavar="FILE.csv", help="write a CSV (UTF-8 with BOM) instead of printing")
    _common(c, db_help)

    n = goals.add_parser("indicators", help="upload indicator values per goal, district and year",
                         description="Replace the dataset's indicator table with a CSV/Excel file (goal_id, "
                                     "district, year, indicator, value, unit); the app shows the values beside "
                                     "the opinion shares.")
    n.add_argument("file", metavar="FILE", help="indicator table: .csv, .tsv or .xlsx")
    _common(n, db_help)


def _common(p, db_help: str) -> None:
    p.add_argument("--dataset", required=True, metavar="NAME", help="dataset name in the store (see `datasets`)")
    p.add_argument("--db", default=None, metavar="PATH", help=db_help)


def goals_command(args, db: str, user) -> int:
    with open_workspace(db, user) as ws:
        dataset_id = dataset_named(ws, args.dataset)
        if args.goals_command == "import":
            goals = ws.import_goals(dataset_id, Path(args.file).read_bytes(), Path(args.file).name)
            print(f"{len(goals)} goals saved for {args.dataset}")
        elif args.goals_command == "indicators":
            frame = ws.upload_indicators(dataset_id, Path(args.file).read_bytes(), Path(args.file).name)
            print(f"{len(frame)} indicator values saved for {args.dataset}")
        elif args.goals_command == "export":
            data = ws.goals_file(dataset_id, args.format)
            if data is None:
                raise ValueError(f"dataset {args.dataset!r} has no goals yet; use `goals import`")
            _write(data, args.out)
        else:
            _coverage(ws, dataset_id, args)
    return 0


def _coverage(ws: Workspace, dataset_id: int, args) -> None:
    from listening import goals as gs

    run_id = ws.latest_run(dataset_id)
    if run_id is None:
        raise ValueError(f"dataset {args.dataset!r} has not been analysed yet; run `analyze` first")
    analysis = ws.curated_analysis(run_id)
    if args.by is not None and args.by != gs.BATCH and args.by not in analysis.attributes:
        raise ValueError(f"unknown attribute {args.by!r}; the dataset has: "
                         f"{', '.join([*analysis.attributes, gs.BATCH])}")
    view = ws.goal_view(analysis)
    if view is None:
        raise ValueError(f"dataset {args.dataset!r} has no goals yet; use `goals import`")
    table = gs.coverage(view, by=args.by).drop(columns=["parent"])
    if args.out:
        Path(args.out).write_bytes(gs.coverage_csv(table))
        print(f"coverage of {len(view.goals)} goals -> {args.out}", file=sys.stderr)
        return
    print(table.to_string(index=False, formatters={"share": "{:.1%}".format}))


def _write(data: bytes, out: str | None) -> None:
    if out:
        Path(out).write_bytes(data)
        print(f"-> {out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
