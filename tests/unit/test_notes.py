"""Hearing notes: header fields, several notes per file, and opinion units."""
from __future__ import annotations

import pandas as pd

from listening.ingest.notes import parse_notes, split_units

TWO_NOTES = """# 東校区 子育てサークル「ひだまり」ヒアリング
団体: 子育てサークル「ひだまり」
校区：東
日付: 2025-06-14

- 放課後に子どもが安心して遊べる場所が足りない。公園の遊具が古い。
- 図書館の開館時間を延ばしてほしい
自由な段落。文が複数。「括弧の中。句点」もある。

# 서구 주민자치회 간담회
단체: 주민자치회
날짜: 2025-07-01
행정동: 서구 1동

- 놀이터가 부족합니다. 공원을 늘려주세요.
"""


def test_two_notes_with_aliases_and_full_width_colon():
    notes = parse_notes(TWO_NOTES, "hearings/2025.md")
    assert notes["note_id"].tolist() == ["2025#1", "2025#2"]
    assert notes["title"].tolist() == ["東校区 子育てサークル「ひだまり」ヒアリング", "서구 주민자치회 간담회"]
    assert notes["line"].tolist() == [1, 10]
    assert notes["group"].tolist() == ["子育てサークル「ひだまり」", "주민자치회"]
    assert notes["date"].tolist() == ["2025-06-14", "2025-07-01"]
    assert notes.loc[0, "校区"] == "東" and pd.isna(notes.loc[1, "校区"])
    assert notes.loc[1, "행정동"] == "서구 1동" and pd.isna(notes.loc[0, "행정동"])
    assert list(notes.columns) == ["note_id", "title", "line", "group", "校区", "date", "행정동", "body"]
    assert notes.loc[0, "body"].startswith("- 放課後に")
    assert "団体" not in notes.loc[0, "body"]
    assert notes.loc[1, "body"] == "- 놀이터가 부족합니다. 공원을 늘려주세요."


def test_file_without_heading_is_one_note_named_after_the_file():
    notes = parse_notes("実施日：2025-05-02\nグループ: 老人会\n\n買い物に行くバスがない。\n", "老人会メモ.txt")
    assert len(notes) == 1
    row = notes.iloc[0]
    assert (row["note_id"], row["title"], row["line"]) == ("老人会メモ", "老人会メモ", 1)
    assert (row["date"], row["group"], row["body"]) == ("2025-05-02", "老人会", "買い物に行くバスがない。")


def test_text_before_the_first_heading_is_not_lost():
    notes = parse_notes("前書きのメモ。\n\n# 会合A\n本文。\n", "m.md")
    assert notes["note_id"].tolist() == ["m#1", "m#2"]
    assert notes["body"].tolist() == ["前書きのメモ。", "本文。"]
    assert notes["line"].tolist() == [1, 3]


def test_header_stops_at_first_line_that_is_not_key_value():
    notes = parse_notes("# 会合\n団体: A\n10:00 開始。駅前の駐輪場が狭い。\n参加者: 5\n", "n.md")
    assert notes.loc[0, "group"] == "A"
    assert "参加者" not in notes.columns
    assert notes.loc[0, "body"] == "10:00 開始。駅前の駐輪場が狭い。\n参加者: 5"


def test_bullets_paragraphs_and_brackets():
    body = parse_notes(TWO_NOTES, "x.md").loc[0, "body"]
    assert split_units(body) == [
        "放課後に子どもが安心して遊べる場所が足りない。",
        "公園の遊具が古い。",
        "図書館の開館時間を延ばしてほしい",
        "自由な段落。",
        "文が複数。",
        "「括弧の中。句点」もある。",
    ]


def test_bullet_kinds_and_markdown():
    body = "\n".join([
        "## 交通について",
        "* **バス**の本数が少ない",
        "・[市のサイト](https://example.com/a)が見づらい",
        "• 夜道が暗い（特に『駅裏。』の辺り）",
        "● 段差が多い",
        "○ ベンチがほしい",
        "1. 駐車場が高い",
        "2) 駐輪場が狭い",
        "① 公民館が古い！直してほしい！",
        "---",
        "> 引用された意見です",
        "- 会議室を予約しやすく",
        "  してほしい",
    ])
    assert split_units(body) == [
        "バスの本数が少ない",
        "市のサイトが見づらい",
        "夜道が暗い（特に『駅裏。』の辺り）",
        "段差が多い",
        "ベンチがほしい",
        "駐車場が高い",
        "駐輪場が狭い",
        "公民館が古い！",
        "直してほしい！",
        "引用された意見です",
        "会議室を予約しやすくしてほしい",
    ]


def test_korean_and_latin_sentences():
    units = split_units("놀이터가 부족합니다. 공원을 늘려주세요.그리고 버스도 필요해요!\n"
                        "Costs rose 3.5 percent. We need e.g. more buses.")
    assert units == ["놀이터가 부족합니다.", "공원을 늘려주세요.", "그리고 버스도 필요해요!",
                     "Costs rose 3.5 percent.", "We need e.g. more buses."]


def test_open_bracket_joins_the_next_line():
    assert split_units("彼は「駅前が\n暗い。怖い」と言った。次。") == ["彼は「駅前が暗い。怖い」と言った。", "次。"]


def test_quotes_are_not_split():
    assert split_units('He said "too late. really" and left. OK.') == [
        'He said "too late. really" and left.', "OK."]


def test_empty_body_has_no_units():
    assert split_units("") == []
    assert split_units("\n\n## 見出しだけ\n---\n") == []
