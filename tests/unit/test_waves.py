"""Wave table: shares per batch (and attribute), change against the previous batch, tests."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from listening.types import InputError
from listening.views.crosstab import MISSING_LABEL
from listening.waves.compare import WAVE_COLUMNS, wave_table


def _answers(per_batch: dict[int, list[int]], seed: int = 0) -> pd.DataFrame:
    """Answers with the given topic ids per batch, an age attribute and topic labels."""
    rng = np.random.default_rng(seed)
    rows = [{"batch_id": b, "topic": t} for b, topics in per_batch.items() for t in topics]
    frame = pd.DataFrame(rows)
    frame["theme"] = frame["topic"] // 2
    frame["年代"] = rng.choice(["20代", "30代", None], len(frame))
    frame["topic_label"] = "トピック" + frame["topic"].astype(str)
    frame["text"] = "回答"
    return frame


@pytest.fixture
def answers() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return _answers({
        1: rng.integers(0, 4, 120).tolist(),
        2: rng.integers(0, 4, 150).tolist(),
        # Topic 3 disappears and topic 0 jumps in March: a change far beyond chance.
        3: ([0] * 70 + rng.integers(1, 3, 30).tolist()),
    })


def test_counts_sum_to_each_batch_and_shares_to_one(answers):
    table = wave_table(answers)
    assert list(table.columns) == list(WAVE_COLUMNS)
    sizes = answers.groupby("batch_id").size()
    sums = table.groupby("batch")["count"].sum()
    assert sums.to_dict() == sizes.to_dict()
    assert (table["batch_size"] == table["batch"].map(sizes)).all()
    assert table.groupby("batch")["share"].sum().to_numpy() == pytest.approx(1.0)
    # Every topic in every batch, even where it has no answers.
    assert len(table) == 3 * 4
    assert table.loc[(table["batch"] == 3) & (table["cluster"] == 3), "count"].item() == 0


def test_change_and_p_value_match_a_chi_square_on_the_two_batches(answers):
    table = wave_table(answers, min_count=0)
    row = table[(table["batch"] == 2) & (table["cluster"] == 1)].iloc[0]
    first = answers[answers["batch_id"] == 1]
    second = answers[answers["batch_id"] == 2]
    k1, n1 = int((second["topic"] == 1).sum()), len(second)
    k2, n2 = int((first["topic"] == 1).sum()), len(first)
    assert row["count"] == k1 and row["previous_share"] == pytest.approx(k2 / n2)
    assert row["change"] == pytest.approx((k1 / n1 - k2 / n2) * 100)
    # The pooled two-proportion z-test is the 2x2 chi-square without continuity correction.
    _, p, _, _ = chi2_contingency([[k1, n1 - k1], [k2, n2 - k2]], correction=False)
    assert row["p"] == pytest.approx(p)


def test_first_batch_has_nothing_to_compare_and_big_shifts_are_significant(answers):
    table = wave_table(answers)
    first = table[table["batch"] == 1]
    assert first["change"].isna().all() and first["p"].isna().all() and not first["significant"].any()
    march = table[table["batch"] == 3].set_index("cluster")
    assert march.loc[0, "significant"] and march.loc[0, "change"] > 40
    assert march.loc[3, "significant"] and march.loc[3, "change"] < 0
    # Holm over the four topics of one comparison: adjusted p is never below raw p.
    tested = table.dropna(subset=["p_adjusted"])
    assert (tested["p_adjusted"] >= tested["p"] - 1e-12).all()
    feb = table[table["batch"] == 2]
    assert not feb["significant"].any()  # the same random mix as January


def test_batches_follow_their_dates_not_their_ids(answers):
    dates = {1: "2025-03-31", 2: "2025-02-28", 3: "2025-01-31"}
    table = wave_table(answers, batch_dates=dates)
    assert table["batch"].drop_duplicates().tolist() == [3, 2, 1]
    assert table.loc[table["batch"] == 3, "change"].isna().all()
    batch1 = table[(table["batch"] == 1) & (table["cluster"] == 0)].iloc[0]
    batch2 = table[(table["batch"] == 2) & (table["cluster"] == 0)].iloc[0]
    assert batch1["previous_share"] == pytest.approx(batch2["share"])
    assert batch1["date"] == "2025-03-31"


def test_by_attribute_sums_to_each_batch_and_value(answers):
    table = wave_table(answers, level="theme", by="年代")
    assert "年代" in table.columns
    expected = answers.assign(年代=answers["年代"].fillna(MISSING_LABEL)).groupby(["batch_id", "年代"]).size()
    got = table.groupby(["batch", "年代"])["count"].sum()
    assert got.to_dict() == expected.to_dict()
    assert set(table["cluster"]) == {0, 1}
    # Each attribute value is compared with the same value in the previous batch.
    row = table[(table["batch"] == 2) & (table["年代"] == "20代") & (table["cluster"] == 0)].iloc[0]
    prev = table[(table["batch"] == 1) & (table["年代"] == "20代") & (table["cluster"] == 0)].iloc[0]
    assert row["previous_share"] == pytest.approx(prev["share"])


def test_labels_small_clusters_and_errors(answers):
    table = wave_table(answers, min_count=1000)
    assert table["label"].iloc[0] == "トピック0"
    assert table.loc[table["batch"] > 1, "small"].all() and table["p_adjusted"].isna().all()
    with pytest.raises(InputError):
        wave_table(answers, level="word")
    with pytest.raises(InputError):
        wave_table(answers, batch_col="month")
