"""CLI for the committee briefing: ``python -m listening briefing --dataset NAME --by ATTR --out DIR``."""
from __future__ import annotations

import sys
from pathlib import Path

from listening.workspace import open_workspace

from .export import report_language
from .stored import latest_curated
from .weights import add_weight_options, cli_weighting


def add_briefing_command(sub, db_help: str) -> None:
    b = sub.add_parser(
        "briefing", help="write briefing.html: opinion groups named in words, common ground and divides",
        description="Write the committee briefing of a dataset's latest analysis (after the staff's curation "
                    "and redactions): the themes by size with their names, a resident's sentence and quotes, "
                    "common ground and divides across each --by attribute, what changed in the latest wave and "
                    "goals nobody speaks to. One self-contained HTML file, printable on A4.")
    b.add_argument("--dataset", required=True, metavar="NAME", help="dataset name in the store (see `datasets`)")
    b.add_argument("--by", action="append", default=[], metavar="ATTR",
                   help="attribute to compare subgroups by (age group, district ...); repeatable")
    b.add_argument("--out", required=True, metavar="DIR", help="folder for briefing.html (created if missing)")
    b.add_argument("--public", action="store_true",
                   help="the public version: masked texts, counts of fewer than 5 people shown as <5, no answer ids")
    b.add_argument("--lang", choices=("ja", "ko", "en"), metavar="LANG",
                   help="language of the briefing: ja, ko or en (default: the answers' main language)")
    b.add_argument("--level", choices=("theme", "topic"), default="topic",
                   help="opinion groups compared across subgroups: topic (default, narrower) or theme")
    b.add_argument("--title", metavar="TEXT", help="title (default: the dataset name)")
    b.add_argument("--db", default=None, metavar="PATH", help=db_help)
    add_weight_options(b)


def briefing_command(args, db: str, user) -> int:
    from listening.briefing import BriefingOptions, write_briefing

    with open_workspace(db, user) as ws:
        analysis = latest_curated(ws, args.dataset)
        unknown = [a for a in args.by if a not in analysis.attributes]
        if unknown:
            raise ValueError(f"unknown attribute(s) {', '.join(unknown)}; the dataset has: "
                             f"{', '.join(analysis.attributes) or 'none'}")
        options = BriefingOptions(audience="public" if args.public else "internal",
                                  language=args.lang or report_language(analysis), by=tuple(dict.fromkeys(args.by)),
                                  level=args.level, title=args.title)
        briefing = ws.briefing(analysis, options, weighting=cli_weighting(args, analysis, ws))
        path = write_briefing(briefing, Path(args.out))
    print(f"{options.audience} briefing ({options.language}): {path}", file=sys.stderr)
    return 0
