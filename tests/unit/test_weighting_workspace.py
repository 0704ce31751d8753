"""Weighting on a real analysed store: staff set margins (audited), exports and CLI files carry weights,
and public exports keep the <5 rule on unweighted counts of people."""
from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from listening.auth import AccessDenied, User
from listening.cli.main import main
from listening.cli.outputs import write_outputs
from listening.export import MARKS, ExportOptions
from listening.store import Store
from listening.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
POPULATION = SAMPLE / "population_ja.csv"
STAFF = User("tanaka", "staff")
COMMITTEE = User("sato", "committee")


@pytest.fixture(scope="module")
def weighted(ja_analysed, tmp_path_factory):
    """A copy of the session's analysed store (other tests read its audit log) with the sample
    population set as its margins."""
    copy = tmp_path_factory.mktemp("weighted") / "listening.db"
    with sqlite3.connect(str(ja_analysed.store.path)) as source, sqlite3.connect(str(copy)) as target:
        source.backup(target)
    store = Store(copy)
    analysed = dataclasses.replace(ja_analysed, store=store)
    ws = Workspace(store, STAFF)
    setup = ws.set_population(analysed.dataset_id, POPULATION.read_bytes(), POPULATION.name,
                              source="住民基本台帳（架空）")
    yield analysed, ws, setup
    store.close()


def test_staff_set_margins_with_a_guessed_mapping_and_the_view_stays_unweighted(weighted):
    analysed, ws, setup = weighted
    assert setup.by == ("年代", "性別", "校区")  # 回答者区分 has no population column
    assert setup.default_weighted is False
    assert setup.population.sources[0]["as_of"] == "2025-04-01"
    assert setup.report()["性別"]["unmatched_values"].keys() >= {"回答しない"}
    log = ws.audit_log(analysed.dataset_id)
    assert "set_population" in log["action"].tolist()


def test_committee_members_cannot_set_margins_but_can_read_them(weighted):
    analysed, _, _ = weighted
    committee = Workspace(analysed.store, COMMITTEE)
    with pytest.raises(AccessDenied):
        committee.set_population(analysed.dataset_id, POPULATION.read_bytes(), POPULATION.name)
    with pytest.raises(AccessDenied):
        committee.set_weighting(analysed.dataset_id, default_weighted=True)
    assert committee.weighting_setup(analysed.dataset_id).ready


def test_an_edited_mapping_and_the_default_view_are_stored_and_read_back(weighted):
    analysed, ws, setup = weighted
    mapping = setup.mapping.copy()
    mapping.loc[(mapping["side"] == "survey") & (mapping["value"] == "70歳以上"), "group"] = ""
    changed = ws.set_weighting(analysed.dataset_id, mapping=mapping, default_weighted=True, max_ratio=4.0)
    assert changed.default_weighted and changed.max_ratio == 4.0
    assert "70歳以上" in changed.report()["年代"]["unmatched_values"]
    restored = ws.set_weighting(analysed.dataset_id, mapping=setup.mapping, default_weighted=False, max_ratio=5.0)
    assert restored.report()["年代"]["unmatched_values"] == {}
    assert len(analysed.store.weighting_history(analysed.dataset_id)) >= 3


def test_weights_for_an_analysis_follow_the_stored_setup(weighted):
    analysed, ws, _ = weighted
    weighting = ws.weights_for(analysed.analysis)
    d = weighting.diagnostics
    assert d["n_answers"] == len(analysed.analysis.answers)
    assert d["n_answers_without_respondent"] > 0  # the hearing notes: not weighted
    assert weighting.answer_weights[analysed.analysis.answers["source"] == "hearing"].isna().all()
    assert 0 < d["effective_n"] <= d["n_respondents"]


