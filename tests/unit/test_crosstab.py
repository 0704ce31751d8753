"""Crosstab counts, percentages and statistics, checked against hand-computed numbers."""
from __future__ import annotations

import io
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from listening.views.crosstab import (
    MISSING_LABEL,
    TOTAL_LABEL,
    Crosstab,
    crosstab,
    crosstab_frame,
    crosstab_summary,
    filter_answers,
    natural_key,
    sort_values,
)

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FUKUI_JAN = DATA / "fukui_survey" / "202501.csv"


def _answers(
    table: dict[tuple[object, object], int], cluster: str = "theme", attribute: str = "性別"
) -> pd.DataFrame:
    rows = []
    for (c, v), k in table.items():
        rows += [{cluster: c, attribute: v}] * k
    return pd.DataFrame(rows)


@pytest.fixture
def two_by_two() -> pd.DataFrame:
    # theme 0: 女 10, 男 20; theme 1: 女 30, 男 40  (n = 100)
    return _answers({(0, "女"): 10, (0, "男"): 20, (1, "女"): 30, (1, "男"): 40})


@pytest.fixture
def survey() -> pd.DataFrame:
    return pd.DataFrame({
        "topic": [2, 0, 1, 0, 2, 1, 0, 2, 1, 0, 2, 10],
        "年代": [
            "20代", "10代", None, "70歳以上", "20代", "10代", "", "30代", "20代", "10代", None, "30代",
        ],
        "性別": ["女", "男", "女", None, "男", "女", "女", "男", "女", "男", "女", "男"],
    }).astype({"年代": "string", "性別": "string"})


def test_two_by_two_statistics_match_scipy_and_hand(two_by_two):
    ct = crosstab(two_by_two, "theme", "性別")
    assert ct.counts.index.tolist() == [0, 1]
    assert ct.counts.columns.tolist() == ["女", "男"]
    assert ct.counts.to_numpy().tolist() == [[10, 20], [30, 40]]
    assert ct.n == 100

    ref = chi2_contingency(np.array([[10, 20], [30, 40]]), correction=False)
    # By hand: n (ad - bc)^2 / (r1 r2 c1 c2) = 100 * 200^2 / (30 * 70 * 40 * 60) = 200 / 252.
    by_hand = 200 / 252
    assert ct.chi2 == pytest.approx(ref.statistic, rel=1e-12)
    assert ct.chi2 == pytest.approx(by_hand, rel=1e-12)
    assert ct.dof == 1
    assert ct.p_value == pytest.approx(ref.pvalue, rel=1e-12)
    # With 1 degree of freedom, P(chi2 > x) = erfc(sqrt(x / 2)).
    assert ct.p_value == pytest.approx(math.erfc(math.sqrt(by_hand / 2)), rel=1e-12)
    # Cramér's V for 2x2 is |ad - bc| / sqrt(r1 r2 c1 c2).
    assert ct.cramers_v == pytest.approx(200 / math.sqrt(30 * 70 * 40 * 60), rel=1e-12)
    assert ct.expected.to_numpy().ravel().tolist() == pytest.approx([12, 18, 28, 42])
    assert ct.low_expected_share == 0.0


def test_adjusted_residual_by_hand(two_by_two):
    ct = crosstab(two_by_two, "theme", "性別")
    # Cell (theme 0, 女): O = 10, E = 12, row share 30/100, column share 40/100.
    by_hand = (10 - 12) / math.sqrt(12 * (1 - 0.3) * (1 - 0.4))
    assert ct.residuals.at[0, "女"] == pytest.approx(by_hand, rel=1e-12)
    assert ct.residuals.at[0, "女"] == pytest.approx(-0.8908708063747479, rel=1e-12)
    # In a 2x2 table every adjusted residual has magnitude sqrt(chi2), signs alternating.
    expected_signs = np.array([[-1, 1], [1, -1]])
    assert ct.residuals.to_numpy() == pytest.approx(expected_signs * math.sqrt(ct.chi2))


def test_totals_and_percentages(survey):
    ct = crosstab(survey, "topic", "年代")
    assert ct.n == len(survey) == 12
    assert int(ct.counts.to_numpy().sum()) == 12
    assert ct.counts.index.tolist() == [0, 1, 2, 10]
    assert ct.row_pct.sum(axis=1).to_numpy() == pytest.approx([100.0] * 4)
    assert ct.col_pct.sum(axis=0).to_numpy() == pytest.approx([100.0] * ct.counts.shape[1])
    assert ct.row_pct.at[0, "10代"] == pytest.approx(50.0)  # topic 0 has 4 answers, 2 in their 10s
    assert ct.col_pct.at[2, "20代"] == pytest.approx(200 / 3)  # 3 in their 20s, 2 in topic 2
    assert ct.counts.dtypes.map(lambda d: d.kind == "i").all()


