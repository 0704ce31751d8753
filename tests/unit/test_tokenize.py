"""Content-word tokens for Japanese, Korean and other text, with the real analysers."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import listening.text.tokens as tok
from listening.text.tokens import MAX_TOKEN_CHARS, TOKENIZER_VERSION, tokenize_texts

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FUKUI_QUESTIONS = ["満足度の理由", "不便さの内容", "施設に求めるもの", "福井県に求めるもの"]


@pytest.fixture(scope="module")
def korean_ready() -> None:
    """Loads Kiwi once (~4 s); every test using it shares the process-wide instance."""
    tokenize_texts(["버스"], ["ko"])


def ja(text: str) -> list[str]:
    return tokenize_texts([text], ["ja"])[0]


def test_version_is_a_nonempty_string():
    assert isinstance(TOKENIZER_VERSION, str) and TOKENIZER_VERSION


def test_japanese_keeps_nouns_verbs_adjectives_as_base_forms():
    tokens = ja("子どもを遊ばせる公園が少ない")
    assert any(t in ("子ども", "子供") for t in tokens)
    assert "公園" in tokens and "少ない" in tokens and "遊ぶ" in tokens
    assert "を" not in tokens and "が" not in tokens and "せる" not in tokens


def test_japanese_joins_compound_nouns_and_suffixes():
    tokens = ja("子育て支援の充実と空き家対策、避難所の整備、高齢者と駐車場、地域行事への参加")
    for word in ("子育て支援", "空き家対策", "避難所", "高齢者", "駐車場", "地域行事", "充実"):
        assert word in tokens
    # the short units a compound was built from are not emitted on their own
    assert "所" not in tokens and "者" not in tokens and "支援" not in tokens


def test_japanese_typed_space_separates_words():
    assert ja("公園 ベンチ") == ["公園", "ベンチ"]
    assert ja("公園ベンチ") == ["公園ベンチ"]


def test_japanese_drops_function_words_numbers_pronouns_and_honorifics():
    tokens = ja("私たちはお店で3人分の料理を2024年に食べることができました。特になし")
    assert "店" in tokens and "料理" in tokens and "食べる" in tokens
    for word in ("私", "たち", "御", "お店", "3", "人分", "年", "2024年", "こと", "できる", "出来る", "為る"):
        assert word not in tokens
    assert ja("特になし") == []
    assert ja("。、！？……") == []


def test_japanese_proper_nouns_keep_their_written_form():
    tokens = ja("福井駅から永平寺へ行った")
    assert "福井駅" in tokens and "永平寺" in tokens
    assert not any(re.fullmatch(r"[ァ-ヶー]+", t) for t in tokens)  # no katakana readings


def test_japanese_spellings_merge_into_the_most_frequent_one():
    texts = ["綺麗な公園", "きれいな公園", "綺麗な道", "キレイな駅"]
    tokens = tokenize_texts(texts, ["ja"] * 4)
    assert [t[0] for t in tokens] == ["綺麗"] * 4  # not the dictionary lemma 奇麗
    assert tokenize_texts(["楽しめる", "楽しむ", "楽しめた"], ["ja"] * 3) == [["楽しめる"]] * 3


def test_japanese_loanwords_lose_their_source_word():
    tokens = ja("アンケートに答えてバスに乗った")
    assert "アンケート" in tokens and "バス" in tokens
    assert not any("-" in t for t in tokens)


@pytest.mark.usefixtures("korean_ready")
def test_korean_keeps_nouns_and_predicates_with_da():
    tokens = tokenize_texts(["버스가 너무 자주 안 와서 불편해요"], ["ko"])[0]
    assert "버스" in tokens and "불편하다" in tokens
    tokens = tokenize_texts(["아이들이 놀 수 있는 공원이 부족합니다. 주차장이 좁아요"], ["ko"])[0]
    assert {"아이", "공원", "부족하다", "주차장", "좁다"} <= set(tokens)
    for word in ("수", "있다", "하다", "이", "들"):
        assert word not in tokens


@pytest.mark.usefixtures("korean_ready")
def test_mixed_languages_in_one_call_match_separate_calls():
    texts = ["公園が少ない", "버스가 불편해요", "The park is too small", "バスの本数が少ない"]
    langs = ["ja", "ko", "other", "ja"]
    mixed = tokenize_texts(texts, langs)
    assert mixed[0] == ja("公園が少ない")
    assert mixed[1] == tokenize_texts(["버스가 불편해요"], ["ko"])[0]
    assert mixed[2] == ["park", "small"]
    assert mixed[3] == ["バス", "本数", "少ない"]


def test_other_is_lowercase_words_without_english_stopwords():
    assert tokenize_texts(["The PARK is too small, and a 5 km walk!"], ["other"]) == [
        ["park", "small", "km", "walk"]
    ]


def test_other_with_japanese_script_goes_to_the_japanese_analyser():
    # a regex would return this whole unspaced sentence as one "word"
    assert tokenize_texts(["駐車場が狭いので不便だった"], ["other"]) == [["駐車場", "狭い", "不便"]]


def test_japanese_only_input_does_not_load_kiwi():
    saved = tok._kiwi
    tok._kiwi = None
    try:
        tokenize_texts(["公園が少ない", "park"], ["ja", "other"])
        assert tok._kiwi is None
    finally:
        tok._kiwi = saved


def test_empty_and_missing_texts_give_empty_token_lists():
    assert tokenize_texts([], []) == []
    missing: list = ["", "   ", None]  # a blank cell can arrive as None
    assert tokenize_texts(missing, ["ja", "other", "ja"]) == [[], [], []]


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        tokenize_texts(["a", "b"], ["ja"])


@pytest.mark.usefixtures("korean_ready")
def test_real_answers_give_short_words_without_whitespace_deterministically():
    frame = pd.read_csv(DATA / "fukui_survey" / "202503.csv", encoding="utf-8-sig")
    ja_texts = pd.concat([frame[c].dropna() for c in FUKUI_QUESTIONS]).astype(str).tolist()[:600]
    ko_texts = pd.read_csv(DATA / "klue_ynat_dev.csv")["title"].tolist()[:600]
    texts, langs = ja_texts + ko_texts, ["ja"] * len(ja_texts) + ["ko"] * len(ko_texts)
    first = tokenize_texts(texts, langs)
    assert first == tokenize_texts(texts, langs)
    words = [t for tokens in first for t in tokens]
    assert len(words) > 4 * len(texts)
    assert all(t and not re.search(r"\s", t) and len(t) <= MAX_TOKEN_CHARS for t in words)
    # most Japanese answers yield at least one content word
    assert sum(bool(t) for t in first[: len(ja_texts)]) > 0.9 * len(ja_texts)


def test_clear_caches_reloads_the_tagger():
    before = ja("公園が少ない")
    kiwi = tok._kiwi  # handed back afterwards so other tests do not pay Kiwi's load again
    try:
        tok.clear_caches()
        assert tok._tagger is None and tok._kiwi is None
        assert ja("公園が少ない") == before
    finally:
        tok._kiwi = kiwi
