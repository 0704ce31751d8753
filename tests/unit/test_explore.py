"""Filtering, search, map sampling, cluster paging and group comparison on hand-built answers."""
from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from listening.types import InputError
from listening.views.crosstab import MISSING_LABEL
from listening.views.explore import (
    cluster_answers_page,
    compare_groups,
    compare_proportions,
    filter_view,
    holm_adjust,
    map_points,
    search_mask,
)


def _frame(rows: list[dict]) -> pd.DataFrame:
    """Answers shaped like Analysis.answers: ids, text, clusters, confidence, attributes."""
    frame = pd.DataFrame(rows)
    n = len(frame)
    frame.insert(0, "answer_id", [f"r{i}:1" for i in range(n)])
    frame.insert(1, "respondent_id", [f"r{i}" for i in range(n)])
    defaults = {"question": "問1", "source": "survey", "language": "ja", "theme": 0, "topic": 0,
                "confidence": 0.5, "batch_id": 1, "text": "テキスト"}
    for column, value in defaults.items():
        if column not in frame.columns:
            frame[column] = value
        elif column not in ("text", "batch_id"):  # kept blank to test missing text and float ids
            frame[column] = frame[column].fillna(value)
    frame["theme_label"] = "テーマ" + frame["theme"].astype(str)
    frame["topic_label"] = "トピック" + frame["topic"].astype(str)
    return frame


@pytest.fixture
def answers() -> pd.DataFrame:
    return _frame([
        {"text": "バスの本数を増やしてほしい", "年代": "20代", "性別": "女", "question": "問1", "topic": 0,
         "confidence": 0.9, "batch_id": 1},
        {"text": "駅前の駐輪場が足りない", "年代": "70歳以上", "性別": "男", "question": "問1", "topic": 0,
         "confidence": 0.2, "batch_id": 1},
        {"text": "ＷｉＦｉを公園に", "年代": None, "性別": "女", "question": "問2", "topic": 1,
         "confidence": 0.7, "batch_id": 2},
        {"text": "子育て支援を充実してほしい バス", "年代": "20代", "性別": None, "question": "問2",
         "topic": 1, "confidence": 0.4, "batch_id": 2, "source": "hearing"},
        {"text": None, "年代": "10代", "性別": "男", "question": "問1", "topic": 0, "confidence": 0.6},
    ])


def test_filter_view_none_keeps_everything(answers):
    assert filter_view(answers).equals(answers)


def test_filter_view_combines_attributes_questions_sources_and_batches(answers):
    assert filter_view(answers, {"年代": ["20代"]})["answer_id"].tolist() == ["r0:1", "r3:1"]
    # The missing label selects answers without a value, as in crosstab.filter_answers.
    assert filter_view(answers, {"年代": [MISSING_LABEL]})["answer_id"].tolist() == ["r2:1"]
    assert filter_view(answers, {"年代": ["20代"]}, questions=["問2"])["answer_id"].tolist() == ["r3:1"]
    assert filter_view(answers, sources=["hearing"])["answer_id"].tolist() == ["r3:1"]
    assert filter_view(answers, batches=[2])["answer_id"].tolist() == ["r2:1", "r3:1"]
    # The last answer has no batch, so batch_id is a float column (1.0, 2.0, NaN).
    assert filter_view(answers, batches=["1"])["answer_id"].tolist() == ["r0:1", "r1:1"]
    assert filter_view(answers, sources=["survey"])["answer_id"].tolist() == ["r0:1", "r1:1", "r2:1", "r4:1"]
    assert filter_view(answers, questions=[]).empty


def test_filter_view_unknown_columns_raise(answers):
    with pytest.raises(InputError, match="居住地"):
        filter_view(answers, {"居住地": ["東"]})
    with pytest.raises(InputError, match="batch_id"):
        filter_view(answers.drop(columns="batch_id"), batches=[1])


def test_search_folds_width_and_case_and_needs_every_word(answers):
    assert search_mask(answers, "wifi").tolist() == [False, False, True, False, False]
    assert search_mask(answers, "ＷＩＦＩ 公園").tolist() == [False, False, True, False, False]
    # An ideographic space separates words too; both words must appear.
    assert search_mask(answers, "バス\u3000ほしい").tolist() == [True, False, False, True, False]
    assert search_mask(answers, "バス 駐輪場").tolist() == [False] * 5


