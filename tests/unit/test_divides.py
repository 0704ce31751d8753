"""Common ground and divides on crafted surveys whose answer is known."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from listening.types import InputError
from listening.views import MISSING_LABEL, POOLED, ground_and_divides, subgroups_of


def survey(rates: dict[str, tuple[int, float]], seed: int = 0, missing: int = 0) -> pd.DataFrame:
    """Answers in topics 0-2 per age group: topic 0 at 30% everywhere, topic 1 at the group's
    rate, topic 2 the rest (exact counts, shuffled)."""
    rows = []
    rng = np.random.default_rng(seed)
    for age, (n, rate) in rates.items():
        n0, n1 = round(0.3 * n), round(rate * n)
        topics = [0] * n0 + [1] * n1 + [2] * (n - n0 - n1)
        rows += [{"年代": age, "topic": t} for t in rng.permutation(topics)]
    rows += [{"年代": None, "topic": 2}] * missing
    frame = pd.DataFrame(rows)
    frame["theme"] = 0
    frame["topic_label"] = frame["topic"].map({0: "公園", 1: "子育て", 2: "その他"})
    return frame


KNOWN = {"10代": (200, 0.40), "30代": (200, 0.25), "50代": (200, 0.15), "70代": (200, 0.02)}


def test_a_group_every_subgroup_raises_alike_is_common_ground():
    result = ground_and_divides(survey(KNOWN), "topic", "年代")
    common = result.common.set_index("cluster_id")
    assert bool(common.loc[0, "is_common"]) and common.loc[0, "consensus"] == pytest.approx(1.0)
    assert common.loc[0, "min_share"] == pytest.approx(0.30)
    # The young raise topic 1 twenty times as often as the old: not common ground.
    assert not bool(common.loc[1, "is_common"]) and common.loc[1, "weakest"] == "70代"
    assert common.loc[1, "consensus"] == pytest.approx(0.02 / 0.205)
    assert result.common["cluster_id"].iloc[0] == 0


def test_the_largest_divide_names_its_subgroups_and_survives_holm():
    result = ground_and_divides(survey(KNOWN), "topic", "年代")
    # Topic 2 (the rest) mirrors topic 1, so the two lead, 38 points apart each.
    assert set(result.divides["cluster_id"].iloc[:2]) == {1, 2}
    top = result.divides.set_index("cluster_id").loc[1]
    assert top["high"] == "10代" and top["low"] == "70代"
    assert top["diff"] == pytest.approx(38.0)
    assert top["significant"] and top["p_adjusted"] < 1e-6
    assert top["p_adjusted"] >= top["p"]
    flat = result.divides.set_index("cluster_id")
    assert not flat.loc[0, "significant"]  # 30% everywhere: no divide


def test_no_divide_is_reported_where_subgroups_only_differ_by_chance():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"年代": rng.choice(["10代", "30代", "50代", "70代", "90代"], size=2000),
                          "topic": rng.integers(0, 12, size=2000), "theme": 0})
    assert not ground_and_divides(frame, "topic", "年代").divides["significant"].any()


def test_small_subgroups_are_pooled_and_missing_values_left_out_and_said_so():
    rates = dict(KNOWN, **{"80代": (20, 0.0), "90代": (15, 0.0)})
    group, info = subgroups_of(survey(rates, missing=7), "年代", min_size=30)
    assert info.values == ["10代", "30代", "50代", "70代", POOLED]
    assert info.pooled == ["80代", "90代"] and info.sizes[POOLED] == 35
    assert info.excluded == {MISSING_LABEL: 7}
    assert group.isna().sum() == 7
    too_small = dict(KNOWN, **{"90代": (10, 0.0)})
    _, info = subgroups_of(survey(too_small), "年代", min_size=30)
    assert POOLED not in info.values and info.excluded == {"90代": 10}


def test_fewer_than_two_subgroups_compare_nothing():
    frame = survey({"10代": (100, 0.2)})
    result = ground_and_divides(frame, "topic", "年代")
    assert result.common.empty and result.divides.empty and result.subgroups.values == ["10代"]


def test_shares_per_subgroup_add_up_and_names_come_from_the_clusters():
    frame = survey(KNOWN)
    clusters = pd.DataFrame({"level": ["topic"] * 3, "cluster_id": [0, 1, 2], "name": ["公園の遊具", "保育園", "他"]})
    result = ground_and_divides(frame, "topic", "年代", clusters=clusters)
    assert np.allclose(result.shares.sum(axis=0), 1.0)
    assert set(result.divides["label"]) == {"公園の遊具", "保育園", "他"}
    with pytest.raises(InputError):
        ground_and_divides(frame, "topic", "地区")
