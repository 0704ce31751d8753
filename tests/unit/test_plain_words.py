"""Plain words in every language: opinion groups rather than clusters, broad and narrow groups rather than
themes and topics, Korean particles that suit the word before them (issue 12 item 3, issue 17)."""
from __future__ import annotations

import re

from listening.i18n import STRINGS, t

# Nouns ending in 과 or 가 that are words, not a noun followed by a particle.
_NOUNS_ENDING_LIKE_A_PARTICLE = {"초과", "추가", "증가", "평가", "참가"}
# Particles that need a final consonant (True) or a vowel (False) before them.
_PARTICLES = {"은": True, "을": True, "과": True, "는": False, "를": False, "와": False, "가": False}


def _has_final_consonant(syllable: str) -> bool:
    return (ord(syllable) - 0xAC00) % 28 != 0


def test_no_japanese_or_korean_string_says_cluster():
    said = {key: (e["ja"], e["ko"]) for key, e in STRINGS.items()
            if "クラスタ" in e["ja"] or "클러스터" in e["ko"]}
    assert said == {}
    words = {key: re.sub(r"\{[^{}]*\}", "", e["en"]) for key, e in STRINGS.items()}  # placeholders are code
    assert [key for key, text in words.items() if re.search(r"\b[Cc]luster", text)] == []


def test_the_two_levels_and_the_group_have_plain_names_in_each_language():
    assert (t("ja", "theme"), t("ja", "topic"), t("ja", "nav_curate")) == ("大きな分類", "小さな分類", "意見グループの編集")
    assert (t("ko", "theme"), t("ko", "topic"), t("ko", "nav_curate")) == ("큰 분류", "작은 분류", "의견 그룹 편집")
    assert (t("en", "theme"), t("en", "topic")) == ("Broad group", "Narrow group")
    assert "テーマ" not in "".join(e["ja"] for e in STRINGS.values())
    assert "토픽" not in "".join(e["ko"] for e in STRINGS.values())
    assert "近い点ほど似た意見" in t("ja", "plain_map_explainer")


def test_the_form_asks_for_no_random_seed_in_jargon():
    assert "乱数" not in t("ja", "data_seed") and "시드" not in t("ko", "data_seed")


def test_korean_particles_suit_the_word_before_them():
    wrong = []
    for key, entry in STRINGS.items():
        text = entry["ko"]
        for m in re.finditer(r"([가-힣]+?)([가-힣])(은|을|과|를|와|가)(?=[\s,.)!?:'’]|$)", text):
            word = m.group(1)[-1:] + m.group(2) + m.group(3)
            if m.group(2) + m.group(3) in _NOUNS_ENDING_LIKE_A_PARTICLE:
                continue
            if _has_final_consonant(m.group(2)) != _PARTICLES[m.group(3)]:
                wrong.append((key, word))
    assert wrong == []


def test_a_level_placeholder_is_followed_by_the_particle_its_words_take():
    # Both Korean level words end in a vowel (큰 분류, 작은 분류): 는/를/가/와, never 은/을/이/과 ("테마은").
    assert not any(_has_final_consonant(t("ko", key)[-1]) for key in ("theme", "topic", "edit_words.theme",
                                                                     "edit_words.topic"))
    after_level = [(key, m.group(0)) for key, e in STRINGS.items()
                   for m in re.finditer(r"\{(?:level|lv)\}(은|을|이|과)(?=[\s,.)]|$)", e["ko"])]
    assert after_level == []
    assert "{level}는" in STRINGS["waves_test_help"]["ko"]
