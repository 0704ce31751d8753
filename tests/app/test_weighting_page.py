"""Weighting in the app: staff read a population table, check the guessed mapping and the diagnostics on the
Weighting page; on every page that shows shares the weighted / unweighted switch changes the numbers."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from listening.auth import User
from listening.export import MARKS
from listening.goals import sample_goals
from listening.store import Store
from listening.workspace import Workspace
from ui.i18n import STRINGS

from .conftest import ROOT

POPULATION = ROOT / "sample_data" / "population_ja.csv"
SOURCE = "住民基本台帳（架空）"


def s(key: str, lang: str = "ja", **values) -> str:
    text = STRINGS[key][lang]
    return text.format(**values) if values else text


@pytest.fixture(scope="module")
def weighted_db(analysed_db, tmp_path_factory):
    """The analysed sample with the sample population as its margins (unweighted by default) and the
    sample goals, as staff would have set them."""
    path = tmp_path_factory.mktemp("weighted") / "weighted.db"
    shutil.copy(analysed_db, path)
    with Store(path) as store:
        ws = Workspace(store, User("職員", "staff"))
        dataset = int(store.list_datasets()["id"].iloc[0])
        ws.set_population(dataset, POPULATION.read_bytes(), POPULATION.name, source=SOURCE)
        ws.import_goals(dataset, *sample_goals("ja"))
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def table_with(at, column: str) -> pd.DataFrame:
    """The first table on the page with ``column`` (read-only tables have no key in AppTest)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def open_page(at, page: str):
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# ---- the Weighting page -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_staff_read_the_population_table_and_see_the_guessed_mapping_and_the_diagnostics(make_app, analysed_db,
                                                                                         lang):
    at = open_page(make_app(analysed_db, lang=lang), "weighting")
    assert at.title[0].value == s("nav_weighting", lang)
    assert s("wt_none", lang) in [i.value for i in at.info]
    assert not at.toggle  # nothing to switch before margins exist

    at.file_uploader(key="wt_upload_0").set_value((POPULATION.name, POPULATION.read_bytes(), "text/csv")).run()
    at.text_input(key="wt_source").set_value(SOURCE)
    at.button(key="wt_read").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value.startswith(s("wt_read_done", lang, file=POPULATION.name, residents="119,498",
                                            by="")[:8])
    assert any(SOURCE in c.value and "119,498" in c.value for c in at.caption)

    mapping = at.data_editor(key="wt_mapping_1").value
    ages = mapping[mapping["attribute"] == "年代"].set_index("value")  # the editor's own column names
    assert ages.at["85歳以上", "group"] == "70歳以上"  # 70代 and over, guessed from ranges
    assert ages.at["0～4歳", "group"] == ""  # children the survey does not reach
    unmatched = " ".join(w.value for w in at.warning)
    assert "回答しない" in unmatched and "その他" in unmatched  # listed, never dropped silently

    metrics = {m.label: m.value for m in at.metric}
    n, n_eff = (int(metrics[s(k, lang)].replace(",", "")) for k in ("wt_n_respondents", "wt_effective_n"))
    assert 0 < n_eff < n
    assert float(metrics[s("wt_design_effect", lang)]) > 1.0
    margins = table_with(at, s("wt_col_population_share", lang))
    ages = margins[margins[s("wt_col_attribute", lang)] == "年代"]
    before, after, target = (ages[s(f"wt_col_{c}", lang)].to_numpy() for c in
                             ("sample_share", "weighted_share", "population_share"))
    assert np.abs(after - target).max() < 0.1 < np.abs(before - target).max()  # percentage points
    assert len(table_with(at, s("wt_col_weight", lang))) == 10


