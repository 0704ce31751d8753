"""The app starts on an empty store, loads the sample on a click and shows the analysis."""


def test_empty_store_offers_the_sample_and_shows_its_analysis(make_app):
    app = make_app()
    app.run()
    assert not app.exception
    assert any("サンプルデータ" in i.value for i in app.info)
    app.button(key="empty_load_sample").click().run()
    assert not app.exception
    charts = [el for el in app.main if el.type == "vega_lite_chart"]
    assert charts, "the opinion map is drawn after loading the sample"
