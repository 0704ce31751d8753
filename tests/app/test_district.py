"""The district profile (地域カルテ): guessed attributes, 中央's vacant houses, uploaded statistics."""
from __future__ import annotations

import pytest

STATS_CSV = "校区,人口,高齢化率,世帯数\n中央,12345,31.5%,\"6,100\"\n港,8000,28.0%,3500\n".encode("utf-8")


@pytest.fixture()
def page(sample_app):
    sample_app.run()
    sample_app.switch_page("pages/district.py").run()
    assert not sample_app.exception
    return sample_app


def metric(at, label: str) -> str | None:
    return next((m.value for m in at.metric if m.label == label), None)


def lift_table(at):
    return at.dataframe[1].value


def test_district_and_age_attributes_are_guessed(page, analysis):
    assert page.selectbox(key="district_attribute").value == "校区"
    # the profile opens on the district most answers came from
    assert page.selectbox(key="district_value_校区").value == analysis.answers["校区"].value_counts().index[0]
    assert page.selectbox(key="district_breakdown_校区").value == "年代"
    breakdown = page.dataframe[2].value
    assert breakdown["年代"].tolist()[:2] == ["10代", "20代"]


@pytest.mark.parametrize("level", ["theme", "topic"])
def test_chuo_stands_out_for_vacant_houses(page, level):
    page.selectbox(key="district_value_校区").set_value("中央")
    page.radio(key="district_level").set_value(level).run()
    assert not page.exception
    assert page.subheader[0].value == "中央 の地域カルテ"
    by_lift = lift_table(page)
    level_name = "大きな分類" if level == "theme" else "小さな分類"
    assert "空き家" in by_lift[level_name].iloc[0]
    assert by_lift["特徴度（倍）"].iloc[0] > 1.5
    assert int(metric(page, "回答数").replace(",", "")) > 0
    voices = [t.value for t in page.text]
    assert any("空き家" in v for v in voices)


def test_uploaded_statistics_show_beside_the_profile(page):
    page.selectbox(key="district_value_校区").set_value("中央").run()
    page.file_uploader(key="district_stats_uploader").set_value(("stats.csv", STATS_CSV, "text/csv")).run()
    assert not page.exception
    assert metric(page, "人口") == "12,345"
    assert metric(page, "世帯数") == "6,100"
    assert metric(page, "高齢化率") == "31.5"

    page.selectbox(key="district_value_校区").set_value("港").run()
    assert metric(page, "人口") == "8,000"
    page.selectbox(key="district_value_校区").set_value("北").run()
    assert any("「北」の行が見つかりません" in i.value for i in page.info)


def test_a_bad_statistics_file_is_explained_and_the_page_keeps_working(page):
    bad = "名前,値\nA,1\nA,2\n".encode("utf-8")
    page.file_uploader(key="district_stats_uploader").set_value(("bad.csv", bad, "text/csv")).run()
    assert not page.exception
    errors = [e.value for e in page.error]
    assert len(errors) == 1 and errors[0].startswith("統計表を読み込めませんでした")
    assert "bad\\.csv" in errors[0] and "district names" in errors[0]  # the file, escaped as Markdown
    assert metric(page, "回答数") is not None
    assert metric(page, "人口") is None


def test_without_a_district_column_the_page_says_so_and_waits_for_a_choice(make_app, analysed_db):
    import json
    import os

    from listening.store import Store

    at = make_app(analysed_db)
    with Store(os.environ["LISTENING_DB"]) as store:  # the same survey, its 校区 column not declared
        for batch_id, columns in store._conn.execute("SELECT id, columns FROM batches").fetchall():
            declared = json.loads(columns)
            declared["attributes"] = [a for a in declared.get("attributes", []) if a != "校区"]
            store._conn.execute("UPDATE batches SET columns = ? WHERE id = ?",
                                (json.dumps(declared, ensure_ascii=False), batch_id))
        store._conn.commit()
    at.run()
    at.switch_page("pages/district.py").run()
    assert not at.exception
    assert any("地区（校区・地域など）を表す属性が見当たりません" in i.value for i in at.info)
    assert at.selectbox(key="district_attribute").value is None  # not 性別 by default
    assert not at.subheader  # no profile until a column is chosen
    at.selectbox(key="district_attribute").set_value("年代").run()
    assert not at.exception
    assert at.subheader[0].value.endswith("の地域カルテ")


def test_distinctive_topics_are_only_over_represented_ones(page):
    from ui.i18n import STRINGS

    none_stands_out, listed = STRINGS["district_no_lift"]["ja"], 0
    for district in page.selectbox(key="district_value_校区").options:
        page.selectbox(key="district_value_校区").set_value(district).run()
        tables = [d.value for d in page.dataframe if "特徴度（倍）" in d.value.columns]
        if tables:  # only topics raised more than city-wide beyond chance
            assert (tables[0]["特徴度（倍）"] > 1).all(), district
            listed += 1
        else:  # nothing stands out: the page says so instead of listing ratios near 1
            assert any(i.value == none_stands_out for i in page.info), district
    assert listed >= 1  # 中央's vacant houses at least
