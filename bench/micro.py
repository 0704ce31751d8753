"""Speed of the steps that run on every page view or upload, at 100,000 rows, against their targets.

These were timed assertions in the unit tests; a test that fails because the machine is busy tells
nothing, so the tests now only check the results (and that nothing is quadratic), and the figures
are printed here. Each is the best of three runs.

    python bench/micro.py
"""
from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd
from common import DATA, format_table, require, thread_settings

from listening.ingest import read_table, select_answers
from listening.text import detect_languages
from listening.views import map_points, search_mask


def best_of(fn, repeat: int = 3) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"{thread_settings()}")
    row = ",".join(["東京都", "30代", "公園の遊具が古いので新しくしてほしい", "", "2025-06-14",
                    '"引用, 付き"', "女", "x", "y"])
    csv = ("c0,c1,c2,c3,c4,c5,c6,c7,c8,c9\n" + "\n".join(f"{i},{row}" for i in range(100_000))).encode()
    survey = read_table(("id,a,b,age\n" + "\n".join(
        f"{i},公園の遊具が古い{i % 5000},{'特になし' if i % 7 == 0 else f'바스가 적어요 {i}'},{i % 9}0代"
        for i in range(100_000))).encode(), "big.csv")
    ja = pd.read_csv(require(DATA / "jsts_valid.csv"))["sentence1"].astype(str).tolist()
    ko = pd.read_csv(require(DATA / "korsts_dev.csv"), on_bad_lines="skip")["sentence1"].astype(str).tolist()
    texts = [f"{s} {i}" for i in range(35) for s in ja + ko][:100_000]
    rng = np.random.default_rng(1)
    words = np.array(["バス", "駅前", "공원", "子育て", "ＡＢＣ", "道路", "병원", "買い物"])
    answers = pd.DataFrame({"text": pd.Series(
        ["".join(w) + f"で困っています{i}" for i, w in enumerate(rng.choice(words, (100_000, 8)))], dtype="str")})
    topics = np.repeat(np.arange(5), [40_000, 30_000, 20_000, 9_000, 1_000])
    rng.shuffle(topics)
    points = pd.DataFrame({"answer_id": [f"a{i}" for i in range(len(topics))], "topic": topics,
                           "x": np.arange(len(topics), dtype=float)})
    rows = [
        ("read a 100,000-row CSV", best_of(lambda: read_table(csv, "big.csv")), 5.0),
        ("select answers, 100,000 rows x 2 questions",
         best_of(lambda: select_answers(survey, ["a", "b"], id_column="id", attr_columns=["age"])), 5.0),
        ("detect the language of 100,000 texts", best_of(lambda: detect_languages(texts)), 2.0),
        ("search 100,000 answers for two words", best_of(lambda: search_mask(answers, "abc　バス")), 0.3),
        ("sample 20,000 map points of 100,000", best_of(lambda: map_points(points)), 0.2),
    ]
    print(format_table(["step", "seconds", "target", "verdict"],
                       [[name, f"{s:.3f}", f"< {target:g}", "met" if s < target else "NOT met"]
                        for name, s, target in rows]))


if __name__ == "__main__":
    main()