def test_staff_edit_the_mapping_and_make_weighted_the_default_audited(make_app, weighted_db, tmp_path):
    at = open_page(make_app(weighted_db), "weighting")
    mapping = at.data_editor(key="wt_mapping_0").value
    row = int(np.flatnonzero((mapping["value"] == "10代").to_numpy())[0])
    # The table editor as a person leaves it: 10代 no longer matched to any population group.
    at.session_state["wt_mapping_0"] = {"edited_rows": {row: {"group": ""}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert any("10代" in w.value for w in at.warning)
    at.radio(key="wt_default_0").set_value(True)
    at.toggle(key="wt_trim_0").set_value(False)
    at.button(key="wt_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.success] == [s("wt_saved")]

    with Store(tmp_path / "app.db") as store:
        ws = Workspace(store, User("職員", "staff"))
        dataset = int(store.list_datasets()["id"].iloc[0])
        setup = ws.weighting_setup(dataset)
        assert setup.default_weighted and setup.max_ratio is None
        teens = setup.mapping[(setup.mapping["value"] == "10代") & (setup.mapping["side"] == "survey")]
        assert teens["group"].tolist() == [""]
        assert {"set_population", "set_weighting"} <= set(ws.audit_log()["action"])

    at.switch_page("pages/map.py").run()  # the dataset's default is now weighted
    assert at.toggle(key="map_weighted").value is True
    assert any(c.value.startswith(s("wt_caption", by="", source="", n_eff="", n="")[:6]) for c in at.caption)


# ---- the switch on every page that shows shares ------------------------------------------------


def _map(at):
    return table_with(at, s("share"))[s("share")]


def _crosstabs(at):
    return pd.concat([d.value.stack() for d in at.dataframe[:3]]).astype(float)


def _district(at):
    return at.dataframe[0].value[s("district_share")]


def _waves(at):
    return table_with(at, s("waves_col_share"))[s("waves_col_share")]


def _goals(at):
    return table_with(at, s("goals_answers"))[s("share")]


NUMBERS = {"map": _map, "crosstabs": _crosstabs, "district": _district, "waves": _waves, "goals": _goals}


@pytest.mark.parametrize("page", list(NUMBERS))
def test_the_weighted_switch_changes_the_shares_and_says_so(make_app, weighted_db, page):
    at = open_page(make_app(weighted_db), page)
    switch = at.toggle(key=f"{page}_weighted")
    assert switch.value is False  # unweighted until staff choose weighted as the default
    plain = NUMBERS[page](at).to_numpy(dtype=float)
    assert not any(c.value.startswith(s("wt_caption", by="", source="", n_eff="", n="")[:6]) for c in at.caption)

    switch.set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    weighted = NUMBERS[page](at).to_numpy(dtype=float)
    assert weighted.shape == plain.shape
    assert np.nanmax(np.abs(weighted - plain)) > 0.1  # percentage points
    captions = [c.value for c in at.caption]
    assert any(SOURCE in c for c in captions)  # each weighted table says what it was weighted to
    if page == "map":
        assert np.allclose(table_with(at, s("share"))[s("wt_unweighted_share")], plain)
    if page == "crosstabs":
        assert any(c.startswith(s("wt_ct_caption", n_eff="", deff="")[:10]) for c in captions)  # Rao-Scott, n_eff

    at.switch_page("pages/map.py").run()  # the choice holds on the next page
    assert at.toggle(key="map_weighted").value is True


def test_the_export_carries_weighted_shares_and_the_method_note_and_keeps_the_small_cell_rule(make_app,
                                                                                             weighted_db):
    at = open_page(make_app(weighted_db), "export")
    at.radio(key="export_audience").set_value("public").run()
    at.button(key="export_build").click().run()
    plain = json.loads(at.session_state["_export_built"][2]["export.json"])
    assert plain.get("weighted") is None and "weighting" not in plain["meta"]

    at.toggle(key="export_weighted").set_value(True).run()
    assert at.info  # the files on screen were built unweighted: stale
    at.button(key="export_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    data = at.session_state["_export_built"][3]
    files = json.loads(at.session_state["_export_built"][2]["export.json"])
    note = files["meta"]["weighting"]
    assert note["sources"][0]["source"] == SOURCE and note["sources"][0]["as_of"]
    assert note["effective_n"] < note["n_weighted"] and note["design_effect"] > 1
    assert {m["attribute"] for m in note["margins"]} == {"年代", "性別", "校区"}
    assert "largest_weights" in note and all(isinstance(w, float) for w in note["largest_weights"])
    report = at.session_state["_export_built"][2]["report.html"].decode("utf-8")
    assert s("report_weighting_col_share") in report and SOURCE in report  # the printed method note says so
    shares = [t["weighted_share"] for t in files["weighted"]["themes"] if t["weighted_share"] is not None]
    assert shares and abs(sum(shares) - 1.0) < 0.2
    # Public: a weighted share only where the unweighted count of people beside it is shown.
    for attribute, counts in data.crosstabs.items():
        hidden = np.isin(counts.to_numpy(), MARKS)
        assert all(v is None for v in data.weighted["crosstabs"][attribute].to_numpy()[hidden]), attribute



def test_the_briefing_switch_weights_its_shares_and_its_printable_file(make_app, weighted_db):
    at = open_page(make_app(weighted_db), "briefing")
    beside = s("briefing.weighted_share", share="")[:6]
    assert at.toggle(key="briefing_weighted").value is False
    assert not any(beside in c.value for c in at.caption)
    at.toggle(key="briefing_weighted").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert sum(beside in c for c in captions) >= 2  # each group's weighted share beside its count
    assert any(SOURCE in c for c in captions)  # what the shares are weighted to
    assert any(c == s("briefing.weighted.sections") for c in captions)


def test_the_weighted_workbook_shows_weighted_shares_beside_the_counts(make_app, weighted_db):
    import io

    import openpyxl

    at = open_page(make_app(weighted_db), "export")
    at.toggle(key="export_weighted").set_value(True).run()
    at.button(key="export_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    book = openpyxl.load_workbook(io.BytesIO(at.session_state["_export_built"][2]["summary.xlsx"]))
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    assert any(row[0] == "重み付け" and SOURCE in str(row[1]) for row in summary)
    header = next(row for row in summary if "重み付けした割合" in row)
    assert header.index("重み付けした割合") == header.index("割合") + 1
    crosstabs = [ws for ws in book.worksheets if ws.title.startswith("クロス集計")]
    assert crosstabs and all(any(r[0] and "重み付けした割合" in str(r[0]) for r in ws.iter_rows(values_only=True))
                             for ws in crosstabs)


def test_tables_the_switch_does_not_reach_say_they_are_counts(make_app, weighted_db):
    at = open_page(make_app(weighted_db), "goals")
    plain = [c.value for c in at.caption].count(s("wt_not_weighted_here"))
    at.toggle(key="goals_weighted").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    # the groups x goals tab, the gaps tab and the indicators tab stay counts of answers, and say so
    assert plain == 0 and [c.value for c in at.caption].count(s("wt_not_weighted_here")) >= 3
