"""Opinion groups named in words: phrases from the answers, unique names, one language per name,
and one verbatim sentence per group; on crafted answers and on a real analysis."""
from __future__ import annotations

import re
import sqlite3

import numpy as np
import pandas as pd
import pytest

from listening.analysis import (
    SEPARATOR,
    choose_phrases,
    common_words,
    group_sentence,
    name_groups,
    quotable,
    routed_languages,
)
from listening.analysis.pipeline import load_analysis
from listening.curation import curated_analysis, rename_cluster
from listening.curation.edits import merge_clusters
from listening.privacy import REDACTED
from listening.privacy.detect import PLACEHOLDERS
from listening.store import Store
from listening.text import extract_phrases, get_kiwi, get_tagger

HANGUL = re.compile(r"[\uac00-\ud7a3]")
KANA_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ALL_MARKS = sorted({m for table in PLACEHOLDERS.values() for m in table.values()} | set(REDACTED.values()))

# Four opinion groups, each written in Japanese and in Korean (the encoder puts them together).
GROUPS = {
    0: (["バスの本数が少ないので困る。", "バスの本数が少なくて通勤が大変です。", "朝のバスの本数が少ない。",
         "バスの本数が少ないのを何とかしてほしい", "市民は夜のバスの本数が少ないと感じる", "市民の声として、バスの本数が少ない。"],
        ["버스 노선을 늘려 주세요.", "버스 노선을 늘려 주면 좋겠다.", "시민으로서 버스 노선을 늘려 주세요.",
         "버스 노선이 부족합니다.", "시민 입장에서 버스 노선을 늘려 주세요."]),
    1: (["子どもの遊び場が足りない。", "子どもの遊び場を増やしてほしい。", "市民として子どもの遊び場を増やしてほしい",
         "公園に子どもの遊び場がない", "市民は近所に子どもの遊び場が少ないと言う。"],
        ["아이들 놀이터가 없어요.", "아이들 놀이터를 만들어 주세요.", "시민으로서 아이들 놀이터가 필요해요.",
         "아이들 놀이터가 부족합니다.", "시민 입장에서 아이들 놀이터가 없어요."]),
    2: (["駐車場が狭くて停めにくい。", "駐車場が狭い。", "市民の立場では駐車場が狭いと思う",
         "駅前の駐車場が狭くて困る。", "市民は病院の駐車場が狭いと感じる"],
        ["주차 공간이 부족하다.", "주차 공간이 너무 부족해요.", "시민으로서 주차 공간이 부족하다고 생각합니다.",
         "시민 입장에서 주차 공간이 부족합니다.", "주차 공간 부족 문제를 해결해 주세요."]),
    3: (["図書館の開館時間を延ばしてほしい。", "図書館の開館時間が短い。", "市民として図書館の開館時間を延ばしてほしい",
         "図書館の開館時間を夜まで延ばして", "市民は図書館の開館時間が短くて使えない。"],
        ["도서관 운영 시간을 늘려 주세요.", "도서관 운영 시간이 짧아요.", "시민으로서 도서관 운영 시간을 늘려 주세요.",
         "도서관 운영 시간이 너무 짧습니다.", "시민 입장에서 도서관 운영 시간을 늘려 주세요."]),
}


@pytest.fixture(scope="module")
def crafted():
    texts, languages, labels = [], [], []
    for group, (ja, ko) in GROUPS.items():
        for text in ja:
            texts.append(text), languages.append("ja"), labels.append(group)
        for text in ko:
            texts.append(text), languages.append("ko"), labels.append(group)
    labels = np.asarray(labels)
    return texts, languages, labels, extract_phrases(texts, languages)


def _ja_words_in_order(part: str, text: str) -> bool:
    """A Japanese name part occurs in ``text``: its noun phrase as written, then its particle and
    its predicate (dictionary form, stem + ない, or an adjective's く-form after を) later in the
    same answer."""
    if part in text:
        return True
    for tie in ("・", "が", "を", "に", "は", "も", "で", "へ"):
        noun, found, predicate = part.rpartition(tie)
        at = text.find(noun) if found and noun else -1
        if at < 0:
            continue
        after = list(get_tagger()(text[at + len(noun):]))
        if (tie == "・" or (after and after[0].surface == tie)) and any(
                n.feature.orthBase == predicate or n.surface + "ない" == predicate or n.surface == predicate
                for n in after):
            return True
    return False


def _ko_words_in_order(part: str, text: str) -> bool:
    """A Korean name part occurs in ``text``: its nouns in order, then its predicate's stem."""
    forms = [t.form for t in get_kiwi().tokenize(text)]
    want = [t.form for t in get_kiwi().tokenize(part) if t.tag not in ("ETN", "EC", "VX")]
    it = iter(forms)
    return all(any(f == w for f in it) for w in want)


