"""The Curate page: staff edits reach every page, undo restores, exclusions are logged with a reason."""
from __future__ import annotations

import os

from listening.curation.edits import curated_analysis
from listening.store import Store
from listening.views import named
from ui.i18n import fmt_int

NEW_LABEL = "バスの本数を増やしてほしい"


def stored_analysis():
    """The curated analysis read straight from the app's store, as a second opinion on the page
    (groups under their names in words, as the pages show them)."""
    with Store(os.environ["LISTENING_DB"]) as store:
        dataset = int(store.list_datasets()["id"].iloc[0])
        return named(curated_analysis(store, store.latest_run(dataset)))


def open_curate(at):
    at.run()
    at.switch_page("pages/curate.py").run()
    assert not at.exception
    return at


def topic_labels_on_map(at) -> set[str]:
    at.switch_page("pages/map.py").run()
    at.radio(key="map_level").set_value("topic").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if {"ラベル", "件数"} <= set(d.value.columns))
    return set(table["ラベル"])


def summary(at) -> str:
    return next(c.value for c in at.caption if "小さな分類" in c.value and "除外" in c.value)


def test_renamed_topic_shows_on_the_map_and_undo_brings_the_old_name_back(sample_app):
    at = open_curate(sample_app)
    at.radio(key="curate_rename_level").set_value("topic").run()
    topic = at.selectbox(key="curate_rename_topic").value
    before = stored_analysis().clusters.set_index(["level", "cluster_id"]).loc[("topic", topic), "label"]
    at.text_input(key="curate_rename_label_0").set_value(NEW_LABEL).run()
    at.button(key="curate_rename_go").click().run()
    assert not at.exception
    assert NEW_LABEL in at.success[0].value
    history = next(d.value for d in at.dataframe if "内容" in d.value.columns)
    assert NEW_LABEL in history["内容"].iloc[0] and history["担当者"].iloc[0] == "staff (local)"

    labels = topic_labels_on_map(at)
    assert NEW_LABEL in labels and before not in labels

    at.switch_page("pages/curate.py").run()
    at.button(key="curate_undo").click().run()
    assert not at.exception
    assert at.success[0].value == "変更を取り消しました。"
    labels = topic_labels_on_map(at)
    assert before in labels and NEW_LABEL not in labels


def test_merging_two_topics_removes_one_and_undo_restores_the_count(sample_app):
    at = open_curate(sample_app)
    n_topics = len(at.selectbox(key="curate_split_topic").options)
    assert f"小さな分類 {fmt_int(n_topics)}" in summary(at)
    at.radio(key="curate_merge_level").set_value("topic").run()
    source = at.selectbox(key="curate_merge_source_topic").value
    target = at.selectbox(key="curate_merge_target_topic").value
    assert source != target
    sizes = stored_analysis().clusters.query("level == 'topic'").set_index("cluster_id")["size"]
    at.button(key="curate_merge_go").click().run()
    assert not at.exception

    assert len(at.selectbox(key="curate_split_topic").options) == n_topics - 1
    assert f"小さな分類 {fmt_int(n_topics - 1)}" in summary(at)
    merged = stored_analysis().clusters.query("level == 'topic'").set_index("cluster_id")["size"]
    assert source not in merged.index and merged[target] == sizes[source] + sizes[target]
    assert len(topic_labels_on_map(at)) == n_topics - 1

    at.switch_page("pages/curate.py").run()
    at.button(key="curate_undo").click().run()
    assert not at.exception
    assert len(at.selectbox(key="curate_split_topic").options) == n_topics
    history = next(d.value for d in at.dataframe if "取り消し" in d.value.columns)
    assert history["取り消し"].tolist() == [True]


def test_excluding_an_answer_needs_a_reason_and_is_listed_in_the_history(sample_app):
    at = open_curate(sample_app)
    n_answers = len(stored_analysis().answers)
    assert f"回答 {fmt_int(n_answers)} 件（除外 0 件）" in summary(at)
    table = next(d for d in at.dataframe if d.key and d.key.startswith("curate_exclude_table_"))
    answer_id = table.value["回答ID"].iloc[0]
    at.session_state[table.key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert any(c.value == "選んだ回答：1 件" for c in at.caption)
    assert at.button(key="curate_ex_go").disabled, "no reason given yet"

    at.text_input(key="curate_ex_reason_0").set_value("個人が特定できる内容").run()
    at.button(key="curate_ex_go").click().run()
    assert not at.exception
    assert f"回答 {fmt_int(n_answers - 1)} 件（除外 1 件）" in summary(at)
    excluded = next(d.value for d in at.dataframe if "除外の理由（必須）" in d.value.columns)
    assert excluded["回答ID"].tolist() == [answer_id]
    assert excluded["除外の理由（必須）"].tolist() == ["個人が特定できる内容"]
    history = next(d.value for d in at.dataframe if "内容" in d.value.columns)
    assert history["内容"].iloc[0] == f"回答 {answer_id} を除外（理由: 個人が特定できる内容）"
    assert answer_id not in set(stored_analysis().answers["answer_id"])

    at.switch_page("pages/map.py").run()
    assert next(m.value for m in at.metric if m.label == "対象の回答") == fmt_int(n_answers - 1)


def test_splitting_a_topic_adds_one_and_moving_an_answer_changes_its_topic(sample_app):
    at = open_curate(sample_app)
    n_topics = len(at.selectbox(key="curate_split_topic").options)
    split = at.selectbox(key="curate_split_topic").value
    at.button(key="curate_split_go").click().run()
    assert not at.exception
    assert len(at.selectbox(key="curate_split_topic").options) == n_topics + 1
    assert split not in set(stored_analysis().answers["topic"]), "the split topic's answers went to its parts"

    source = at.selectbox(key="curate_move_from").value
    table = next(d for d in at.dataframe if d.key and d.key.startswith("curate_move_table_"))
    answer_id = table.value["回答ID"].iloc[0]
    at.session_state[table.key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    target = at.selectbox(key="curate_move_to").value
    assert target != source
    at.button(key="curate_move_go").click().run()
    assert not at.exception
    answers = stored_analysis().answers.set_index("answer_id")
    assert answers.at[answer_id, "topic"] == target


def test_pages_speak_korean_and_english(make_app, analysed_db):
    # AppTest formats radio options outside the script, where the language reads as "ja": so each
    # app starts in Japanese and switches language on the one page it then checks.
    for lang, titles in (("ko", ("의견 그룹 편집", "데이터")), ("en", ("Edit opinion groups", "Data"))):
        for page, title in zip(("pages/curate.py", "pages/data.py"), titles):
            at = make_app(analysed_db)
            at.run()
            at.session_state["_ui_language"] = lang
            at.switch_page(page).run()
            assert not at.exception
            assert at.title[0].value == title