def test_public_exports_keep_the_small_cell_rule_on_unweighted_counts(weighted):
    analysed, ws, _ = weighted
    weighting = ws.weights_for(analysed.analysis)
    options = ExportOptions(audience="public", crosstabs=("校区", "年代"))
    data = ws.export(analysed.analysis, options, weighting=weighting)
    assert data.weighted is not None and "weighting" in data.meta
    hidden_somewhere = False
    for attribute, counts in data.crosstabs.items():
        shares = data.weighted["crosstabs"][attribute]
        assert shares.shape == counts.shape
        hidden = np.isin(counts.to_numpy(), MARKS)  # <5 and the x partners hidden so <5 cannot be worked out
        hidden_somewhere |= hidden.any()
        assert all(v is None for v in shares.to_numpy()[hidden])  # weights never reveal a hidden cell
    assert hidden_somewhere  # the slice is small enough that some cell is hidden
    sizes = dict(zip(data.themes["theme_id"], data.themes["size"]))
    for row in data.weighted["themes"].itertuples():
        assert (row.weighted_share is None) == (sizes[row.theme_id] in MARKS)
    note = json.dumps(data.meta["weighting"], ensure_ascii=False)
    assert "R0" not in note  # no respondent id of the largest weights
    assert data.meta["weighting"]["sources"][0]["source"] == "住民基本台帳（架空）"
    assert POPULATION.name not in note  # no file names for the public


def test_cli_files_gain_weighted_columns_and_run_json_the_diagnostics(weighted, tmp_path):
    analysed, ws, _ = weighted
    weighting = ws.weights_for(analysed.analysis)
    write_outputs(analysed.analysis, tmp_path, ["年代"], weighting=weighting)
    clusters = pd.read_csv(tmp_path / "clusters.csv")
    assert list(clusters.columns[4:6]) == ["share", "weighted_share"]
    for level, rows in clusters.groupby("level"):
        assert rows["weighted_share"].sum() == pytest.approx(1.0)
    table = pd.read_csv(tmp_path / "crosstab_年代.csv")
    assert {"weighted_count", "weighted_row_pct", "weighted_col_pct", "weighted_residual"} <= set(table.columns)
    run = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert run["weighting"]["effective_n"] > 0 and run["weighting"]["margins"]
    assert run["crosstabs"]["theme:年代"]["weighted"]["chi2_rao_scott"] is not None
    answers = pd.read_csv(tmp_path / "answers.csv")
    assert answers.loc[answers["source"] == "hearing", "weight"].isna().all()
    assert answers.groupby("respondent_id")["weight"].nunique().max() == 1


