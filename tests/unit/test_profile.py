"""District profile (地域カルテ) numbers by hand, and staff statistics tables read from real bytes."""
from __future__ import annotations

import io
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest

from listening.types import InputError
from listening.views.crosstab import MISSING_LABEL
from listening.views.explore import compare_proportions
from listening.views.profile import district_profile, district_stats_row, read_district_stats


def _answers() -> pd.DataFrame:
    # 東 (40 answers): topic 0 ×20, topic 1 ×16, topic 2 ×4.
    # 西 (60 answers): topic 0 ×10, topic 1 ×40, topic 2 ×6, topic 3 ×4.   City: 30 / 56 / 10 / 4.
    plan = [("東", 0, 20), ("東", 1, 16), ("東", 2, 4), ("西", 0, 10), ("西", 1, 40), ("西", 2, 6),
            ("西", 3, 4)]
    rows = []
    for district, topic, k in plan:
        for j in range(k):
            rows.append({"校区": district, "topic": topic, "confidence": j / 100,
                         "年代": ["20代", "70歳以上", None][j % 3]})
    frame = pd.DataFrame(rows)
    frame.insert(0, "answer_id", [f"R{i:03d}:1" for i in range(len(frame))])
    frame["topic_label"] = frame["topic"].map({0: "交通", 1: "医療", 2: "公園", 3: "防災"})
    frame["theme"] = 0
    frame["theme_label"] = "暮らし"
    return frame


def test_profile_shares_lift_and_test_by_hand():
    profile = district_profile(_answers(), "校区", "東")
    assert (profile.n_district, profile.n_total) == (40, 100)
    table = profile.clusters.set_index("cluster_id")
    # Sorted by the district's share: 0.5, 0.4, 0.1, 0.
    assert profile.clusters["cluster_id"].tolist() == [0, 1, 2, 3]
    assert table["n_district"].tolist() == [20, 16, 4, 0]
    assert table["share_district"].tolist() == pytest.approx([0.5, 0.4, 0.1, 0.0])
    assert table["share_city"].tolist() == pytest.approx([0.3, 0.56, 0.1, 0.04])
    assert table["lift"].tolist() == pytest.approx([0.5 / 0.3, 0.4 / 0.56, 1.0, 0.0])
    assert table["label"].tolist() == ["交通", "医療", "公園", "防災"]
    # District against the rest of the city: 20 of 40 vs 10 of 60.
    _, p = compare_proportions([20], [40], [10], [60])
    assert table.loc[0, "p"] == pytest.approx(p[0])
    assert table["small"].tolist() == [False, False, True, True]


def test_profile_tops_and_examples_come_from_the_district():
    answers = _answers()
    profile = district_profile(answers, "校区", "東")
    assert profile.top_by_share["cluster_id"].tolist() == [0, 1, 2]  # topic 3 has no answer here
    assert profile.top_by_lift["cluster_id"].tolist() == [0]  # topic 2 is small, topic 1 under the city
    assert set(profile.examples) == {0, 1, 2}
    east = set(answers.loc[answers["校区"] == "東", "answer_id"])
    for cluster_id, ids in profile.examples.items():
        assert len(ids) == 3 and set(ids) <= east
        confidence = answers.set_index("answer_id").loc[ids, "confidence"].tolist()
        assert confidence == sorted(confidence, reverse=True)
    assert profile.examples[0][0] == answers.loc[(answers["校区"] == "東") & (answers["topic"] == 0),
                                                 "answer_id"].iloc[-1]
    assert profile.breakdown is None


def test_profile_breakdown_counts_missing_and_city_shares():
    answers = _answers()
    profile = district_profile(answers, "校区", "東", breakdown_attribute="年代")
    table = profile.breakdown.set_index("value")
    assert table.index.tolist() == ["20代", "70歳以上", MISSING_LABEL]
    east = answers.loc[answers["校区"] == "東", "年代"]
    assert table.loc["20代", "n_district"] == (east == "20代").sum()
    assert table.loc[MISSING_LABEL, "n_district"] == east.isna().sum()
    assert table["n_district"].sum() == 40 and table["n_city"].sum() == 100
    assert table.loc["20代", "share_city"] == pytest.approx((answers["年代"] == "20代").mean())


def test_profile_theme_level_whole_city_and_errors():
    answers = _answers()
    profile = district_profile(answers, "校区", "東", level="theme")
    assert profile.clusters["label"].tolist() == ["暮らし"]
    assert profile.clusters["lift"].tolist() == [1.0]
    everyone = answers.assign(校区="東")
    assert math.isnan(district_profile(everyone, "校区", "東").clusters.loc[0, "p"])
    with pytest.raises(InputError, match="南"):
        district_profile(answers, "校区", "南")
    with pytest.raises(InputError):
        district_profile(answers, "町名", "東")
    with pytest.raises(InputError):
        district_profile(answers, "校区", "東", breakdown_attribute="職業")