def test_phrases_follow_the_grammar_of_each_language():
    found = extract_phrases(["バスの本数が少ないので困る", "子どもの遊び場を増やしてほしい", "バスが来ない",
                             "施設が充実している", "주차 공간이 부족하다", "아이들 놀이터가 없어요",
                             "버스가 자주 오지 않아요"], ["ja"] * 4 + ["ko"] * 3)
    shown = [{found.phrases[i][1] for i in ids} for ids in found.per_text]
    assert {"バスの本数が少ない", "バスの本数", "バス"} <= shown[0]
    assert {"子どもの遊び場", "子どもの遊び場を増やす"} <= shown[1]
    assert "バスが来ない" in shown[2] and "施設が充実" in shown[3]
    assert "주차 공간 부족" in shown[4] and "아이들 놀이터 없음" in shown[5] and "버스 오지 않음" in shown[6]


def test_japanese_phrases_read_with_their_particle_and_count_its_variants_together():
    found = extract_phrases(["バスが少ない", "バスは少ない", "バスが少ない", "介護職員の待遇を良くしてほしい",
                             "料金を安く", "食事が美味しい"], ["ja"] * 6)
    shown = [{found.phrases[i][1] for i in ids} for ids in found.per_text]
    bus = {found.phrases[i][0] for i in found.per_text[0]} & {found.phrases[i][0] for i in found.per_text[1]}
    assert "バス・少ない" in bus  # one phrase (keyed by lemmas) whatever the particle ...
    assert "バスが少ない" in shown[1]  # ... shown in its most used spelling
    assert "介護職員の待遇を良く" in shown[3] and "介護職員の待遇を良い" not in shown[3]  # を + adjective: く-form
    assert "食事が美味しい" in shown[5]


def test_a_masked_item_is_never_part_of_a_phrase():
    texts = [f"{mark}さんから公園の話を聞いた" if KANA_KANJI.search(mark) else f"{mark} 씨가 공원 이야기를 했다"
             for mark in ALL_MARKS]
    found = extract_phrases(texts, ["ja" if KANA_KANJI.search(m) else "ko" for m in ALL_MARKS])
    inner = {m.strip("［］[]") for m in ALL_MARKS}
    for key, shown, words, _ in found.phrases:
        assert not any(w in shown for w in inner if len(w) > 1), shown


def test_names_are_phrases_of_the_groups_own_answers_in_their_language(crafted):
    texts, languages, labels, phrases = crafted
    names = name_groups(phrases, labels, languages)
    joiners = {"ja": "、", "ko": ", "}
    for group, by_language in names.items():
        assert set(by_language) == {"ja", "ko"}, by_language  # both languages hold half the group
        for language, name in by_language.items():
            own = [t for t, lang, g in zip(texts, languages, labels) if g == group and lang == language]
            for part in name.split(joiners[language]):
                check = _ja_words_in_order if language == "ja" else _ko_words_in_order
                assert any(check(part, text) for text in own), (group, part)
            # One language per name: never a word of the other script.
            assert not (HANGUL if language == "ja" else KANA_KANJI).search(name), name


def test_no_two_groups_share_a_name_or_a_phrase(crafted):
    texts, languages, labels, phrases = crafted
    chosen = choose_phrases(phrases, labels, languages)
    used = [p for by_language in chosen.values() for pids in by_language.values() for p in pids]
    assert len(used) == len(set(used))
    shown = [SEPARATOR.join(v.values()) for v in name_groups(phrases, labels, languages).values()]
    assert len(shown) == len(set(shown))


def test_a_word_in_more_than_half_of_the_groups_cannot_carry_a_name(crafted):
    texts, languages, labels, phrases = crafted
    common = common_words(phrases, labels)
    assert {"市民", "시민"} <= common  # "citizen" is in every group's answers
    for by_language in name_groups(phrases, labels, languages).values():
        for name in by_language.values():
            assert "市民" not in name and "시민" not in name
    assert common_words(phrases, np.zeros(len(labels), dtype=int)) == set()  # one group: no "most"


def test_the_names_say_what_each_group_is_about(crafted):
    texts, languages, labels, phrases = crafted
    names = name_groups(phrases, labels, languages)
    assert "バスの本数" in names[0]["ja"] and "버스 노선" in names[0]["ko"]
    assert "遊び場" in names[1]["ja"] and "놀이터" in names[1]["ko"]
    assert "駐車場" in names[2]["ja"] and "주차 공간" in names[2]["ko"]
    assert "図書館" in names[3]["ja"] and "도서관" in names[3]["ko"]


def test_the_sentence_is_a_whole_unmasked_piece_of_a_central_answer():
    texts = ["［氏名］さんの家の前のバスの本数が少ない。", "バスの本数が少ない。駅まで歩くのは遠いので、毎日困っています。",
             "バス"]
    order = [0, 1, 2]
    row, sentence = group_sentence(texts, ["ja"] * 3, order, keywords=["バス"])
    assert row == 1 and sentence == "バスの本数が少ない。駅まで歩くのは遠いので、毎日困っています。"
    assert quotable("あと、バスの本数が少ないのを何とかしてほしいです。", "ja") is None  # leans on what came before
    long = "はじめに。" + "公園の遊具が古くて危ないので、早く新しいものに取り替えてほしいと思います。" + "x" * 80
    assert quotable(long, "ja", keywords=["遊具"]) is None or "遊具" in quotable(long, "ja", keywords=["遊具"])
    for mark in ALL_MARKS:
        assert quotable(f"{mark}の件で、バスの本数が少ないと感じています。", "ja") is None