def test_weights_command_prints_diagnostics_and_round_trips_the_mapping(weighted, tmp_path, capsys):
    analysed, _, _ = weighted
    dataset = analysed.store.list_datasets()["name"].iat[0]
    db = str(analysed.store.path)
    mapping_file = tmp_path / "mapping.csv"
    args = ["weights", "--dataset", dataset, "--from", str(POPULATION), "--by", "年代", "--by", "校区",
            "--mapping-out", str(mapping_file), "--db", db]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "effective n (Kish)" in printed and "design effect" in printed and "0～4歳" in printed
    edited = pd.read_csv(mapping_file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert main(["weights", "--dataset", dataset, "--from", str(POPULATION), "--mapping", str(mapping_file),
                 "--json", "--db", db]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["by"] == ["年代", "校区"] and len(edited) > 10
    assert result["max_margin_error"] < 1e-3


def test_schema_holds_the_weighting_tables(tmp_path):
    with Store(tmp_path / "s.db") as store:
        tables = {r[0] for r in store._query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"population_margins", "weighting_settings"} <= tables


def test_weighted_crosstab_on_the_analysis_counts_every_answer(weighted):
    from listening.views import weighted_crosstab

    analysed, ws, _ = weighted
    answers = analysed.analysis.answers
    weighting = ws.weights_for(analysed.analysis)
    wct = weighted_crosstab(answers, "theme", "年代", weighting.answer_weights)
    assert wct.unweighted.n == len(answers)
    assert wct.weighted_total == pytest.approx(np.nansum(weighting.answer_weights.to_numpy()))


def test_cli_export_and_briefing_weight_to_a_file_or_to_the_stored_margins(weighted, tmp_path, capsys):
    import openpyxl

    analysed, _, _ = weighted
    dataset = analysed.store.list_datasets()["name"].iat[0]
    db = str(analysed.store.path)
    out = tmp_path / "from_file"
    assert main(["export", "--dataset", dataset, "--out", str(out), "--crosstab", "年代", "--weights-from",
                 str(POPULATION), "--weight-by", "年代", "--weights-source", "住民基本台帳（架空）", "--db", db]) == 0
    book = openpyxl.load_workbook(out / "summary.xlsx")
    summary = [row for row in book["概要"].iter_rows(values_only=True)]
    assert any(row[0] == "重み付け" and "住民基本台帳（架空）" in str(row[1]) for row in summary)
    assert any("重み付けした割合" in row for row in summary)
    assert any(row[0] and "重み付けした割合" in str(row[0]) for row in book["クロス集計_年代"].iter_rows(values_only=True))
    briefing = (out / "briefing.html").read_text(encoding="utf-8")
    assert "人口の構成に合わせると" in briefing and "有効回答者数" in briefing
    # --weighted: the margins staff stored for the dataset (the fixture's), no file needed
    stored = tmp_path / "stored"
    assert main(["briefing", "--dataset", dataset, "--by", "年代", "--out", str(stored), "--weighted", "--db", db]) == 0
    html = (stored / "briefing.html").read_text(encoding="utf-8")
    assert "人口の構成に合わせると" in html and "年代、性別、校区の構成を住民の構成（住民基本台帳（架空）" in html
    assert "この比較の割合は重み付けした推計" in html
    plain = tmp_path / "plain"
    assert main(["briefing", "--dataset", dataset, "--by", "年代", "--out", str(plain), "--db", db]) == 0
    assert "人口の構成に合わせると" not in (plain / "briefing.html").read_text(encoding="utf-8")


def test_weighted_without_stored_margins_says_how_to_set_them(ja_analysed, tmp_path, capsys):
    copy = tmp_path / "copy.db"
    with sqlite3.connect(str(ja_analysed.store.path)) as source, sqlite3.connect(str(copy)) as target:
        source.backup(target)
    dataset = ja_analysed.store.list_datasets()["name"].iat[0]
    assert main(["briefing", "--dataset", dataset, "--out", str(tmp_path / "b"), "--weighted", "--db", str(copy)]) == 2
    assert "no population margins stored" in capsys.readouterr().err


def test_the_weighted_briefing_puts_weighted_shares_beside_the_counts(weighted):
    from listening.briefing import MARKS as BRIEF_MARKS
    from listening.briefing import BriefingOptions

    analysed, ws, _ = weighted
    weighting = ws.weights_for(analysed.analysis)
    plain = ws.briefing(analysed.analysis, BriefingOptions(by=("年代",)))
    heavy = ws.briefing(analysed.analysis, BriefingOptions(by=("年代",)), weighting=weighting)
    assert all(c.weighted_share is None for c in plain.themes) and "weighting" not in plain.meta
    assert sum(c.weighted_share for c in heavy.themes) == pytest.approx(1.0)
    assert [c.size for c in heavy.themes] == [c.size for c in plain.themes]  # counts stay counts of answers
    assert any(abs(c.weighted_share - c.share) > 0.001 for c in heavy.themes)
    assert heavy.sections[0].weighted and not plain.sections[0].weighted
    assert heavy.meta["weighting"]["effective_n"] < heavy.meta["n_respondents"]
    public = ws.briefing(analysed.analysis, BriefingOptions(audience="public", by=("年代",)), weighting=weighting)
    for card in public.themes:
        assert card.weighted_share is None or card.size not in BRIEF_MARKS


def test_a_public_weighted_briefing_compares_on_its_checked_counts_and_says_so(weighted):
    from listening.briefing import MARKS as BRIEF_MARKS
    from listening.briefing import render_briefing

    analysed, ws, _ = weighted
    data = ws.export(analysed.analysis, ExportOptions(audience="public", crosstabs=("年代",)),
                     weighting=ws.weights_for(analysed.analysis))
    briefing = data.briefing
    assert briefing.meta["weighting"]["by"] and not any(s.weighted for s in briefing.sections)
    shown = [c for c in briefing.themes if c.size not in BRIEF_MARKS]
    assert shown and all(c.weighted_share is not None for c in shown)
    assert all(c.weighted_share is None for c in briefing.themes if c.size in BRIEF_MARKS)
    html = render_briefing(briefing)
    assert "人口の構成に合わせると" in html and "この比較は重み付け前の件数によります" in html