def test_search_empty_query_text_only_and_index_kept(answers):
    shifted = answers.set_axis([10, 11, 12, 13, 14])
    assert not search_mask(shifted, "").any()
    assert not search_mask(shifted, " \u3000 ").any()
    assert search_mask(shifted, "バス").index.tolist() == [10, 11, 12, 13, 14]
    # Attribute values are not searched, only the answer text.
    assert not search_mask(answers, "70歳以上").any()


def test_search_100k_answers_is_fast():
    rng = np.random.default_rng(1)
    words = np.array(["バス", "駅前", "공원", "子育て", "ＡＢＣ", "道路", "병원", "買い物"])
    texts = ["".join(w) + f"で困っています{i}" for i, w in enumerate(rng.choice(words, (100_000, 8)))]
    frame = pd.DataFrame({"text": pd.Series(texts, dtype="str")})
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        mask = search_mask(frame, "abc　バス")
        timings.append(time.perf_counter() - start)
    expected = [("ＡＢＣ" in t and "バス" in t) for t in texts]
    assert mask.tolist() == expected
    assert min(timings) < 5  # target 0.3 s: bench/micro.py


def _big(sizes: list[int], seed: int = 0) -> pd.DataFrame:
    topics = np.repeat(np.arange(len(sizes)), sizes)
    np.random.default_rng(seed).shuffle(topics)
    return pd.DataFrame({"answer_id": [f"a{i}" for i in range(len(topics))], "topic": topics,
                         "x": np.arange(len(topics), dtype=float)})


def test_map_points_small_data_is_returned_whole():
    frame = _big([30, 10])
    points, total = map_points(frame, max_points=40)
    assert total == 40 and points is frame


def test_map_points_sample_is_stratified_seeded_and_ordered():
    sizes = [60_000, 30_000, 9_980, 15, 5]
    frame = _big(sizes)
    points, total = map_points(frame, max_points=20_000, random_state=3)
    assert total == 100_000
    assert len(points) == 20_000
    counts = points["topic"].value_counts()
    # Small topics keep min(size, 20) points: all 15 and all 5.
    assert counts[3] == 15 and counts[4] == 5
    assert all(counts[t] >= 20 for t in range(3))
    # The rest is shared in proportion to size.
    assert counts[0] / counts[1] == pytest.approx(2.0, rel=0.01)
    assert points.index.is_monotonic_increasing
    again, _ = map_points(frame, max_points=20_000, random_state=3)
    assert again["answer_id"].tolist() == points["answer_id"].tolist()
    other, _ = map_points(frame, max_points=20_000, random_state=4)
    assert other["answer_id"].tolist() != points["answer_id"].tolist()


def test_map_points_100k_is_fast():
    frame = _big([40_000, 30_000, 20_000, 9_000, 1_000])
    start = time.perf_counter()
    points, total = map_points(frame)
    assert time.perf_counter() - start < 5  # target 0.2 s: bench/micro.py
    assert (len(points), total) == (20_000, 100_000)


def test_cluster_page_most_central_first_with_paging_and_query():
    frame = _frame([{"topic": 2, "confidence": c, "text": t} for c, t in
                    [(0.1, "バス停"), (0.9, "駅"), (0.5, "バス"), (0.7, "公園"), (0.3, "バス路線")]]
                   + [{"topic": 1, "confidence": 1.0, "text": "バス"}])
    page, total = cluster_answers_page(frame, "topic", 2, page=1, page_size=2)
    assert total == 5
    assert page["confidence"].tolist() == [0.9, 0.7]
    page, _ = cluster_answers_page(frame, "topic", 2, page=3, page_size=2)
    assert page["confidence"].tolist() == [0.1]
    assert cluster_answers_page(frame, "topic", 2, page=4, page_size=2)[0].empty
    page, total = cluster_answers_page(frame, "topic", 2, page=1, query="バス")
    assert total == 3
    assert page["text"].tolist() == ["バス", "バス路線", "バス停"]
    with pytest.raises(InputError):
        cluster_answers_page(frame, "subtopic", 2, page=1)


