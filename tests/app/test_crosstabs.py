"""The crosstab page: statistics, residual heatmap, small-cell marking and two groups compared."""
from __future__ import annotations

import pytest

from listening.views import crosstab, crosstab_sentences, explore, group_names, named
from ui.i18n import fmt_int

YOUNG, OLD = ["10代", "20代"], ["70歳以上"]


@pytest.fixture()
def page(sample_app):
    sample_app.run()
    sample_app.switch_page("pages/crosstabs.py").run()
    assert not sample_app.exception
    return sample_app


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def heatmaps(at) -> list:
    return [el for el in at.main if el.type == "vega_lite_chart" and "residual" in el.proto.spec]


def test_statistics_match_the_library_for_age_by_theme(page, analysis):
    page.radio(key="crosstabs_level").set_value("theme")
    page.selectbox(key="crosstabs_attribute").set_value("年代").run()
    assert not page.exception
    ct = crosstab(analysis.answers, "theme", "年代")
    assert metric(page, "回答数 (n)") == fmt_int(ct.n)
    assert metric(page, "クラメールのV") == f"{ct.cramers_v:.3f}"
    assert metric(page, "p値（カイ二乗検定）") == ("< 0.001" if ct.p_value < 0.001 else f"{ct.p_value:.3f}")
    assert any(f"p = {ct.p_value:.2e}" in c.value and f"{ct.chi2:.1f}" in c.value for c in page.caption)
    assert len(heatmaps(page)) == 1
    counts = page.dataframe[0].value
    labels = group_names(analysis.clusters, "theme")  # groups under their names in words
    assert list(counts.index) == [labels[i] for i in ct.counts.index] + ["合計"]
    assert counts.iloc[:-1, :-1].to_numpy().tolist() == ct.counts.to_numpy().tolist()
    assert counts.loc["合計", "合計"] == ct.n
    assert counts["合計"].iloc[:-1].tolist() == ct.counts.sum(axis=1).tolist()


def test_a_narrow_filter_marks_cells_under_five(page, analysis):
    page.radio(key="crosstabs_level").set_value("theme")
    page.selectbox(key="crosstabs_attribute").set_value("年代").run()
    page.multiselect(key="crosstabs_filter_校区").set_value(["中央"])
    page.multiselect(key="crosstabs_filter_性別").set_value(["男性"]).run()
    assert not page.exception
    ct = crosstab(analysis.answers, "theme", "年代", {"校区": ["中央"], "性別": ["男性"]})
    n_small = int((ct.counts.to_numpy() < 5).sum())
    assert n_small > 0
    assert metric(page, "回答数 (n)") == fmt_int(ct.n)
    assert any(c.value.startswith(f"回答5件未満のセルが {n_small} 個") for c in page.caption)
    assert "'<5'" in heatmaps(page)[0].proto.spec
    assert "#9a9a9a" in page.dataframe[0].proto.arrow_data.styler.styles  # grey text in the table
    assert ct.low_expected_share > 0.2
    assert any("期待度数が5未満" in w.value for w in page.warning)


def test_compare_groups_finds_what_the_young_and_the_old_raise(page, analysis):
    page.radio(key="crosstabs_level").set_value("theme").run()
    page.selectbox(key="crosstabs_cmp_attribute").set_value("年代").run()
    page.multiselect(key="crosstabs_cmp_a_年代").set_value(YOUNG)
    page.multiselect(key="crosstabs_cmp_b_年代").set_value(OLD).run()
    assert not page.exception
    expected = explore.compare_groups(analysis.answers, "theme", {"年代": YOUNG}, {"年代": OLD},
                                      clusters=named(analysis).clusters)
    significant = expected.loc[expected["over_represented_in"] != "", "label"].tolist()
    assert significant
    table = page.dataframe[-1].value
    marked = table.loc[table["有意差"] != "", "大きな分類"].tolist()
    assert marked == significant
    assert set(table.loc[table["有意差"] != "", "有意差"]) == {"A: 10代, 20代", "B: 70歳以上"}
    assert any(c.value.startswith(f"有意な差（多重比較補正後 p < 0.05）がある意見グループ：{len(significant)} 個")
               for c in page.caption)
    assert any(el.type == "vega_lite_chart" and "diff" in el.proto.spec for el in page.main)


def test_overlapping_groups_are_refused(page):
    page.selectbox(key="crosstabs_cmp_attribute").set_value("年代").run()
    page.multiselect(key="crosstabs_cmp_a_年代").set_value(["20代", "30代"])
    page.multiselect(key="crosstabs_cmp_b_年代").set_value(["30代"]).run()
    assert not page.exception
    assert any("両方のグループ" in e.value for e in page.error)


def _details(at):
    return next(e for e in at.expander if e.label == "数値の詳細（検定・残差）")


def test_the_page_leads_with_what_stands_out_and_keeps_the_figures_in_details(page, analysis):
    page.radio(key="crosstabs_level").set_value("theme")
    page.selectbox(key="crosstabs_attribute").set_value("年代").run()
    assert not page.exception
    ct = crosstab(analysis.answers, "theme", "年代")
    labels = group_names(analysis.clusters, "theme")  # groups under their names in words
    expected = crosstab_sentences(ct, "ja", labels=labels, attribute_name="年代")
    lead = page.markdown[0].value
    assert "倍です" in lead and "年代が「" in lead
    assert lead.replace("\\", "").splitlines() == [f"- {s}" for s in expected]
    details = _details(page)
    assert [m.label for m in details.metric] == ["p値（カイ二乗検定）", "クラメールのV"]
    assert any("χ²" in c.value for c in details.caption)
    assert any(el.type == "vega_lite_chart" and "residual" in el.proto.spec for el in details)
    assert sum(m.label == "クラメールのV" for m in page.metric) == 1  # only in the details


def test_the_question_is_an_attribute_with_totals(page, analysis):
    page.radio(key="crosstabs_level").set_value("topic")
    page.selectbox(key="crosstabs_attribute").set_value("question").run()
    assert not page.exception
    assert page.selectbox(key="crosstabs_attribute").format_func("question") == "設問"
    ct = crosstab(analysis.answers, "topic", "question")
    counts = page.dataframe[0].value
    assert list(counts.columns)[-1] == "合計" and list(counts.index)[-1] == "合計"
    assert "ヒアリング" in counts.columns and "hearing" not in counts.columns  # the hearing notes' "question" is shown by name
    assert counts.loc["合計", "合計"] == ct.n == len(analysis.answers)
    assert (counts.iloc[:-1, :-1].sum(axis=0) > 0).all()  # no all-zero column
