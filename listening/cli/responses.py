"""CLI for the public-comment response table: ``responses export`` and ``responses import``."""
from __future__ import annotations

import sys
from pathlib import Path

from listening.responses import FORMATS
from listening.workspace import ResponsesNotReady, open_workspace

from .stored import dataset_named


def add_response_commands(sub, db_help: str) -> None:
    r = sub.add_parser("responses", help="export or import the public-comment response table of a dataset",
                       description="The response table (one row per opinion type: summary, count, opinion "
                                   "numbers, the city's response, disposition, change in the plan). `export` "
                                   "writes it as .docx, .xlsx and/or .html with the full text of every opinion "
                                   "appended; `import` reads back a workbook staff edited in Excel, matching rows "
                                   "by their key, never by position alone.")
    r.add_argument("action", choices=("export", "import"), help="export the table, or import an edited workbook")
    r.add_argument("file", nargs="?", metavar="FILE", help="for import: the edited .xlsx")
    r.add_argument("--dataset", required=True, metavar="NAME", help="dataset name (see `datasets`)")
    r.add_argument("--out", metavar="DIR", help="for export: folder for the files (created if missing)")
    r.add_argument("--format", choices=tuple(FORMATS), action="append", metavar="FMT",
                   help="for export: docx, xlsx or html; repeat for several (default: all three)")
    r.add_argument("--public", action="store_true",
                   help="for export: the public version (approved rows only, no row keys or status)")
    r.add_argument("--include-drafts", action="store_true",
                   help="for export: put rows that are not approved yet into the public version too")
    r.add_argument("--db", default=None, metavar="PATH", help=db_help)


def responses_command(args, db: str, user) -> int:
    with open_workspace(db, user) as ws:
        dataset_id = dataset_named(ws, args.dataset)
        if args.action == "import":
            if not args.file:
                raise ValueError("`responses import` needs the edited .xlsx file")
            path = Path(args.file)
            changes = ws.import_responses(dataset_id, path.read_bytes(), path.name)
            rows = sorted({c.number for c in changes})
            print(f"{len(changes)} cells changed in {len(rows)} rows" + (f": {', '.join(map(str, rows))}" if rows else ""))
            return 0
        if not args.out:
            raise ValueError("`responses export` needs --out DIR")
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        try:
            for fmt in args.format or list(FORMATS):
                made = ws.export_responses(dataset_id, fmt, public=args.public, include_drafts=args.include_drafts)
                (out / made.name).write_bytes(made.data)
                print(out / made.name)
        except ResponsesNotReady as err:
            for check in err.checks:
                print(f"error: {check.text('en')}", file=sys.stderr)
            return 2
        table = ws.response_table(dataset_id)
        for check in made.checks:
            if not check.error:
                print(f"note: {check.text('en')}", file=sys.stderr)
        progress = table.progress()
        print(f"{progress['answered']} of {progress['rows']} rows answered, {progress['approved']} approved",
              file=sys.stderr)
        return 0
