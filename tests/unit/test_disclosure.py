"""Small-cell suppression and k-anonymity: nothing hidden can be worked back out."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from listening.export import model
from listening.privacy import disclosure
from listening.privacy.disclosure import SECONDARY, SUPPRESSED, TOTAL, k_anonymize, suppress_sizes, suppress_table

H, X = SUPPRESSED, SECONDARY


def _table(rows: dict[str, list[int]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    frame.index.name, frame.columns.name = "theme", "地区"
    return frame


def _truth(counts: pd.DataFrame) -> np.ndarray:
    full = counts.copy()
    full[TOTAL] = full.sum(axis=1)
    full.loc[TOTAL] = full.sum(axis=0)
    return full.to_numpy(dtype=int)


def _lines_with_one_unknown(hidden: np.ndarray) -> list[str]:
    """Every row and column (margins included) with exactly one hidden member: each would give it away."""
    bad = [f"row {r}" for r in range(hidden.shape[0]) if hidden[r].sum() == 1]
    return bad + [f"column {c}" for c in range(hidden.shape[1]) if hidden[:, c].sum() == 1]


def _intervals(truth: np.ndarray, cells: np.ndarray, primary: np.ndarray | None = None,
               min_cell: int = 5, own: bool = False, hidden: np.ndarray | None = None) -> list[tuple[float, float]]:
    """Smallest and largest value each hidden cell can take given what is shown (linear programming).

    Without ``primary`` every hidden cell is any count from 0 (bounded by a huge number only
    so that the programs stay bounded). With it, the reader also uses what the marks say about
    the other cells (``own``: and its own) : a ``<5`` is 1 to ``min_cell - 1`` (or its true count,
    if more). ``cells``: the hidden cells to measure (``hidden``, default the same: all hidden
    cells). Row/column sums form a totally
    unimodular system and the bounds are whole numbers, so both ends are whole numbers that a
    real table could have: a gap of 1 or more means at least two possible values.
    """
    r, c = truth.shape
    n = r * c
    equations, constants = [], []
    for i in range(r):
        row = np.zeros(n)
        row[i * c:(i + 1) * c - 1] = 1
        row[i * c + c - 1] = -1
        equations.append(row)
        constants.append(0)
    for j in range(c):
        col = np.zeros(n)
        col[[i * c + j for i in range(r - 1)]] = 1
        col[(r - 1) * c + j] = -1
        equations.append(col)
        constants.append(0)
    hidden = cells if hidden is None else hidden
    flat_truth, flat_hidden = truth.reshape(-1), hidden.reshape(-1)
    small = np.zeros(n, dtype=bool) if primary is None else primary.reshape(-1)
    out = []
    for k in np.flatnonzero(cells.reshape(-1)):
        bounds = [(1, max(min_cell - 1, int(v))) if s and (m != k or own) else (0, 10 ** 6) if h else (v, v)
                  for m, (v, h, s) in enumerate(zip(flat_truth, flat_hidden, small))]
        goal = np.zeros(n)
        goal[k] = 1
        low = linprog(goal, A_eq=equations, b_eq=constants, bounds=bounds, method="highs")
        high = linprog(-goal, A_eq=equations, b_eq=constants, bounds=bounds, method="highs")
        assert low.status == 0 and high.status == 0
        out.append((low.fun, -high.fun))
    return out


def _check_safe(counts: pd.DataFrame, result: pd.DataFrame, min_cell: int = 5) -> np.ndarray:
    truth = _truth(counts)
    values = result.to_numpy()
    primary, hidden = values == H, np.isin(values, [H, X])
    assert (values[~hidden].astype(int) == truth[~hidden]).all(), "shown values are the true ones"
    assert not (primary & (truth == 0)).any(), "a <5 is never a zero"
    assert not ((truth > 0) & (truth < min_cell) & ~primary).any(), "every small count is marked <5"
    alone = [line for line in _lines_with_one_unknown(hidden) if line in _lines_with_one_unknown(primary)
             and line not in _lines_with_one_unknown(hidden & ~primary)]
    assert alone == [], "no small count is the only hidden one in its row or column"
    small = primary.reshape(-1)[hidden.reshape(-1)]
    for (low, high), is_small in zip(_intervals(truth, hidden), small):
        if is_small:
            assert high - low >= 1 - 1e-6, "no small count can be worked out exactly"
            assert low < 1e-6 or high - low >= min_cell - 1e-6, "the table cannot tell a small count from nobody"
    for low, high in _intervals(truth, primary, primary, min_cell, own=True, hidden=hidden):
        assert high - low >= 1 - 1e-6, "read with every mark, a small count still has two possible values"
    return hidden


def _unmarked(result: pd.DataFrame, truth: np.ndarray, min_cell: int = 5) -> list:
    """Small inner cells whose interval, read with every other mark, neither reaches 0 nor spans
    min_cell. (A total is at least 1 whenever one of its parts is marked <5: only cells count.)"""
    values = result.to_numpy()
    primary, hidden = values == H, np.isin(values, [H, X])
    inner = np.zeros_like(hidden)
    inner[:-1, :-1] = True
    small = (primary & inner).reshape(-1)[hidden.reshape(-1)]
    return [(low, high) for (low, high), s in zip(_intervals(truth, hidden, primary, min_cell), small)
            if s and low > 1e-6 and high - low < min_cell - 1e-6]


def test_markers_are_the_export_markers():
    assert disclosure.SUPPRESSED == model.SUPPRESSED and disclosure.SECONDARY == model.SECONDARY


def test_one_small_cell_in_a_row_gets_a_partner_in_its_row_and_column():
    counts = _table({"交通・バス": [12, 3, 9], "子育て": [8, 10, 6], "의료": [7, 11, 15]}, ["東区", "西区", "남구"])
    result = suppress_table(counts)
    hidden = _check_safe(counts, result)
    assert result.at["交通・バス", "西区"] == H
    assert result.at["交通・バス", "남구"] == X  # the smallest other cell of the row, marked as a partner
    assert result.at["子育て", "西区"] == X  # the smallest other cell of the column
    assert result.at[TOTAL, TOTAL] == 81 and result.at["交通・バス", TOTAL] == 24
    assert hidden.sum() == 4
    assert list(result.index) == ["交通・バス", "子育て", "의료", TOTAL]
    assert result.index.name == "theme" and result.columns.name == "地区"
    assert all(isinstance(v, int) for v in result.to_numpy().reshape(-1) if v not in (H, X))
    assert _unmarked(result, _truth(counts)) == []


def test_a_district_of_three_people_is_hidden_with_its_margin_and_a_partner_column():
    counts = _table({"交通": [20, 1, 9], "子育て": [15, 2, 7], "医療": [11, 0, 8]}, ["東区", "北区", "西区"])
    result = suppress_table(counts)
    _check_safe(counts, result)
    assert (result["北区"].tolist()) == [H, H, 0, H]  # its total of 3 is small too
    assert result.at[TOTAL, "西区"] == X  # the margin partner, as nothing else is left in that line
    assert _unmarked(result, _truth(counts)) == []


def test_small_margins_are_hidden():
    counts = _table({"その他": [1, 1, 0], "交通": [10, 12, 9], "子育て": [9, 8, 14]}, ["A", "B", "C"])
    result = suppress_table(counts)
    _check_safe(counts, result)
    assert result.at["その他", TOTAL] == H


def test_all_small_table_hides_every_cell_and_small_margin():
    counts = _table({"가": [1, 2], "나": [3, 1], "다": [2, 2]}, ["東", "西"])
    result = suppress_table(counts)
    _check_safe(counts, result)
    assert (result.to_numpy()[:-1, :].reshape(-1) == H).all()
    assert result.loc[TOTAL].tolist() == [6, 5, 11]  # margins of 5 or more stay


def test_a_tiny_table_hides_its_grand_total_too():
    counts = _table({"a": [1, 0], "b": [0, 2]}, ["x", "y"])
    result = suppress_table(counts)
    _check_safe(counts, result)
    assert result.at[TOTAL, TOTAL] == H
    # Shown, the zero would tie "a" to its own small total; hidden, "a" could be nobody.
    assert result.at["a", "y"] == X and _unmarked(result, _truth(counts)) == []


def test_people_not_answers_decide_what_is_small():
    counts = _table({"交通": [6, 10], "子育て": [9, 12]}, ["東区", "西区"])
    people = _table({"交通": [3, 10], "子育て": [9, 12]}, ["東区", "西区"])  # 6 answers from 3 people
    result = suppress_table(counts, people)
    _check_safe(counts, result, min_cell=1)
    assert result.at["交通", "東区"] == H
    assert suppress_table(counts).to_numpy().tolist() == _truth(counts).tolist()  # nothing small by answers


def test_people_margins_can_be_given():
    counts = _table({"交通": [6, 6], "子育て": [9, 12]}, ["東区", "西区"])
    people = _table({"交通": [6, 6], "子育て": [9, 12]}, ["東区", "西区"])
    people[TOTAL] = [4, 21]  # the same 4 people wrote in both columns' rows
    people.loc[TOTAL] = [15, 18, 25]
    result = suppress_table(counts, people)
    assert result.at["交通", TOTAL] == H
    hidden = np.isin(result.to_numpy(), [H, X])
    assert [r for r in range(3) if hidden[r].sum() == 1 and (result.to_numpy()[r] == H).any()] == []


def test_forced_hidden_margin_spreads_to_its_row():
    counts = _table({"交通": [6, 7], "子育て": [9, 12]}, ["東区", "西区"])
    hidden = np.zeros((3, 3), dtype=bool)
    hidden[0, 2] = True
    result = suppress_table(counts, hidden=hidden)
    _check_safe(counts, result)
    assert result.at["交通", TOTAL] == X and result.at["交通", "東区"] == X  # hidden elsewhere, not small


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_leave_nothing_recoverable(seed):
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(1, 6)), int(rng.integers(1, 6)))
    values = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 13, 30], size=shape, p=[.15, .1, .1, .1, .1, .1, .1, .1, .1, .05])
    counts = pd.DataFrame(values, index=[f"テーマ{i}" for i in range(shape[0])],
                          columns=[f"구{j}" for j in range(shape[1])])
    _check_safe(counts, suppress_table(counts))


def test_recoverable_catches_what_lines_alone_miss():
    # Two hidden 2x2 blocks joined by one hidden cell (row 1, column 2): every line has two or
    # more hidden values, yet rows 0-1 minus columns 0-1 give that cell away.
    counts = pd.DataFrame(np.full((4, 4), 10), index=list("abcd"), columns=["東", "西", "南", "北"])
    forced = np.zeros((5, 5), dtype=bool)
    for r, c in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)]:
        forced[r, c] = True
    assert _lines_with_one_unknown(forced) == []
    lines = [([r * 5 + c for c in range(4)], r * 5 + 4) for r in range(5)]
    lines += [([r * 5 + c for r in range(4)], 20 + c) for c in range(5)]
    exposed = disclosure.recoverable(_truth(counts).reshape(-1), forced.reshape(-1), lines)
    assert np.flatnonzero(exposed).tolist() == [1 * 5 + 2]
    result = suppress_table(counts, hidden=forced)
    hidden = _check_safe(counts, result)
    assert hidden.sum() > forced.sum()


def test_suppress_sizes_partners_and_total():
    sizes = pd.Series([10, 3, 8, 0], index=["バス", "駐輪場", "歩道", "その他"])
    result = suppress_sizes(sizes, 21)
    assert result.tolist() == [10, H, X, 0, 21] and result.index[-1] == TOTAL
    assert suppress_sizes(pd.Series([3], index=["a"]), 3).tolist() == [H, H]
    assert suppress_sizes(pd.Series([6, 9]), 15).tolist() == [6, 9, 15]
    forced = suppress_sizes(pd.Series([6, 9]), 15, hidden=[False, False, True])
    assert forced.tolist() == [X, 9, X]
    by_people = suppress_sizes(pd.Series([6, 9]), 15, people=pd.Series([3, 9]), total_people=11)
    assert by_people.tolist() == [H, X, 15]


def test_k_anonymize_withholds_rare_combinations_and_their_cover():
    frame = pd.DataFrame({"地区": ["東区"] * 6 + ["西区"] * 5 + ["北区"] * 3, "年代": ["20代"] * 14,
                          "text": [f"回答{i}" for i in range(14)]})
    out = k_anonymize(frame, ["地区", "年代"], k=5, withheld="（非公開）")
    # 北区 alone would be named by elimination, so the next smallest (西区) is withheld with it.
    assert out["地区"].tolist() == ["東区"] * 6 + ["（非公開）"] * 8
    assert (out["年代"][8:] == "（非公開）").all() and out["text"].tolist() == frame["text"].tolist()
    assert frame["地区"].iloc[-1] == "北区"  # the input is untouched


def test_k_anonymize_counts_people_and_missing_values():
    frame = pd.DataFrame({"구": ["강남"] * 6 + ["서초"] * 6 + [None] * 5 + ["마포"] * 5})
    person = pd.Series(["p1", "p2"] * 3 + [f"s{i}" for i in range(6)] + [f"n{i}" for i in range(5)]
                       + [f"m{i}" for i in range(5)])
    out = k_anonymize(frame, ["구"], k=5, person=person, withheld="(비공개)")
    assert out["구"].tolist()[:6] == ["(비공개)"] * 6  # 6 answers, 2 people
    assert out["구"].tolist()[12:17] == ["(비공개)"] * 5 or out["구"].tolist()[17:] == ["(비공개)"] * 5
    assert out["구"].tolist()[6:12] == ["서초"] * 6
    withheld = (out["구"] == "(비공개)").to_numpy()
    assert len(set(person[withheld])) >= 5


def test_k_anonymize_keeps_common_combinations():
    frame = pd.DataFrame({"a": ["x"] * 5 + ["y"] * 5, "b": [1] * 10})
    assert k_anonymize(frame, ["a", "b"]).equals(frame)
    assert k_anonymize(frame, []).equals(frame)
    everything = k_anonymize(frame, ["a"], k=6)
    assert (everything["a"] == "(withheld)").all()


def test_k_anonymize_with_the_cluster_as_context_hides_small_cluster_by_attribute_cells():
    # 6 people in their 30s overall, but only 2 of them in topic 1: counting the published
    # rows by topic and age must not show "topic 1 x 30代 = 2".
    frame = pd.DataFrame({
        "topic_id": [0] * 4 + [1] * 2 + [0] * 6 + [1] * 6,
        "年代": ["30代"] * 6 + ["40代"] * 12,
    })
    plain = k_anonymize(frame, ["年代"], k=5)
    assert (plain["年代"] != "(withheld)").all()  # by age alone every group is large
    guarded = k_anonymize(frame, ["年代"], k=5, context=["topic_id"])
    shown = guarded[guarded["年代"] != "(withheld)"]
    counts = shown.groupby(["topic_id", "年代"]).size()
    assert (counts >= 5).all()
    assert guarded["topic_id"].tolist() == frame["topic_id"].tolist()  # context is never withheld
