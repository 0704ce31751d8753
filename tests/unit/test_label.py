"""Class-based TF-IDF keywords and labels, on hand-checked counts and real Korean headlines."""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from listening.analysis.label import class_tfidf, label_from_keywords
from listening.text.tokens import tokenize_texts

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

# Each topic's top 10 must hold at least two of these; checked stable over six sample seeds.
TOPIC_WORDS = {
    "스포츠": {"감독", "경기", "시즌", "선수", "우승", "야구", "축구", "농구", "배구", "프로", "골", "월드컵", "리그"},
    "정치": {"대통령", "국회", "김정은", "후보", "의원", "장관", "북한", "남북", "민주", "한국당", "여야"},
    "세계": {"트럼프", "미국", "중국", "일본", "이란", "총리", "홍콩", "사우디", "대만", "테러"},
    "경제": {"금융", "코스피", "투자", "주식", "증권", "은행", "분기", "이익", "기업", "영업"},
    "IT과학": {"개발", "기술", "과학", "출시", "로봇", "스마트", "삼성", "구글", "연구", "갤럭시"},
    "사회": {"코로나", "교육청", "학생", "학교", "노조", "교육", "경찰", "노동자", "확진"},
    "생활문화": {"신간", "여행", "공연", "출간", "축제", "뮤지컬", "작가", "영화", "연극"},
}


@pytest.fixture(scope="module")
def ynat() -> tuple[list[list[str]], np.ndarray, list[str]]:
    """2,000 seeded headlines, tokenised once with Kiwi (shared by the tests below)."""
    frame = pd.read_csv(DATA / "klue_ynat_dev.csv").sample(2000, random_state=0)
    names = sorted(frame["label"].unique())
    labels = np.array([names.index(x) for x in frame["label"]])
    tokens = tokenize_texts(frame["title"].tolist(), ["ko"] * len(frame))
    return tokens, labels, names


def test_scores_follow_the_class_tfidf_formula():
    tokens = [["a", "a", "b"], ["a", "c"], ["b", "c"], ["b", "d"]]
    labels = np.array([0, 0, 1, 1])
    kw = class_tfidf(tokens, labels, min_df=1)
    # class 0 has 5 words, class 1 has 4: A = 4.5; frequencies a 3, b 3, c 2, d 1
    expected_0 = {"a": 3 / 5 * math.log(1 + 4.5 / 3), "b": 1 / 5 * math.log(1 + 4.5 / 3),
                  "c": 1 / 5 * math.log(1 + 4.5 / 2)}
    expected_1 = {"b": 2 / 4 * math.log(1 + 4.5 / 3), "c": 1 / 4 * math.log(1 + 4.5 / 2),
                  "d": 1 / 4 * math.log(1 + 4.5 / 1)}
    assert dict(kw[0]) == pytest.approx(expected_0)
    assert dict(kw[1]) == pytest.approx(expected_1)
    assert [w for w, _ in kw[0]] == ["a", "c", "b"]  # best first
    assert [w for w, _ in kw[1]] == ["b", "d", "c"]


def test_min_df_drops_rare_words_and_a_class_left_empty_falls_back():
    tokens = [["a", "a", "b"], ["a", "c"], ["b", "c"], ["b", "d"], ["z", "y"]]
    labels = np.array([0, 0, 1, 1, 2])
    kw = class_tfidf(tokens, labels, min_df=2)
    assert "d" not in dict(kw[1])  # in one document only
    # after filtering class 1 has 3 words: b 2, c 1; A = (5 + 3 + 0) / 3
    assert dict(kw[1])["b"] == pytest.approx(2 / 3 * math.log(1 + (8 / 3) / 3))
    assert sorted(w for w, _ in kw[2]) == ["y", "z"]  # only rare words: min_df=1 for it


def test_ties_break_by_word_and_results_are_deterministic():
    tokens = [["b", "a", "c"], ["c", "a", "b"], ["x", "x"], ["x"]]
    labels = np.array([3, 3, -1, -1])
    kw = class_tfidf(tokens, labels, n_keywords=2)
    assert set(kw) == {-1, 3}  # noise label kept as its own class
    assert [w for w, _ in kw[3]] == ["a", "b"]
    assert kw == class_tfidf(tokens, labels, n_keywords=2)


def test_empty_input_and_empty_documents():
    assert class_tfidf([], np.array([], dtype=int)) == {}
    assert class_tfidf([[], []], np.array([0, 1])) == {0: [], 1: []}
    kw = class_tfidf([["park"], ["park"], []], np.array([0, 0, 1]))
    assert kw[1] == [] and kw[0][0][0] == "park"


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        class_tfidf([["a"]], np.array([0, 1]))


def test_japanese_keywords_come_from_the_cluster_and_are_words():
    texts = ["子どもを遊ばせる公園が少ない", "公園の遊具が古い", "公園に子どもの遊び場がほしい",
             "バスの本数が少ない", "バスが来ないので不便", "駅までのバスが不便だ"]
    tokens = tokenize_texts(texts, ["ja"] * len(texts))
    labels = np.array([0, 0, 0, 1, 1, 1])
    kw = class_tfidf(tokens, labels, n_keywords=3)
    assert kw[0][0][0] == "公園" and kw[1][0][0] == "バス"
    for label, pairs in kw.items():
        cluster_words = {t for toks, lab in zip(tokens, labels) if lab == label for t in toks}
        assert {w for w, _ in pairs} <= cluster_words


def test_korean_topics_get_topical_korean_words(ynat):
    tokens, labels, names = ynat
    kw = class_tfidf(tokens, labels, n_keywords=10)
    assert sorted(kw) == list(range(7))
    for label, pairs in kw.items():
        words = [w for w, _ in pairs]
        assert len(words) == 10
        cluster_words = {t for toks, lab in zip(tokens, labels) if lab == label for t in toks}
        assert set(words) <= cluster_words
        assert all(re.fullmatch(r"[가-힣]{1,15}", w) for w in words), words
        hits = set(words) & TOPIC_WORDS[names[label]]
        assert len(hits) >= 2, (names[label], words)


def test_korean_keywords_are_deterministic(ynat):
    tokens, labels, _ = ynat
    assert class_tfidf(tokens, labels) == class_tfidf(tokens, labels)


def test_label_joins_the_best_distinct_keywords():
    assert label_from_keywords(["公園", "遊具", "子ども", "バス"]) == "公園 / 遊具 / 子ども"
    assert label_from_keywords(["子育て支援", "子育て", "保育園", "待機"], n=2) == "子育て支援 / 保育園"
    assert label_from_keywords(["버스", "정류장"], sep="・") == "버스・정류장"
    assert label_from_keywords([]) == ""
