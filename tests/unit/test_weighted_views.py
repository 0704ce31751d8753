"""Weighted figures beside unweighted ones: cluster shares, crosstabs (Rao-Scott), profile, waves, goals."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from listening.goals.views import goal_coverage
from listening.types import Goal, InputError
from listening.views import (
    TOTAL_LABEL,
    cluster_shares,
    crosstab,
    district_profile,
    weighted_crosstab,
    weighted_crosstab_frame,
    weighted_share,
)
from listening.waves import wave_table


def _answers(n: int = 400, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    age = rng.choice(["20代", "40代", "70歳以上"], n, p=[.2, .3, .5])
    theme = np.where(age == "70歳以上", rng.choice([0, 1, 2], n, p=[.6, .3, .1]), rng.choice([0, 1, 2], n, p=[.2, .3, .5]))
    return pd.DataFrame({
        "answer_id": [f"a{i}" for i in range(n)], "respondent_id": [f"r{i}" for i in range(n)],
        "theme": theme, "topic": theme * 2 + rng.integers(0, 2, n), "theme_label": [f"T{t}" for t in theme],
        "年代": age, "校区": rng.choice(["東", "西"], n), "batch_id": rng.choice([1, 2], n),
        "confidence": rng.random(n),
    })


def _old_down(answers: pd.DataFrame) -> np.ndarray:
    """Weights that halve the over-represented old and double the young."""
    return answers["年代"].map({"20代": 2.0, "40代": 1.0, "70歳以上": 0.5}).to_numpy(dtype=float, copy=True)


def test_weighted_crosstab_totals_equal_the_weighted_total():
    answers = _answers()
    w = _old_down(answers)
    wct = weighted_crosstab(answers, "theme", "年代", w)
    assert wct.weighted_counts.to_numpy().sum() == pytest.approx(w.sum())
    assert wct.weighted_total == pytest.approx(w.sum())
    frame = weighted_crosstab_frame(wct)
    grand = frame[(frame["cluster"] == TOTAL_LABEL) & (frame["value"] == TOTAL_LABEL)].iloc[0]
    assert grand["weighted_count"] == pytest.approx(w.sum()) and grand["count"] == len(answers)
    by_value = frame[(frame["cluster"] == TOTAL_LABEL) & (frame["value"] != TOTAL_LABEL)]
    assert by_value["weighted_count"].sum() == pytest.approx(w.sum())
    assert (wct.counts.to_numpy() == crosstab(answers, "theme", "年代").counts.to_numpy()).all()


def test_equal_weights_give_the_unweighted_shares_and_test():
    answers = _answers()
    wct = weighted_crosstab(answers, "theme", "年代", np.full(len(answers), 3.0))
    ct = wct.unweighted
    assert np.allclose(wct.weighted_col_pct.to_numpy(), ct.col_pct.to_numpy())
    assert wct.effective_n == pytest.approx(len(answers)) and wct.design_effect == pytest.approx(1.0)
    assert wct.chi2 == pytest.approx(ct.chi2) and wct.p_value == pytest.approx(ct.p_value)


def test_unequal_weights_shrink_the_test_by_the_design_effect():
    answers = _answers()
    w = _old_down(answers)
    wct = weighted_crosstab(answers, "theme", "校区", w)
    assert wct.effective_n < len(answers) and wct.design_effect > 1
    # Rao-Scott first order: Pearson on the weighted proportions, scaled to n_eff instead of n.
    p = wct.weighted_counts.to_numpy() / w.sum()
    expected = np.outer(p.sum(axis=1), p.sum(axis=0))
    assert wct.chi2 == pytest.approx(wct.effective_n * ((p - expected) ** 2 / expected).sum())


def test_answers_without_a_weight_are_left_out_of_weighted_figures_and_counted():
    answers = _answers()
    w = _old_down(answers)
    w[:10] = np.nan
    wct = weighted_crosstab(answers, "theme", "年代", w)
    assert wct.n_without_weight == 10 and wct.n_weighted == len(answers) - 10
    assert wct.unweighted.n == len(answers)
    assert wct.weighted_total == pytest.approx(np.nansum(w))


def test_weights_must_line_up_with_the_answers():
    with pytest.raises(InputError):
        weighted_crosstab(_answers(), "theme", "年代", np.ones(3))


def test_cluster_shares_put_the_weighted_share_beside_the_share():
    answers = _answers()
    table = cluster_shares(answers, "theme", _old_down(answers))
    assert table["share"].sum() == pytest.approx(1.0) and table["weighted_share"].sum() == pytest.approx(1.0)
    old_theme = table.set_index("cluster_id")
    assert old_theme.at[0, "weighted_share"] < old_theme.at[0, "share"]  # theme 0 is the old people's
    plain = cluster_shares(answers, "theme")
    assert plain["weighted_share"].isna().all() and (plain["size"] == table["size"]).all()
    shares = weighted_share(answers["theme"], _old_down(answers))
    assert shares.to_dict() == pytest.approx(old_theme["weighted_share"].to_dict())


def test_district_profile_adds_weighted_shares():
    answers = _answers()
    profile = district_profile(answers, "校区", "東", level="theme", weights=_old_down(answers))
    clusters = profile.clusters
    assert {"weighted_share_district", "weighted_share_city", "weighted_lift", "p_weighted"} <= set(clusters.columns)
    assert clusters["weighted_share_district"].sum() == pytest.approx(1.0)
    same = district_profile(answers, "校区", "東", level="theme", weights=np.ones(len(answers)))
    assert np.allclose(same.clusters["weighted_share_district"], same.clusters["share_district"])


def test_wave_table_adds_weighted_shares_and_changes():
    answers = _answers()
    table = wave_table(answers, level="theme", weights=_old_down(answers))
    assert {"weighted_share", "weighted_change", "p_weighted"} <= set(table.columns)
    assert table.groupby("batch")["weighted_share"].sum().to_numpy() == pytest.approx([1.0, 1.0])
    same = wave_table(answers, level="theme", weights=np.ones(len(answers)))
    assert np.allclose(same["weighted_share"], same["share"])
    assert np.allclose(same["weighted_change"].dropna(), same["change"].dropna())


def test_goal_coverage_adds_the_weighted_share():
    answers = _answers()
    goals = [Goal("g1", "子育て"), Goal("g2", "高齢者")]
    assignment = np.column_stack([answers["年代"] != "70歳以上", answers["年代"] == "70歳以上"])
    table = goal_coverage(answers, assignment, goals, weights=_old_down(answers)).set_index("goal_id")
    assert table.at[TOTAL_LABEL, "weighted_share"] == pytest.approx(1.0)
    assert table.at["g2", "weighted_share"] < table.at["g2", "share"]
    assert "weighted_share" not in goal_coverage(answers, assignment, goals).columns


def test_goal_view_coverage_passes_the_weights_through():
    from listening.goals.tables import GoalView, coverage_matrix

    answers = _answers()
    goals = [Goal("g1", "子育て"), Goal("g2", "高齢者")]
    assignment = np.column_stack([answers["年代"] != "70歳以上", answers["年代"] == "70歳以上"])
    view = GoalView(goals, answers, assignment.astype(float), assignment, np.zeros_like(assignment), pd.DataFrame(),
                    pd.DataFrame(), {}, None)
    counts, shares = coverage_matrix(view, "校区")
    _, weighted = coverage_matrix(view, "校区", weights=_old_down(answers))
    assert (weighted.loc["g2"] < shares.loc["g2"]).all()
    assert counts.loc[TOTAL_LABEL].sum() == len(answers)


def test_common_ground_and_divides_with_equal_weights_are_the_unweighted_ones():
    from listening.views import ground_and_divides

    answers = _answers(600)
    plain = ground_and_divides(answers, "theme", "年代")
    weighted = ground_and_divides(answers, "theme", "年代", weights=np.full(len(answers), 2.5))
    assert np.allclose(plain.shares.to_numpy(), weighted.shares.to_numpy())
    pd.testing.assert_frame_equal(plain.common, weighted.common)
    pd.testing.assert_frame_equal(plain.divides, weighted.divides, check_exact=False)


def test_weighted_divides_show_weighted_shares_and_test_on_effective_sizes():
    from listening.views import ground_and_divides

    answers = _answers(600)
    # Inside 70歳以上 the people in theme 0 count half: the subgroup's weighted share of theme 0 falls.
    old = (answers["年代"] == "70歳以上").to_numpy()
    w = np.where(old & (answers["theme"] == 0).to_numpy(), 0.5, 1.0)
    w[answers.index[old][:5]] = np.nan  # answers without a weight are left out of weighted figures
    result = ground_and_divides(answers, "theme", "年代", weights=w)
    keep = old & np.isfinite(w)
    expected = w[keep & (answers["theme"] == 0).to_numpy()].sum() / w[keep].sum()
    assert result.shares.at[0, "70歳以上"] == pytest.approx(expected)
    plain = ground_and_divides(answers, "theme", "年代")
    assert result.shares.at[0, "70歳以上"] < plain.shares.at[0, "70歳以上"]
    assert (result.divides["n"].sort_values().to_numpy() == plain.divides["n"].sort_values().to_numpy()).all()
    row = result.divides.set_index("cluster_id").loc[0]
    plain_row = plain.divides.set_index("cluster_id").loc[0]
    assert row["share_high"] != plain_row["share_high"] or row["share_low"] != plain_row["share_low"]
    assert 0.0 <= row["p"] <= 1.0
