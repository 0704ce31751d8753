"""The opinion map page: chart, theme table, filters, keyword search and one cluster in detail."""
from __future__ import annotations

import time

from listening.views import explore, group_names
from ui.i18n import fmt_int
from ui.text import escape_markdown


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def charts(at) -> list:
    return [el for el in at.main if el.type == "vega_lite_chart"]


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
    examples = sample_app.dataframe[1].value
    assert set(examples["回答"]) == set(rep_texts)

    first, n_listed = explore.cluster_answers_page(answers, "theme", cluster_id, 1)
    listed = sample_app.dataframe[2].value
    assert listed["回答"].tolist() == first["text"].tolist()
    assert "年代" in listed.columns
    pages = -(-n_listed // 20)
    assert any(c.value.startswith(f"1 / {pages} ページ") for c in sample_app.caption)

    sample_app.number_input(key=f"map_page_theme_{cluster_id}").set_value(2).run()
    second, _ = explore.cluster_answers_page(answers, "theme", cluster_id, 2)
    assert sample_app.dataframe[2].value["回答"].tolist() == second["text"].tolist()
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
