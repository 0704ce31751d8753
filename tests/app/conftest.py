"""AppTest fixtures: the analysed sample store (analysed_db, tests/conftest.py), copied for each test."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def analysis(analysed_db, tmp_path_factory):
    """The sample analysis as the app loads it (read from a copy: the shared store stays untouched)."""
    from listening.analysis.pipeline import load_analysis
    from listening.store import Store

    path = tmp_path_factory.mktemp("analysis") / "copy.db"
    shutil.copy(analysed_db, path)
    with Store(path) as store:
        dataset = int(store.list_datasets()["id"].iloc[0])
        return load_analysis(store, store.latest_run(dataset))


def _fresh_ui_caches() -> None:
    import streamlit as st

    from ui import state

    try:
        state.close_store()
    except Exception:  # noqa: BLE001 - nothing open yet
        pass
    # Every cached view (analysis, search hits, goal and wave views) belongs to the old store.
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture()
def make_app(tmp_path, monkeypatch):
    """make_app(page=None, db=None, lang="ja") -> AppTest on its own copy of a store."""
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT))

    def factory(db: Path | None = None, lang: str = "ja") -> AppTest:
        target = tmp_path / "app.db"
        if db is not None:
            shutil.copy(db, target)
        monkeypatch.setenv("LISTENING_DB", str(target))
        if "LISTENING_USERS" not in os.environ or not os.environ["LISTENING_USERS"].startswith(str(tmp_path)):
            # No users file: local mode, unless the test wrote one under its tmp_path.
            monkeypatch.setenv("LISTENING_USERS", str(tmp_path / "no-users.toml"))
        _fresh_ui_caches()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
        at.session_state["_ui_language"] = lang
        return at

    yield factory
    _fresh_ui_caches()


@pytest.fixture()
def sample_app(make_app, analysed_db):
    """The app on a copy of the analysed sample store, in Japanese."""
    return make_app(analysed_db)
