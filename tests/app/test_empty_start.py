"""The app starts, loads the sample on a click and shows the analysis."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("LISTENING_DB", str(tmp_path / "app.db"))
    monkeypatch.chdir(ROOT)
    from ui import state

    state.store.clear()
    state.analysis.clear()
    yield AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    state.store().close()
    state.store.clear()


def test_empty_store_offers_the_sample_and_shows_its_analysis(app):
    app.run()
    assert not app.exception
    assert any("サンプルデータ" in i.value for i in app.info)
    app.button[0].click().run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert int(metrics["回答数"].replace(",", "")) > 3000
    assert 4 <= int(metrics["テーマ"]) <= 10
    charts = [el for el in app.main if el.type == "vega_lite_chart"]
    assert charts, "the opinion map is drawn"
