"""Response table speed: building the table for 10,000 answers, writing 500 rows as docx/xlsx/html.

The table is derived from a curated analysis every time a page shows it, so building it must be
quick; the files are written when staff download them. The analysis here is synthetic (real
Fukui answer texts, topics assigned at random): the timing depends on sizes, not on clusters.

    python bench/responses.py                 # targets: build 10k < 2 s, docx 500 rows < 5 s
    python bench/responses.py --n 50000 --rows 1000
"""
from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd
from common import format_table, fukui_answers, thread_settings

from listening.analysis import Analysis
from listening.responses import build_table, docx_bytes, render_html, workbook_bytes


def synthetic_analysis(n: int, n_topics: int, seed: int = 0) -> Analysis:
    rng = np.random.default_rng(seed)
    texts = fukui_answers()[0]["text"].astype(str).tolist()
    topic = rng.integers(0, n_topics, n)
    theme_of = rng.integers(0, max(2, n_topics // 8), n_topics)
    answers = pd.DataFrame({
        "pk": np.arange(1, n + 1), "answer_id": [f"R{i}:1" for i in range(n)],
        "respondent_id": [f"R{i // 2}" for i in range(n)], "text": [texts[i % len(texts)] for i in range(n)],
        "language": "ja", "topic": topic, "theme": theme_of[topic],
    })
    rows = []
    for t in range(int(theme_of.max()) + 1):
        rows.append({"level": "theme", "cluster_id": t, "parent": pd.NA, "size": int((theme_of[topic] == t).sum()),
                     "label": f"テーマ{t}", "keywords": [], "representatives": []})
    for t in range(n_topics):
        members = answers["answer_id"][topic == t].tolist()
        rows.append({"level": "topic", "cluster_id": t, "parent": int(theme_of[t]), "size": len(members),
                     "label": f"トピック{t}", "keywords": ["公園", "バス"], "representatives": members[:5]})
    clusters = pd.DataFrame(rows)
    return Analysis(run_id=1, dataset_id=1, answers=answers, clusters=clusters, info={})


def edits_for(table, seed: int = 0) -> pd.DataFrame:
    """Every row answered and approved, as staff would leave it."""
    rows = []
    for i, r in enumerate(table.rows):
        for field, value in (("response", "ご意見を踏まえ、計画の第3章に取組を追加します。" * 3),
                             ("disposition", "反映する"), ("status", "approved")):
            rows.append({"id": len(rows) + 1, "grp": i + 1, "row_key": r.key, "field": field, "value": value,
                         "digest": None, "user": "bench", "created_at": "2026-12-04T00:00:00+00:00",
                         "undone_at": None, "undone_by": None})
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000, help="answers in the analysis (default 10,000)")
    parser.add_argument("--topics", type=int, default=40, help="topics = rows of the table (default 40)")
    parser.add_argument("--rows", type=int, default=500, help="rows in the written files (default 500)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"{thread_settings()}")
    analysis = synthetic_analysis(args.n, args.topics)
    empty = pd.DataFrame(columns=["id", "grp", "row_key", "field", "value", "digest", "user", "created_at",
                                  "undone_at", "undone_by"])
    start = time.perf_counter()
    table = build_table(analysis, empty)
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    build_table(analysis, edits_for(table))
    edited_s = time.perf_counter() - start

    files = synthetic_analysis(max(args.rows * 4, 2000), args.rows, seed=1)
    big = build_table(files, empty)
    big = build_table(files, edits_for(big))
    timings = []
    for name, write in (("docx", docx_bytes), ("xlsx", workbook_bytes),
                        ("html", lambda t, p, d: render_html(t, p, d).encode())):
        start = time.perf_counter()
        data = write(big, True, False)
        timings.append((name, time.perf_counter() - start, len(data)))

    print(format_table(["measure", "seconds", "target"], [
        [f"build table, {args.n:,} answers, {args.topics} rows, no edits", f"{build_s:.2f}", "< 2"],
        [f"build table, {args.n:,} answers, every row answered", f"{edited_s:.2f}", "< 2"],
        *[[f"write {name}, {len(big.rows)} rows + {len(big.opinions):,} opinions ({size / 1e6:.1f} MB)",
           f"{seconds:.2f}", "< 5" if name == "docx" else "-"] for name, seconds, size in timings],
    ]))


if __name__ == "__main__":
    main()
