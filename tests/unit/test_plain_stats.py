"""Statistics in plain words (what stands out, in sentences), tables with totals, keyword results across
groups with the keyword found in the original text, and the district column guessed from its name."""
from __future__ import annotations

import pandas as pd
import pytest

from listening.i18n import STRINGS
from listening.views import (
    crosstab,
    crosstab_sentences,
    district_columns,
    district_profile,
    keyword_hits,
    mark_spans,
    standout_cells,
    with_totals,
)
from listening.waves import wave_sentences, wave_table


def _survey() -> pd.DataFrame:
    # 70歳以上 (100 answers) raise バス (topic 0) 50 times; 20代 (200) 20 times; 40代 (100) 10 times.
    plan = [("70歳以上", 0, 50), ("70歳以上", 1, 50), ("20代", 0, 20), ("20代", 1, 180),
            ("40代", 0, 10), ("40代", 1, 90), ("10歳未満", 0, 3)]
    rows = [{"年代": age, "topic": topic, "text": "x"} for age, topic, k in plan for _ in range(k)]
    return pd.DataFrame(rows)


def test_a_group_that_raises_an_opinion_far_more_often_stands_out_with_its_ratio():
    ct = crosstab(_survey(), "topic", "年代")
    cells = standout_cells(ct)
    first = cells.iloc[0]
    assert (first["value"], first["cluster"]) == ("70歳以上", 0)
    overall = 83 / 403
    assert first["share"] == pytest.approx(0.5)
    assert first["overall"] == pytest.approx(overall)
    assert first["ratio"] == pytest.approx(0.5 / overall)
    assert first["p_adjusted"] < 0.05 and first["residual"] > 0
    # Only over-represented cells are named, never one of fewer than 5 answers (10歳未満 has 3).
    assert (cells["ratio"] > 1).all()
    assert "10歳未満" not in set(cells["value"])


def test_the_sentence_names_the_group_the_opinion_and_the_ratio_in_each_language():
    ct = crosstab(_survey(), "topic", "年代")
    ratio = f"{0.5 / (83 / 403):.1f}"
    ja = crosstab_sentences(ct, "ja", labels={0: "バス", 1: "公園"}, limit=1)
    assert ja == [f"年代が「70歳以上」の回答では、「バス」の意見が全体の{ratio}倍です（50.0%、全体では20.6%、50件）。"]
    ko = crosstab_sentences(ct, "ko", labels={0: "버스", 1: "공원"}, attribute_name="연령대", limit=1)
    assert "'버스' 의견이 전체의" in ko[0] and f"{ratio}배" in ko[0]
    en = crosstab_sentences(ct, "en", labels={0: "buses", 1: "parks"}, attribute_name="age", limit=2)
    assert en[0].startswith("Among answers with age “70歳以上”, “buses” comes up") and len(en) <= 2


def test_without_a_clear_difference_the_sentence_says_nothing_stands_out():
    even = pd.DataFrame({"年代": ["20代", "70歳以上"] * 100, "topic": [0, 0, 1, 1] * 50, "text": "x"})
    sentences = crosstab_sentences(crosstab(even, "topic", "年代"), "ja")
    assert sentences == [STRINGS["plain_ct_nothing"]["ja"].format(attribute="年代")]
    one_group = even.assign(年代="20代")
    assert crosstab_sentences(crosstab(one_group, "topic", "年代"), "en") == [STRINGS["plain_ct_no_test"]["en"]]


def test_small_groups_are_not_named_even_when_their_difference_is_large():
    # 8 answers of 10代, all on topic 0, against a city that mostly talks of topic 1.
    frame = pd.concat([_survey(), pd.DataFrame({"年代": ["10代"] * 8, "topic": [0] * 8, "text": "x"})])
    assert "10代" not in set(standout_cells(crosstab(frame, "topic", "年代"))["value"])


def test_tables_carry_a_total_row_and_column():
    ct = crosstab(_survey(), "topic", "年代")
    counts, row_pct, col_pct = with_totals(ct, "合計")
    assert counts.loc["合計", "合計"] == 403
    assert counts.loc[0, "合計"] == 83 and counts.loc["合計", "70歳以上"] == 100
    assert row_pct.loc[0, "合計"] == pytest.approx(100.0)
    assert row_pct.loc["合計", "70歳以上"] == pytest.approx(100 * 100 / 403)
    assert col_pct.loc[0, "合計"] == pytest.approx(100 * 83 / 403)
    assert col_pct.loc["合計", "20代"] == pytest.approx(100.0)