def test_missing_values_are_a_category(survey):
    ct = crosstab(survey, "topic", "年代")
    # None twice and one blank string: all three are missing, shown last.
    assert ct.counts.columns.tolist() == ["10代", "20代", "30代", "70歳以上", MISSING_LABEL]
    assert int(ct.counts[MISSING_LABEL].sum()) == 3
    assert ct.counts.at[2, MISSING_LABEL] == 1 and ct.counts.at[1, MISSING_LABEL] == 1

    without = crosstab(survey, "topic", "年代", include_missing=False)
    assert MISSING_LABEL not in without.counts.columns
    assert without.n == 9 and without.n_missing_excluded == 3


def test_filters_reduce_n_exactly(survey):
    women = crosstab(survey, "topic", "年代", filters={"性別": ["女"]})
    assert women.n == 6 == int(women.counts.to_numpy().sum())
    assert women.filters == {"性別": ["女"]}

    missing_sex = crosstab(survey, "topic", "年代", filters={"性別": [MISSING_LABEL]})
    assert missing_sex.n == 1
    assert missing_sex.counts.to_numpy().tolist() == [[1]]  # topic 0, 70歳以上

    both = filter_answers(survey, {"性別": ["男", MISSING_LABEL], "年代": ["10代", MISSING_LABEL]})
    # 男 in 10代: rows 1 and 9; no 男 has a missing age; the missing-sex row is 70歳以上.
    assert both.index.tolist() == [1, 9]
    assert filter_answers(survey, None) is survey
    assert filter_answers(survey, {"性別": []}).empty


def test_filter_with_single_string_is_one_value(survey):
    assert len(filter_answers(survey, {"性別": "男"})) == 5


def test_unknown_attribute_raises(survey):
    with pytest.raises(ValueError, match="職業"):
        filter_answers(survey, {"職業": ["学生"]})
    with pytest.raises(ValueError, match="unknown column '居住地'"):
        crosstab(survey, "topic", "居住地")


def test_degenerate_tables_have_no_statistics(survey):
    one_column = crosstab(survey, "topic", "年代", filters={"年代": ["20代"]})
    assert one_column.counts.shape == (2, 1)
    assert one_column.n == 3
    assert one_column.chi2 is None and one_column.p_value is None
    assert one_column.dof is None and one_column.cramers_v is None
    assert (one_column.residuals.to_numpy() == 0).all()

    one_row = crosstab(survey[survey["topic"] == 0], "topic", "性別")
    assert one_row.counts.shape[0] == 1 and one_row.chi2 is None


def test_filtered_away_categories_are_dropped_before_the_test():
    table = {(0, "A"): 5, (0, "B"): 3, (1, "A"): 2, (1, "B"): 6, (2, "C"): 4}
    answers = _answers(table, attribute="group")
    ct = crosstab(answers, "theme", "group", filters={"group": ["A", "B"]})
    # Cluster 2 and value C vanish entirely; the test runs on the remaining 2x2.
    assert ct.counts.index.tolist() == [0, 1]
    assert ct.counts.columns.tolist() == ["A", "B"]
    ref = chi2_contingency(np.array([[5, 3], [2, 6]]), correction=False)
    assert ct.chi2 == pytest.approx(ref.statistic) and ct.dof == 1
    assert ct.low_expected_share == pytest.approx(1.0)  # all expected counts are 3.5 or 4.5


def test_empty_input_gives_empty_crosstab(survey):
    ct = crosstab(survey, "topic", "年代", filters={"性別": ["該当なし"]})
    assert isinstance(ct, Crosstab)
    assert ct.n == 0 and ct.counts.empty and ct.residuals.empty
    assert ct.chi2 is None and ct.cramers_v is None and ct.low_expected_share == 0.0
    frame = crosstab_frame(ct)
    assert frame.empty
    assert json.loads(json.dumps(crosstab_summary(ct)))["n"] == 0


def test_natural_sort_of_age_groups():
    shuffled = ["70歳以上", "20代", "10代", MISSING_LABEL, "60代", "100代", "10歳未満", "9"]
    ordered = ["9", "10歳未満", "10代", "20代", "60代", "70歳以上", "100代", MISSING_LABEL]
    assert sort_values(shuffled) == ordered
    korean = ["20대", "10대", "60대 이상", "60대"]
    assert sorted(korean, key=natural_key) == ["10대", "20대", "60대", "60대 이상"]
    assert sort_values([10, 2, 1, "x"]) == [1, 2, 10, "x"]


