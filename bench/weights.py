"""Weighting to the population: does it remove the bias of who answered, and how fast is it?

A synthetic city with known residents per age group x district x sex and known opinion
shares per subgroup (six opinion groups whose prevalence depends on age and district).
Surveys are drawn from it with response rates that differ by subgroup (70代 3x, 20代 0.3x,
districts 0.6x-1.6x, women 1.2x); each respondent's opinion group is drawn from their
subgroup's shares. The estimated share of each opinion group is compared with the truth:
mean and worst absolute error (percentage points), unweighted vs weighted, over several
seeds, with the ratio and Kish's effective n. Weighting is the project's own path:
population table -> guessed mapping -> listening.weighting.compute_weights.

    python bench/weights.py                      # 10 seeds, 2,000 respondents, timing on 10,000
    python bench/weights.py --seeds 20 --n 1000
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from common import format_table
from speed import load_average

from listening.weighting import compute_weights, guess_mapping, population_from_frame

AGES = ("10代", "20代", "30代", "40代", "50代", "60代", "70代")
AGE_POP = (9.0, 10.0, 11.0, 14.0, 15.0, 13.0, 28.0)  # residents per age group (shares, %)
DISTRICTS = ("東", "西", "南", "北", "中央", "港", "山手", "川辺")
DISTRICT_POP = (16, 12, 14, 12, 22, 9, 8, 7)
SEXES = ("男性", "女性")
AGE_RESPONSE = (0.5, 0.3, 0.8, 1.0, 1.2, 1.8, 3.0)  # 70代 answer 3x, 20代 0.3x as often as 40代
DISTRICT_RESPONSE = (1.0, 0.9, 1.0, 0.8, 0.6, 1.3, 1.6, 1.5)
SEX_RESPONSE = (0.85, 1.2)
OPINIONS = ("子育て", "介護", "交通", "防災", "にぎわい", "若者の居場所")
# Log-prevalence shifts by age group and by district (rows: opinions).
AGE_EFFECT = np.array([
    [-1.5, 0.2, 1.2, 1.0, 0.0, -0.8, -1.2],   # 子育て: 30-40代
    [-1.5, -1.2, -0.7, -0.2, 0.5, 1.0, 1.4],  # 介護: 60代以上
    [0.4, 0.0, -0.3, -0.3, 0.0, 0.4, 0.9],    # 交通
    [0.0, 0.0, 0.0, 0.0, 0.1, 0.2, 0.2],      # 防災
    [1.0, 0.9, 0.2, 0.0, -0.2, -0.5, -0.6],   # にぎわい: 若い世代
    [1.8, 1.0, -0.2, -0.5, -0.8, -1.2, -1.5],  # 若者の居場所
])
DISTRICT_EFFECT = np.array([
    [0.2, 0.0, 0.3, 0.0, 0.2, -0.2, -0.3, -0.2],
    [0.0, 0.0, 0.0, 0.1, -0.2, 0.2, 0.4, 0.3],
    [-0.3, 0.0, 0.0, 0.2, -0.6, 0.2, 1.0, 0.8],
    [0.0, 0.0, -0.2, -0.2, -0.4, 1.0, 0.2, 0.9],
    [0.0, 0.1, 0.0, 0.0, 0.6, 0.3, -0.3, -0.2],
    [0.0, 0.0, 0.0, 0.0, 0.3, 0.0, -0.2, -0.2],
])
BY = ["年代", "校区", "性別"]


def city() -> pd.DataFrame:
    """One row per age x district x sex: residents, response propensity, opinion shares."""
    rows = []
    for a, age in enumerate(AGES):
        for d, district in enumerate(DISTRICTS):
            for s, sex in enumerate(SEXES):
                residents = 120_000 * AGE_POP[a] / 100 * DISTRICT_POP[d] / 100 * (0.48 if s == 0 else 0.52)
                logits = AGE_EFFECT[:, a] + DISTRICT_EFFECT[:, d]
                shares = np.exp(logits) / np.exp(logits).sum()
                rows.append({"年代": age, "校区": district, "性別": sex, "residents": residents,
                             "propensity": AGE_RESPONSE[a] * DISTRICT_RESPONSE[d] * SEX_RESPONSE[s],
                             **{o: p for o, p in zip(OPINIONS, shares)}})
    return pd.DataFrame(rows)


def truth(cells: pd.DataFrame) -> np.ndarray:
    w = cells["residents"].to_numpy() / cells["residents"].sum()
    return w @ cells[list(OPINIONS)].to_numpy()


def draw_survey(cells: pd.DataFrame, n: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n`` respondents drawn in proportion to residents x propensity, with their opinion group."""
    p = (cells["residents"] * cells["propensity"]).to_numpy()
    cell = rng.choice(len(cells), size=n, p=p / p.sum())
    shares = cells[list(OPINIONS)].to_numpy()[cell]
    opinion = (shares.cumsum(axis=1) > rng.random((n, 1))).argmax(axis=1)
    frame = cells.iloc[cell][BY].reset_index(drop=True)
    frame["opinion"] = opinion
    frame.index = [f"r{i}" for i in range(n)]
    return frame