def test_a_value_that_only_filtered_out_answers_have_gets_no_column():
    ct = crosstab(_survey(), "topic", "年代", filters={"年代": ["20代", "70歳以上"]})
    assert list(ct.counts.columns) == ["20代", "70歳以上"]
    assert (ct.counts.sum(axis=0) > 0).all()


def test_keyword_hits_list_matches_across_groups_most_matching_group_first():
    answers = pd.DataFrame({
        "text": ["バスが少ない", "公園がほしい", "バス停が遠い", "ＢＵＳ", "駅のバス", "図書館"],
        "topic": [1, 0, 0, 2, 0, 1], "confidence": [0.9, 0.5, 0.3, 0.8, 0.7, 0.1],
    })
    page, per_group = keyword_hits(answers, "バス", "topic", page=1, page_size=10)
    assert per_group.to_dict("list") == {"cluster": [0, 1], "hits": [2, 1]}
    assert page["text"].tolist() == ["駅のバス", "バス停が遠い", "バスが少ない"]
    second, _ = keyword_hits(answers, "バス", "topic", page=2, page_size=2)
    assert second["text"].tolist() == ["バスが少ない"]
    assert keyword_hits(answers, "bus", "topic")[0]["text"].tolist() == ["ＢＵＳ"]
    assert keyword_hits(answers, "", "topic")[0].empty


def test_mark_spans_find_the_words_in_the_original_text_also_in_full_width():
    assert mark_spans("バスが少ない。ＢＵＳ停とbus", "bus") == [(7, 10), (12, 15)]
    assert mark_spans("駅前のバス停", "バス　駅") == [(0, 1), (3, 5)]
    assert mark_spans("abcabc", "bc cab") == [(1, 6)]  # overlapping matches merge
    assert mark_spans("text", "") == []


@pytest.mark.parametrize("names, expected", [
    (["性別", "年代", "校区"], ["校区"]),
    (["性別", "年代", "回答エリア", "市町村", "区分"], ["市町村", "回答エリア"]),
    (["성별", "연령대", "행정동"], ["행정동"]),
    (["gender", "age", "area code"], ["area code"]),
    (["性別", "年代", "同行者"], []),
])
def test_district_columns_are_recognised_by_name(names, expected):
    assert district_columns(names) == expected


def test_distinctive_topics_are_only_those_a_district_raises_more_than_the_city():
    # 東: topic 0 ×20, topic 1 ×16 (city 30 / 56): topic 1's ratio is 0.71, not distinctive.
    plan = [("東", 0, 20), ("東", 1, 16), ("西", 0, 10), ("西", 1, 40)]
    rows = [{"校区": d, "topic": tp, "answer_id": f"{d}{tp}{j}"} for d, tp, k in plan for j in range(k)]
    profile = district_profile(pd.DataFrame(rows), "校区", "東")
    assert profile.top_by_lift["cluster_id"].tolist() == [0]
    assert (profile.top_by_lift["lift"] > 1).all()


def test_wave_sentences_name_the_latest_significant_change_in_words():
    before = [(0, 20), (1, 80)]
    after = [(0, 60), (1, 40)]
    rows = [{"batch_id": b, "topic": tp, "topic_label": {0: "バス", 1: "公園"}[tp]}
            for b, plan in ((1, before), (2, after)) for tp, k in plan for _ in range(k)]
    table = wave_table(pd.DataFrame(rows), "topic")
    names = {1: "2025年10月", 2: "2025年11月"}
    ja = wave_sentences(table, "ja", names, limit=1)
    assert ja == ["「バス」の意見は2025年10月の20.0%から2025年11月の60.0%に増えました。"]
    en = wave_sentences(table, "en", names)
    assert "“公園” fell from 80.0% in 2025年10月 to 40.0% in 2025年11月." in en
    flat = wave_table(pd.DataFrame([{**r, "batch_id": r["batch_id"]} for r in rows if r["batch_id"] == 1]
                                   + [{**r, "batch_id": 2} for r in rows if r["batch_id"] == 1]), "topic")
    assert wave_sentences(flat, "ko") == [STRINGS["plain_wave_nothing"]["ko"]]