def test_string_cluster_ids_sort_naturally():
    answers = _answers({("topic 10", "a"): 1, ("topic 2", "b"): 1, ("topic 1", "a"): 1})
    ct = crosstab(answers, "theme", "性別")
    assert ct.counts.index.tolist() == ["topic 1", "topic 2", "topic 10"]


def test_crosstab_frame_totals_are_consistent(survey):
    ct = crosstab(survey, "topic", "年代")
    frame = crosstab_frame(ct)
    cells = frame[(frame["cluster"] != TOTAL_LABEL) & (frame["value"] != TOTAL_LABEL)]
    assert len(cells) == ct.counts.size
    assert set(frame["attribute"]) == {"年代"}

    grand = frame[(frame["cluster"] == TOTAL_LABEL) & (frame["value"] == TOTAL_LABEL)]
    assert grand["count"].tolist() == [12]
    by_cluster = frame[(frame["value"] == TOTAL_LABEL) & (frame["cluster"] != TOTAL_LABEL)]
    by_value = frame[(frame["cluster"] == TOTAL_LABEL) & (frame["value"] != TOTAL_LABEL)]
    assert by_cluster["count"].sum() == by_value["count"].sum() == cells["count"].sum() == 12
    for cluster, total in zip(by_cluster["cluster"], by_cluster["count"]):
        assert cells.loc[cells["cluster"] == cluster, "count"].sum() == total
        assert cells.loc[cells["cluster"] == cluster, "row_pct"].sum() == pytest.approx(100.0)
    for value, total in zip(by_value["value"], by_value["count"]):
        assert cells.loc[cells["value"] == value, "count"].sum() == total
    assert by_value["row_pct"].sum() == pytest.approx(100.0)
    assert by_cluster["col_pct"].sum() == pytest.approx(100.0)
    # The CSV round trip keeps every count.
    again = pd.read_csv(io.StringIO(frame.to_csv(index=False)))
    assert again["count"].tolist() == frame["count"].tolist()


def test_summary_is_plain_json(two_by_two):
    ct = crosstab(two_by_two, "theme", "性別", filters={"性別": ("女", "男")})
    summary = json.loads(json.dumps(crosstab_summary(ct)))
    assert summary["n"] == 100 and summary["dof"] == 1
    assert summary["chi2"] == pytest.approx(200 / 252)
    assert summary["filters"] == {"性別": ["女", "男"]}
    assert type(crosstab_summary(ct)["chi2"]) is float


@pytest.mark.skipif(not FUKUI_JAN.exists(), reason="shared Fukui survey data not present")
def test_real_survey_sex_by_answered_reason():
    survey = pd.read_csv(FUKUI_JAN, encoding="utf-8-sig", dtype=str)
    reason = survey["満足度の理由"]
    survey["answered"] = reason.notna() & (reason.fillna("").str.strip() != "")

    ct = crosstab(survey, "answered", "性別")
    assert ct.n == len(survey) == 1461
    assert int(ct.counts.to_numpy().sum()) == ct.n
    assert ct.counts.index.tolist() == [False, True]
    assert ct.counts.sum(axis=1).tolist() == [1188, 273]
    sex_totals = ct.counts.sum(axis=0).to_dict()
    # The file has its own literal "無回答" answer, distinct from a missing cell.
    assert sex_totals == {"その他": 9, "女": 754, "無回答": 28, "男": 670}
    assert ct.dof == 3 and 0.0 <= ct.p_value <= 1.0 and 0.0 <= ct.cramers_v <= 1.0
    ref = chi2_contingency(ct.counts.to_numpy(), correction=False)
    assert ct.chi2 == pytest.approx(ref.statistic)

    women = crosstab(survey, "answered", "性別", filters={"性別": ["女"]})
    assert women.n == 754 and women.chi2 is None


def test_suggested_attributes_leave_out_rare_and_many_valued_columns():
    from listening.views.crosstab import suggested_attributes

    frame = pd.DataFrame({
        "年代": ["30代", "40代"] * 10,
        "id_like": [str(i) for i in range(20)] * 1,
        "title": ["note"] * 3 + [None] * 17,  # only hearing notes carry it
        "constant": ["x"] * 20,
    })
    frame["id_like"] = [f"r{i}" for i in range(20)]
    assert suggested_attributes(frame, ["年代", "id_like", "title", "constant", "missing"], max_values=10) == ["年代"]
