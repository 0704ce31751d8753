"""Shared helpers for the benchmark scripts: paths, the real datasets, plain-text tables.

The scripts run as ``python bench/NAME.py`` from anywhere, so the repository root is
put on ``sys.path`` here rather than relying on an installed package.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Sequence

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# The public datasets sit next to the repository and are never copied into it.
from listening import config  # noqa: E402 - after the repository is on sys.path

DATA = config.bench_data_dir()
CACHE = config.bench_cache_dir()

FUKUI_QUESTIONS = (
    "満足度の理由",
    "不便さの内容",
    "推奨項目",
    "施設に求めるもの",
    "福井県に求めるもの",
    "満足度(商品・サービス)の理由",
    "福井県内での交通手段の満足度の理由",
)


def thread_settings() -> str:
    """The thread-count variables in effect: under load, OpenMP/BLAS pools sized to every
    core slow k-means several times over, so timings are only comparable with these equal."""
    names = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")
    return ", ".join(f"{n}={os.environ.get(n, 'unset')}" for n in names)


def require(path: Path) -> Path:
    """``path`` if it exists; otherwise stop with a message saying where the data should be."""
    if not path.exists():
        sys.exit(f"missing {path}: the benchmarks read the public datasets from {DATA} "
                 "(set LISTENING_BENCH_DATA to another folder)")
    return path


def fukui_answers():
    """Kept free-text answers of all Fukui survey months, read the way the app reads them."""
    import pandas as pd

    from listening.ingest import read_path, select_answers

    files = sorted(require(DATA / "fukui_survey").glob("*.csv"))
    parts, n_in = [], 0
    for f in files:
        answers = select_answers(read_path(f), FUKUI_QUESTIONS)
        n_in += answers.n_in
        parts.append(answers.kept.assign(file=f.name))
    return pd.concat(parts, ignore_index=True), n_in, [f.name for f in files]


def format_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Rows as an aligned plain-text table (numbers right-aligned)."""
    cells = [[str(h) for h in header]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
    numeric = [all(_is_number(row[i]) for row in rows) if rows else False for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        parts = []
        for i, value in enumerate(row):
            pad = " " * (widths[i] - _width(value))
            parts.append(pad + value if numeric[i] and n > 0 else value + pad)
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal; without this the tables skew.
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