def test_read_stats_cp932_csv_with_commas_percent_and_full_width_digits():
    text = "地区名,人口,高齢化率,世帯数,備考\r\n東,\"12,345\",23.5%,５，６７８,海沿い\r\n西 ,９８７６,31.0%,-,\r\n"
    stats = read_district_stats(text.encode("cp932"), "stats.csv")
    assert stats["地区名"].tolist() == ["東", "西"]
    assert stats["人口"].tolist() == [12345, 9876]
    assert stats["高齢化率"].tolist() == [23.5, 31.0]
    assert stats["世帯数"].iloc[0] == 5678 and pd.isna(stats["世帯数"].iloc[1])
    assert stats["備考"].iloc[0] == "海沿い"  # text stays text
    assert district_stats_row(stats, "地区名", "西") == {
        "地区名": "西", "人口": 9876, "高齢化率": 31.0, "世帯数": None, "備考": None}


def test_read_stats_guesses_key_from_values_and_reads_excel():
    csv = "コード,名称,人口\n101,東校区,100\n102,西校区,200\n".encode("utf-8")
    stats = read_district_stats(csv, "s.csv")
    assert district_stats_row(stats, "名称", "東")["人口"] == 100

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["행정동", "인구", "고령화율"], ["강변동", 15234, 0.21], ["새솔동", 8120, 0.3]):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    stats = read_district_stats(buffer.getvalue(), "통계.xlsx")
    row = district_stats_row(stats, "행정동", "강변")
    assert row == {"행정동": "강변동", "인구": 15234, "고령화율": 0.21}


def test_read_stats_errors():
    with pytest.raises(InputError, match="東"):
        read_district_stats("地区,人口\n東,1\n東 ,2\n".encode(), "dup.csv")
    with pytest.raises(InputError, match="district"):
        read_district_stats("年,人口\n2020,1\n2021,2\n".encode(), "numbers.csv")
    with pytest.raises(InputError, match="校区"):
        read_district_stats("地区,人口\n東,1\n".encode(), "s.csv", key_column="校区")
    with pytest.raises(InputError, match="table"):
        read_district_stats("# 東地区ヒアリング\n道が狭い。\n".encode(), "notes.md")


def test_stats_row_matching_rules():
    stats = pd.DataFrame({"地区": ["東校区", "西", "中央小学校区", "北校区", "北地区"],
                          "人口": pd.array([1, 2, 3, 4, 5], dtype="Int64")})
    assert district_stats_row(stats, "地区", "東校区")["人口"] == 1
    assert district_stats_row(stats, "地区", " 東 校区 ")["人口"] == 1
    assert district_stats_row(stats, "地区", "東")["人口"] == 1
    assert district_stats_row(stats, "地区", "西地区")["人口"] == 2
    assert district_stats_row(stats, "地区", "中央")["人口"] == 3
    assert isinstance(district_stats_row(stats, "地区", "中央")["人口"], int)
    assert district_stats_row(stats, "地区", "北") is None  # 北校区 or 北地区: ambiguous
    assert district_stats_row(stats, "地区", "北地区")["人口"] == 5  # exact wins
    assert district_stats_row(stats, "地区", "南") is None
    assert district_stats_row(stats, "地区", "") is None
    floats = pd.DataFrame({"地区": ["東"], "率": [np.nan]})
    assert district_stats_row(floats, "地区", "東") == {"地区": "東", "率": None}


def test_distinctive_topics_are_over_represented_beyond_chance_after_holm():
    answers = _answers()
    profile = district_profile(answers, "校区", "東")
    tested = profile.clusters[~profile.clusters["small"]]
    # 東: topic 0 is 20/40 against 30/100 city-wide (lift 1.67); topic 2 is 4/40 (small, untested).
    assert profile.top_by_lift["label"].tolist() == ["交通"]
    row = profile.clusters.set_index("label").loc["交通"]
    assert row["lift"] == pytest.approx((20 / 40) / (30 / 100)) and row["p_adjusted"] < 0.05
    assert tested["p_adjusted"].ge(tested["p"]).all()  # Holm never lowers a p value
    # A lift just above 1 on few answers is not "distinctive": 西's 医療 (40/60 vs 56/100, lift 1.19)
    west = district_profile(answers, "校区", "西")
    medical = west.clusters.set_index("label").loc["医療"]
    assert medical["lift"] > 1
    assert ("医療" in west.top_by_lift["label"].tolist()) == (medical["p_adjusted"] < 0.05)


def test_district_voices_are_distinct_wordings():
    answers = _answers()
    answers["text"] = "同じ回答"
    east = answers.index[answers["校区"] == "東"]
    answers.loc[east[:3], "text"] = ["別の声", "もう一つの声", "同じ回答"]
    profile = district_profile(answers, "校区", "東")
    for ids in profile.examples.values():
        texts = answers.set_index("answer_id").loc[ids, "text"].tolist()
        assert len(texts) == len(set(texts))
