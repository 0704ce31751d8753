"""How long the one disclosure check of a public export takes, and how much it hides.

Synthetic counts (no dataset needed): skewed district and age distributions with a
few tiny districts, as a city's survey has. Prints, with the load average:

- a single 40 x 20 table (suppress_table: the interval check on one table);
- whole public exports (build_export): 10 themes, 40 topics, crosstabs by 20
  districts and 8 age groups, districts printed beside the answers; at 2,000 and
  20,000 answers;
- for each: counts marked "<5" and "x", and the slowest part.

    .venv/bin/python bench/disclosure.py [--n 2000 20000] [--seed 0]
"""
from __future__ import annotations

import argparse
import os
import time

import common  # noqa: F401 - puts the repository on sys.path
import numpy as np
import pandas as pd

from listening.analysis import Analysis
from listening.export import MARKS, SECONDARY, SUPPRESSED, ExportOptions, build_export
from listening.privacy import suppress_table


def _districts(rng: np.random.Generator, n_districts: int) -> np.ndarray:
    weights = rng.pareto(1.2, n_districts) + 0.05
    weights[-3:] = [0.002, 0.004, 0.006]  # a few districts of a handful of people
    return weights / weights.sum()


def table(seed: int, rows: int = 40, columns: int = 20, n: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    row_share = rng.dirichlet(np.full(rows, 0.8))
    counts = rng.multinomial(n, row_share)
    col_share = _districts(rng, columns)
    grid = np.array([rng.multinomial(c, col_share) for c in counts])
    return pd.DataFrame(grid, index=[f"topic {i}" for i in range(rows)], columns=[f"district {j}" for j in range(columns)])


def analysis(seed: int, n: int, n_themes: int = 10, n_topics: int = 40) -> Analysis:
    rng = np.random.default_rng(seed)
    topic_theme = np.sort(np.concatenate([np.arange(n_themes), rng.integers(0, n_themes, n_topics - n_themes)]))
    topic = rng.choice(n_topics, size=n, p=rng.dirichlet(np.full(n_topics, 0.7)))
    district = rng.choice([f"地区{j:02d}" for j in range(20)], size=n, p=_districts(rng, 20))
    age = rng.choice(["10代", "20代", "30代", "40代", "50代", "60代", "70代", "80代以上"], size=n,
                     p=[0.02, 0.1, 0.15, 0.18, 0.2, 0.18, 0.12, 0.05])
    answers = pd.DataFrame({
        "pk": np.arange(1, n + 1), "answer_id": [f"R{k:06d}" for k in range(n)],
        "respondent_id": [f"R{k:06d}" for k in range(n)], "question": "問1", "source": "survey",
        "text": [f"意見 {k}" for k in range(n)], "language": "ja",
        "theme": topic_theme[topic], "topic": topic, "x": rng.normal(size=n), "y": rng.normal(size=n),
        "confidence": 1.0, "地区": district, "年代": age,
    })
    answers["theme_label"] = [f"テーマ{i}" for i in answers["theme"]]
    answers["topic_label"] = [f"トピック{j}" for j in answers["topic"]]
    clusters = pd.DataFrame(
        [{"level": "theme", "cluster_id": i, "parent": None, "label": f"テーマ{i}", "keywords": [],
          "representatives": []} for i in range(n_themes)]
        + [{"level": "topic", "cluster_id": j, "parent": int(topic_theme[j]), "label": f"トピック{j}",
            "keywords": [], "representatives": []} for j in range(n_topics)])
    clusters["parent"] = clusters["parent"].astype("Int64")
    info = {"dataset": "bench", "answers": {"in": n, "kept": n, "dropped": 0}, "inputs": []}
    return Analysis(1, 1, answers, clusters, info, ("地区", "年代"), None)


def _marks(frames) -> tuple[int, int]:
    values = np.concatenate([np.asarray(f, dtype=object).reshape(-1) for f in frames])
    return int((values == SUPPRESSED).sum()), int((values == SECONDARY).sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")

    counts = table(args.seed)
    started = time.perf_counter()
    result = suppress_table(counts)
    small, partners = _marks([result])
    print(f"40 x 20 table, {int(counts.to_numpy().sum()):,} answers: {time.perf_counter() - started:.2f} s, "
          f"{small} marked <5, {partners} marked x, {int((counts.to_numpy() == 0).sum())} zeros in the table")

    for n in args.n:
        data = analysis(args.seed, n)
        options = ExportOptions(audience="public", crosstabs=("地区", "年代"), answer_attributes=("地区",))
        started = time.perf_counter()
        export = build_export(data, options)
        elapsed = time.perf_counter() - started
        started = time.perf_counter()
        build_export(data, ExportOptions(crosstabs=("地区", "年代"), answer_attributes=("地区",)))
        internal = time.perf_counter() - started
        small, partners = _marks([export.themes["size"], export.topics["size"], *export.crosstabs.values()])
        withheld = int((export.answers["地区"] == "（非公開）").sum())
        print(f"public export, {n:,} answers, 10 themes, 40 topics, 20 districts x 8 ages: {elapsed:.2f} s "
              f"(internal, no protection: {internal:.2f} s); {small} <5, {partners} x; district withheld on "
              f"{withheld:,} of {len(export.answers):,} answers; marks {MARKS}")


if __name__ == "__main__":
    main()