# ---- on a real analysis ------------------------------------------------------------------


def test_every_group_of_an_analysis_has_a_unique_name_and_a_verbatim_sentence(ja_analysed):
    analysis = ja_analysed.analysis
    answers, clusters = analysis.answers, analysis.clusters
    assert {"name", "names", "summary_id", "summary"} <= set(clusters.columns)
    texts = dict(zip(answers["answer_id"].astype(str), answers["text"].astype(str)))
    for level in ("theme", "topic"):
        rows = clusters[clusters["level"] == level]
        assert rows["name"].is_unique and rows["name"].str.len().gt(0).all()
        parts = [p for names in rows["names"] for ps in names.values() for p in ps]
        assert len(parts) == len(set(parts)), "a phrase names two groups"
        for row in rows.itertuples():
            members = set(answers.loc[answers[level] == row.cluster_id, "answer_id"].astype(str))
            assert row.summary_id in members
            assert row.summary in texts[row.summary_id]
            assert not re.search(r"[［\[][^］\]]+[］\]]", row.summary)
            assert len(row.summary) <= 60


def _copy(store: Store, path) -> Store:
    with sqlite3.connect(path) as target:
        store._conn.backup(target)
    return Store(path)


def test_staff_renames_win_and_merged_groups_are_named_again(ja_analysed, tmp_path):
    store = _copy(ja_analysed.store, tmp_path / "copy.db")
    try:
        run_id = ja_analysed.analysis.run_id
        topics = ja_analysed.analysis.clusters.query("level == 'topic'")
        first, second = int(topics["cluster_id"].iloc[0]), int(topics["cluster_id"].iloc[1])
        rename_cluster(store, run_id, "staff", "topic", first, "バスと交通の困りごと")
        merge_clusters(store, run_id, "staff", "topic", second, int(topics["cluster_id"].iloc[2]))
        curated = curated_analysis(store, run_id)
        rows = curated.clusters.set_index(["level", "cluster_id"])
        assert rows.loc[("topic", first), "name"] == "バスと交通の困りごと"
        merged = rows.loc[("topic", int(topics["cluster_id"].iloc[2]))]
        members = set(curated.answers.loc[curated.answers["topic"] == int(topics["cluster_id"].iloc[2]), "answer_id"])
        assert merged["summary_id"] in members
        names = curated.clusters.query("level == 'topic'")["name"]
        assert names.is_unique
    finally:
        store.close()


def test_a_run_stored_before_names_shows_its_label_and_a_representative_sentence(ja_analysed, tmp_path):
    store = _copy(ja_analysed.store, tmp_path / "old.db")
    try:
        run_id = ja_analysed.analysis.run_id
        with store.transaction() as conn:
            conn.execute("UPDATE run_clusters SET name = NULL, names = NULL, summary_id = NULL, summary = NULL")
        old = load_analysis(store, run_id)
        assert (old.clusters["name"] == old.clusters["label"]).all()
        texts = dict(zip(old.answers["answer_id"].astype(str), old.answers["text"].astype(str)))
        for row in old.clusters.itertuples():
            if row.summary is not None:
                assert row.summary_id in row.representatives and row.summary in texts[row.summary_id]
    finally:
        store.close()


def test_routed_languages_send_script_to_its_analyser():
    frame = pd.DataFrame({"text": ["バス", "버스", "bus"], "language": ["other", "other", "other"]})
    assert routed_languages(frame) == ["ja", "ko", "other"]


def test_names_and_sentences_follow_their_clusters_when_ids_are_renumbered(ja_analysed, tmp_path):
    store = _copy(ja_analysed.store, tmp_path / "relabel.db")
    try:
        run_id = ja_analysed.analysis.run_id
        before = load_analysis(store, run_id).clusters.set_index(["level", "cluster_id"])
        themes = sorted(before.loc["theme"].index)
        topics = sorted(before.loc["topic"].index)
        theme_map = dict(zip(themes, reversed(themes)))
        topic_map = dict(zip(topics, reversed(topics)))
        store.relabel_run(run_id, topic_map, theme_map)
        after = load_analysis(store, run_id).clusters.set_index(["level", "cluster_id"])
        for (level, cid), row in before.iterrows():
            new = (theme_map if level == "theme" else topic_map)[cid]
            moved = after.loc[(level, new)]
            assert (moved["name"], moved["summary_id"], moved["summary"], moved["names"]) == (
                row["name"], row["summary_id"], row["summary"], row["names"])
    finally:
        store.close()