def test_compare_proportions_matches_the_formula():
    # 30 of 100 vs 10 of 100: pooled 0.2, se = sqrt(0.2 * 0.8 * 0.02) = 0.0565685...
    z, p = compare_proportions([30], [100], [10], [100])
    assert z[0] == pytest.approx(0.2 / math.sqrt(0.2 * 0.8 * 0.02))
    assert p[0] == pytest.approx(2 * norm.sf(z[0]))
    z, p = compare_proportions([0], [10], [0], [10])
    assert (z[0], p[0]) == (0.0, 1.0)


def test_holm_adjust_by_hand():
    assert holm_adjust([0.01, 0.04, 0.03, 0.2]).tolist() == pytest.approx([0.04, 0.09, 0.09, 0.2])
    assert holm_adjust([0.5, 0.6]).tolist() == [1.0, 1.0]


def _groups_frame() -> pd.DataFrame:
    # Young (A): 100 answers, 60 on topic 0, 38 on topic 1, 2 on topic 2.
    # Old (B): 100 answers, 20 on topic 0, 79 on topic 1, 1 on topic 2.  Middle-aged: neither group.
    rows = ([{"年代": "20代", "topic": 0}] * 60 + [{"年代": "10代", "topic": 1}] * 38
            + [{"年代": "20代", "topic": 2}] * 2 + [{"年代": "70歳以上", "topic": 0}] * 20
            + [{"年代": "70歳以上", "topic": 1}] * 79 + [{"年代": "70歳以上", "topic": 2}]
            + [{"年代": "40代", "topic": 3}] * 50)
    return _frame(rows)


def test_compare_groups_shares_tests_and_order():
    frame = _groups_frame()
    clusters = pd.DataFrame({"level": "topic", "cluster_id": [0, 1, 2, 3],
                             "label": ["交通", "医療", "公園", "仕事"]})
    result = compare_groups(frame, "topic", {"年代": ["10代", "20代"]}, {"年代": ["70歳以上"]},
                            clusters=clusters)
    # Small clusters (topic 2: 3 answers, topic 3: none in either group) come last.
    assert result["cluster_id"].tolist() == [1, 0, 2, 3]
    row = result.set_index("cluster_id").loc[0]
    assert (row["n_a"], row["n_b"]) == (60, 20)
    assert (row["share_a"], row["share_b"]) == (0.6, 0.2)
    assert row["diff"] == pytest.approx(40.0)
    assert row["label"] == "交通"
    z, p = compare_proportions([60], [100], [20], [100])
    assert row["z"] == pytest.approx(z[0]) and row["p"] == pytest.approx(p[0])
    assert row["over_represented_in"] == "A"
    assert result.set_index("cluster_id").loc[1, "over_represented_in"] == "B"
    # Holm runs over the non-small clusters only (0 and 1).
    big = result.loc[~result["small"]]
    assert big["cluster_id"].tolist() == [1, 0]
    assert big["p_adjusted"].tolist() == pytest.approx(holm_adjust(big["p"]).tolist())
    small = result.set_index("cluster_id").loc[2]
    assert small["small"] and small["over_represented_in"] == "" and math.isnan(small["p_adjusted"])


def test_compare_groups_small_is_never_significant_even_with_a_big_difference():
    frame = _frame([{"性別": "女", "topic": 0}] * 4 + [{"性別": "男", "topic": 1}] * 4)
    result = compare_groups(frame, "topic", {"性別": ["女"]}, {"性別": ["男"]}, min_count=5)
    assert result["small"].all()
    assert (result["over_represented_in"] == "").all()
    assert result["label"].tolist() == ["トピック0", "トピック1"]


def test_compare_groups_rejects_overlap_and_empty_groups():
    frame = _groups_frame()
    with pytest.raises(ValueError, match="overlap"):
        compare_groups(frame, "topic", {"年代": ["20代", "70歳以上"]}, {"年代": ["70歳以上"]})
    with pytest.raises(ValueError, match="overlap"):
        compare_groups(frame, "topic", {}, {"年代": ["70歳以上"]})
    with pytest.raises(InputError, match="no answers"):
        compare_groups(frame, "topic", {"年代": ["90代"]}, {"年代": ["70歳以上"]})
