"""The opinion map page: chart, theme table, filters, keyword search and one cluster in detail."""
from __future__ import annotations

import html
import json
import re
import time

import pyarrow as pa

from listening.views import explore, group_names, keyword_hits
from ui.i18n import fmt_int
from ui.text import escape_markdown


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def charts(at) -> list:
    return [el for el in at.main if el.type == "vega_lite_chart"]


def card_lists(at) -> list[list[dict]]:
    """Each list of answer cards on the page: per card its text (marks removed), marked words and meta line."""
    lists = []
    for el in at.main:
        if el.type != "html" or "answer-card" not in el.proto.body:
            continue
        cards = []
        for body, meta in re.findall(r'<div class="answer-text"[^>]*>(.*?)</div><div class="answer-meta"[^>]*>(.*?)</div>',
                                     el.proto.body, flags=re.S):
            cards.append({"text": html.unescape(re.sub(r"</?mark>", "", body)),
                          "marked": [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", body)],
                          "meta": html.unescape(meta)})
        lists.append(cards)
    return lists


def test_map_draws_the_chart_and_the_theme_table(sample_app, analysis):
    sample_app.run()
    assert not sample_app.exception
    assert sample_app.title[0].value == "意見マップ"
    assert len(charts(sample_app)) == 1
    table = sample_app.dataframe[0].value
    names = group_names(analysis.clusters, "theme")
    assert set(table["ラベル"]) == set(names.values())  # groups under their names in words
    assert set(names.values()) != set(analysis.clusters.loc[analysis.clusters["level"] == "theme", "label"])
    assert table["キーワード"].str.contains(" / ").all()  # the keywords beside each name
    assert table["件数"].sum() == len(analysis.answers)
    assert metric(sample_app, "対象の回答") == fmt_int(len(analysis.answers))


def test_filtering_by_an_attribute_reduces_the_count(sample_app, analysis):
    sample_app.run()
    start = time.perf_counter()
    sample_app.multiselect(key="map_attr_年代").set_value(["30代"]).run()
    elapsed = time.perf_counter() - start
    assert not sample_app.exception
    expected = int((analysis.answers["年代"] == "30代").sum())
    assert 0 < expected < len(analysis.answers)
    assert metric(sample_app, "対象の回答") == fmt_int(expected)
    assert sample_app.dataframe[0].value["件数"].sum() == expected
    print(f"map filter change: {elapsed:.3f} s")


def test_keyword_search_highlights_and_counts_matches(sample_app, analysis):
    sample_app.run()
    sample_app.text_input(key="map_search").set_value("バス").run()
    assert not sample_app.exception
    expected = int(explore.search_mask(analysis.answers, "バス").sum())
    assert expected > 0
    assert metric(sample_app, "キーワードに一致") == fmt_int(expected)
    assert any(f"{fmt_int(expected)} 件" in c.value for c in sample_app.caption)
    assert "datum.hit" in charts(sample_app)[0].proto.spec  # matches drawn as their own layer


def test_a_filter_that_matches_nothing_says_so(sample_app):
    sample_app.run()
    sample_app.multiselect(key="map_sources").set_value(["hearing"]).run()
    sample_app.multiselect(key="map_attr_年代").set_value(["30代"]).run()
    assert not sample_app.exception
    assert any("当てはまる回答はありません" in w.value for w in sample_app.warning)
    assert not charts(sample_app)


def test_picking_a_cluster_shows_its_answers_page_by_page(sample_app, analysis):
    themes = analysis.clusters.loc[analysis.clusters["level"] == "theme"]
    biggest = themes.sort_values("size", ascending=False).iloc[0]
    cluster_id = int(biggest["cluster_id"])
    sample_app.run()
    sample_app.selectbox(key="map_cluster_theme").set_value(cluster_id).run()
    assert not sample_app.exception
    assert metric(sample_app, "件数") == fmt_int(biggest["size"])

    answers = analysis.answers
    rep_texts = answers.loc[answers["answer_id"].isin(biggest["representatives"]), "text"]
    examples, listed = card_lists(sample_app)
    assert {c["text"] for c in examples} == set(rep_texts)

    first, n_listed = explore.cluster_answers_page(answers, "theme", cluster_id, 1)
    assert [c["text"] for c in listed] == first["text"].tolist()  # in full, never cut
    assert all(c["meta"].startswith("設問: ") for c in listed)  # the question first, compact
    assert any("年代: " in c["meta"] for c in listed)  # then the attributes an answer has
    pages = -(-n_listed // 20)
    assert any(c.value.startswith(f"1 / {pages} ページ") for c in sample_app.caption)

    sample_app.number_input(key=f"map_page_theme_{cluster_id}").set_value(2).run()
    second, _ = explore.cluster_answers_page(answers, "theme", cluster_id, 2)
    assert [c["text"] for c in card_lists(sample_app)[1]] == second["text"].tolist()
    assert any(c.value.startswith(f"2 / {pages} ページ") for c in sample_app.caption)


def test_korean_ui_shows_the_map_in_korean(make_app, analysed_db):
    at = make_app(analysed_db, lang="ko")
    at.run()
    assert not at.exception
    assert at.title[0].value == "의견 지도"
    assert at.text_input(key="map_search").label == "키워드 검색"
    assert at.radio(key="map_level").label == "수준"
    assert any(m.label == "대상 응답" for m in at.metric)
    assert len(charts(at)) == 1


def test_long_answers_are_shown_whole(sample_app, analysis):
    answers = analysis.answers
    longest = answers.loc[answers["text"].str.len().idxmax()]
    assert len(longest["text"]) > 120  # the old tables cut answers at 120 characters
    sample_app.run()
    sample_app.selectbox(key="map_cluster_theme").set_value(int(longest["theme"])).run()
    for page in range(1, 40):
        texts = [c["text"] for c in card_lists(sample_app)[-1]]
        if longest["text"] in texts or not texts:
            break
        sample_app.number_input(key=f"map_page_theme_{int(longest['theme'])}").set_value(page + 1).run()
    assert longest["text"] in texts


def test_keyword_search_lists_the_matching_answers_across_groups_with_the_word_marked(sample_app, analysis):
    sample_app.run()
    sample_app.text_input(key="map_search").set_value("バス").run()
    assert not sample_app.exception
    assert any(s.value == "「バス」を含む回答" for s in sample_app.subheader)
    expected, per_group = keyword_hits(analysis.answers, "バス", "theme", 1, 20)
    assert len(per_group) > 1  # matches in several groups
    results = card_lists(sample_app)[0]
    assert [c["text"] for c in results] == expected["text"].tolist()
    assert all(c["marked"] and set(c["marked"]) == {"バス"} for c in results)
    labels = group_names(analysis.clusters, "theme")
    assert results[0]["meta"].startswith(f"大きな分類: {labels[int(per_group['cluster'].iloc[0])]}")
    n = int(per_group["hits"].sum())
    assert any(c.value.startswith(f"{fmt_int(n)} 件の回答、{len(per_group)} 個のまとまり") for c in sample_app.caption)


def test_topics_get_colours_and_shapes_and_only_the_largest_are_named(sample_app, analysis):
    sample_app.run()
    sample_app.radio(key="map_level").set_value("topic").run()
    assert not sample_app.exception
    spec = json.loads(charts(sample_app)[0].proto.spec)
    topics = analysis.clusters.query("level == 'topic'")
    assert len(topics) > 8
    layers = spec["layer"]
    points = layers[0]["encoding"]
    assert points["shape"]["scale"]["range"][8] == "square"  # the ninth topic differs by shape
    assert len(set(zip(points["color"]["scale"]["range"], points["shape"]["scale"]["range"]))) == len(topics)
    frames = {d.name: pa.ipc.open_stream(d.data.data).read_pandas() for d in charts(sample_app)[0].proto.datasets}
    named = [name for layer in layers[1:] for name in frames[layer["data"]["name"]]["name"]]
    assert 0 < len(set(named)) <= 8
    assert any("大きい 8 個のまとまりだけ" in c.value for c in sample_app.caption)


def test_a_group_in_detail_shows_its_sentence_with_the_answer_id(sample_app, analysis):
    sample_app.run()
    themes = analysis.clusters[analysis.clusters["level"] == "theme"].set_index("cluster_id")
    picked = int(themes["size"].idxmax())
    sample_app.selectbox(key="map_cluster_theme").set_value(picked).run()
    assert not sample_app.exception
    sentence = [m.value for m in sample_app.markdown if "人がこのような意見を寄せています" in m.value]
    assert len(sentence) == 1 and "「" in sentence[0]
    answer_id = escape_markdown(themes.at[picked, "summary_id"])  # drawn as text, not Markdown
    assert any(f"回答ID: {answer_id}" in c.value for c in sample_app.caption)
