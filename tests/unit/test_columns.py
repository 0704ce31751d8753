"""Column guesses on the bundled samples, a real 90-column survey export and small hand-made tables."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from listening.ingest.columns import guess_columns
from listening.ingest.read import read_path
from listening.ingest.select import select_answers

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FUKUI_JAN = DATA / "fukui_survey" / "202501.csv"
FUKUI_TEXT = ("満足度の理由", "不便さの内容", "推奨項目", "施設に求めるもの", "福井県に求めるもの",
              "満足度(商品・サービス)の理由", "福井県内での交通手段の満足度の理由")


def test_japanese_sample_guess_is_usable_as_is():
    table = read_path(ROOT / "sample_data" / "survey_ja.csv")
    guess = guess_columns(table.frame)
    assert guess.text == ("問1 暮らしの中で困っていること・課題", "問2 これからのまちに望むこと・アイデア")
    assert guess.id == "回答ID"
    assert guess.attributes == ("年代", "性別", "校区", "回答者区分")
    assert guess.roles["回答日"] == "date"
    # 満足度 has few values but no attribute-like header: offered, not selected.
    assert guess.roles["満足度"] == "ignore" and "満足度" in guess.candidates
    assert set(guess.roles) == set(table.frame.columns)
    # The guess feeds select_answers without an error (the id survives repeated rows).
    answers = select_answers(table, guess.text, guess.id, guess.attributes)
    assert len(answers.kept) > 3000


def test_korean_sample_guess():
    guess = guess_columns(read_path(ROOT / "sample_data" / "survey_ko.csv").frame)
    assert guess.text == ("문1 생활 속 불편한 점", "문2 우리 동네에 바라는 점")
    assert guess.id == "응답ID"
    assert guess.attributes == ("연령대", "성별", "행정동", "응답자유형")
    assert guess.roles["응답일자"] == "date"


@pytest.mark.skipif(not FUKUI_JAN.exists(), reason="shared data not present")
def test_real_survey_export_with_90_columns():
    frame = read_path(FUKUI_JAN).frame
    assert frame.shape[1] == 90
    guess = guess_columns(frame)
    assert set(guess.text) == set(FUKUI_TEXT)
    assert {"性別", "年代"} <= set(guess.attributes)
    # One age column: 年代 (9 bands) rather than the raw 回答時の年齢 (70 values).
    assert "回答時の年齢" not in guess.attributes
    assert guess.roles["回答日時"] == "date"
    # 会員ID repeats (members answer more than once), so it cannot be an answer id.
    assert guess.id is None
    # Multi-choice lists are long but repetitive, and short free answers are not prose.
    assert guess.roles["訪問目的ALL"] != "text"
    assert guess.roles["アンケート回答前に訪問した主な場所FA"] != "text"
    assert guess.roles["アンケート回答前に訪問した主な場所"] != "text"  # 訪問 is not 問1
    assert "世帯年収" in guess.candidates and guess.roles["世帯年収"] == "ignore"


def test_content_and_header_rules_on_a_small_table():
    n = 40
    frame = pd.DataFrame({
        "No.": [str(i + 1) for i in range(n)],
        "電話番号": [f"090-0000-{i:04d}" for i in range(n)],
        "送信": [f"2025/4/{i % 28 + 1} 10:00" for i in range(n)],
        "ご意見": [f"駐輪場を増やして{i}" + "ほしい" * (i % 2) for i in range(n)],  # ~11 chars
        "備考": ["バスの本数が少なくて通勤に困っている状況です" + str(i) for i in range(n)],
        "Age group": ["20s", "30s"] * (n // 2),
        "町名": [f"町{i % 12}" for i in range(n)],
        "区分": ["A"] * n,
        "English comment": [f"The bus is always late and crowded {i}" for i in range(n)],
    })
    guess = guess_columns(frame)
    assert guess.id == "No."
    assert guess.roles["電話番号"] == "ignore"  # unique, but personal data, never an id
    assert guess.roles["送信"] == "date"  # dates recognised by their cells
    assert guess.text == ("ご意見", "備考")  # ご意見 is short, but its header says it is an opinion
    assert guess.attributes == ("Age group", "町名")
    assert "区分" not in guess.candidates  # one value only: nothing to compare
    assert guess.roles["English comment"] == "ignore"  # not Japanese or Korean


def test_empty_and_blank_columns_are_ignored():
    frame = pd.DataFrame({"ID": ["a", "b"], "空": [None, None], "性別": ["女", None]})
    guess = guess_columns(frame)
    assert guess.roles == {"ID": "id", "空": "ignore", "性別": "ignore"}  # one value is no attribute
    assert guess.text == () and guess.attributes == ()
