"""The app starts on an empty store, loads the sample on a click and shows the analysis."""
from tests.conftest import seed_embeddings


def test_empty_store_offers_the_sample_and_shows_its_analysis(make_app, analysed_db, tmp_path):
    # No dataset yet, but the embedding cache already holds the sample's vectors (the analysis
    # of the whole sample, with the model, is analysed_db's): the click still imports the sample
    # and runs the map, the clustering and the names.
    empty = tmp_path / "empty.db"
    assert seed_embeddings(empty, analysed_db) > 1000
    app = make_app(empty)
    app.run()
    assert not app.exception
    assert any("サンプルデータ" in i.value for i in app.info)
    app.button(key="empty_load_sample").click().run()
    assert not app.exception
    charts = [el for el in app.main if el.type == "vega_lite_chart"]
    assert charts, "the opinion map is drawn after loading the sample"