def population_table(cells: pd.DataFrame):
    """The residents as a city would publish them: 5-year bands would do too; decades here."""
    table = cells.assign(年齢=cells["年代"].str.replace("70代", "70歳以上"), 校区=cells["校区"] + "小学校区",
                         性別=cells["性別"].str[0], 人口=cells["residents"].round().astype(int).astype(str))
    return population_from_frame(table[["年齢", "校区", "性別", "人口"]].astype(str), filename="city.csv")


def shares(opinion: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    w = np.ones(len(opinion)) if weights is None else weights
    return np.bincount(opinion, weights=w, minlength=len(OPINIONS)) / w.sum()


def accuracy(n: int, seeds: int, cap: float | None) -> None:
    cells = city()
    true = truth(cells)
    population = population_table(cells)
    rows, errors = [], {"unweighted": [], "raked": [], "poststratified": []}
    fallbacks = 0
    for seed in range(seeds):
        survey = draw_survey(cells, n, np.random.default_rng(seed))
        mapping = guess_mapping(survey, population, BY)
        raked = compute_weights(survey, population, mapping, BY, method="rake", max_ratio=cap)
        # auto: post-stratified when every age x district cell has a respondent, else raked (counted).
        post = compute_weights(survey, population, mapping, BY[:2], method="auto", max_ratio=cap)
        fallbacks += post.diagnostics["method"] != "poststratify"
        opinion = survey["opinion"].to_numpy()
        for name, w in (("unweighted", None), ("raked", raked.weights.to_numpy()),
                        ("poststratified", post.weights.to_numpy())):
            err = np.abs(shares(opinion, w) - true) * 100
            errors[name].append((err.mean(), err.max()))
        rows.append((seed, *(f"{np.mean(errors[k][-1][0]):.2f}" for k in errors),
                     f"{raked.diagnostics['effective_n']:.0f}", f"{raked.diagnostics['design_effect']:.2f}"))
    print("truth (population shares, %): " + ", ".join(f"{o} {t * 100:.1f}" for o, t in zip(OPINIONS, true)))
    print(format_table(("seed", "MAE unweighted", "MAE raked", "MAE post-strat (age x district)", "n_eff raked",
                        "deff"), rows))
    summary = []
    base_mean = np.mean([e[0] for e in errors["unweighted"]])
    base_worst = np.mean([e[1] for e in errors["unweighted"]])
    for name, errs in errors.items():
        mean, worst = np.mean([e[0] for e in errs]), np.mean([e[1] for e in errs])
        summary.append((name, f"{mean:.2f}", f"{worst:.2f}", f"{max(e[1] for e in errs):.2f}",
                        f"{mean / base_mean:.2f}", f"{worst / base_worst:.2f}"))
    print(f"\n{seeds} seeds x {n:,} respondents, cap {cap or 'none'} (errors in percentage points of an opinion "
          f"group's share); post-stratification fell back to raking (an empty cell) in {fallbacks} of {seeds}")
    print(format_table(("estimate", "mean abs error", "worst group (mean over seeds)", "worst over all seeds",
                        "ratio to unweighted (mean)", "ratio (worst)"), summary))


def timing(n: int, repeats: int = 5) -> None:
    cells = city()
    population = population_table(cells)
    survey = draw_survey(cells, n, np.random.default_rng(123))
    mapping = guess_mapping(survey, population, BY)
    for method in ("rake", "poststratify"):
        by = BY
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            result = compute_weights(survey, population, mapping, by, method=method, max_ratio=5.0)
            times.append(time.perf_counter() - start)
        what = "three margins (age, district, sex)" if method == "rake" else "age x district x sex cells"
        print(f"{method} {n:,} respondents on {what}: median {np.median(times):.3f} s, best {min(times):.3f} s "
              f"(target < 1 s), {result.diagnostics['iterations']} iterations, n_eff "
              f"{result.diagnostics['effective_n']:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="respondents per drawn survey (default 2,000)")
    parser.add_argument("--seeds", type=int, default=10, help="surveys drawn (default 10)")
    parser.add_argument("--cap", type=float, default=5.0, help="weight cap, times the mean (default 5; 0: none)")
    parser.add_argument("--timing-n", type=int, default=10_000, help="respondents for the timing (default 10,000)")
    args = parser.parse_args()
    print(f"load average: {load_average()}")
    accuracy(args.n, args.seeds, args.cap or None)
    print()
    timing(args.timing_n)
    print(f"load average: {load_average()}")


if __name__ == "__main__":
    main()
