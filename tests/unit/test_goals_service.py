"""The goals lens end to end: roles and audit on staff changes, scores aligned with the curated
analysis and its neighbour graph, decisions honoured, coverage totals, the report's goal section
(with public suppression) and the `goals` CLI."""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from listening.analysis.pipeline import load_analysis
from listening.auth.access import AccessDenied, User
from listening.cli.main import build_parser, main
from listening.curation.edits import curated_analysis
from listening.export import SECONDARY, SUPPRESSED, ExportOptions, build_export, write_xlsx
from listening.export.report import render_report
from listening.goals import service as gs
from listening.goals.files import Goal, read_goals
from listening.goals.views import NO_GOAL
from listening.store import Store
from listening.types import InputError
from listening.views.crosstab import TOTAL_LABEL, filter_answers
from listening.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
SAMPLE_GOALS = REPO / "sample_data" / "goals_ja.csv"
STAFF, COMMITTEE = User("職員", "staff", "password"), User("委員", "committee", "password")
INDICATORS = ("goal_id,district,year,indicator,value,unit\r\nkosodate,東,2024,待機児童数,12,人\r\n"
              "kosodate,,2024,保育所数,40,か所\r\n").encode("utf-8")


@pytest.fixture()
def lens(ja_analysed, tmp_path):
    """A copy of the session's analysed Japanese store with the sample goals saved by staff."""
    ja_analysed.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = tmp_path / "goals.db"
    shutil.copy(_db_path_of(ja_analysed.store), path)
    store = Store(path)
    ws = Workspace(store, STAFF)
    ws.import_goals(ja_analysed.dataset_id, SAMPLE_GOALS.read_bytes(), SAMPLE_GOALS.name)
    yield store, ws, ja_analysed.dataset_id, ja_analysed.analysis.run_id
    store.close()


def test_sample_goals_are_a_vision_with_viewpoints_and_match_the_survey_topics():
    for language in ("ja", "ko"):
        goals = read_goals(*gs.sample_goals(language))
        viewpoints = [g for g in goals if g.parent is None]
        assert 2 <= len(viewpoints) <= 3 and {g.language for g in goals} == {language}
        assert all(g.description and g.examples for g in goals if g.parent is not None)


def test_staff_changes_need_the_goals_permission_and_are_audited(lens, tmp_path):
    store, ws, dataset, _ = lens
    committee = Workspace(store, COMMITTEE)
    with pytest.raises(AccessDenied):
        committee.define_goals(dataset, [Goal("x", "X")])
    with pytest.raises(AccessDenied):
        committee.decide_goal(dataset, "akiya", ["any"], "confirmed")
    with pytest.raises(AccessDenied):
        committee.upload_indicators(dataset, INDICATORS, "i.csv")
    assert len(store.load_goals(dataset)) == 13 and store.load_indicators(dataset).empty
    answer = store.load_answers(dataset).iloc[0]
    assert ws.decide_goal(dataset, "akiya", [answer["answer_id"]], "rejected") == 1
    ws.upload_indicators(dataset, INDICATORS, "i.csv")
    with pytest.raises(ValueError, match="no goal"):
        ws.decide_goal(dataset, "nope", [answer["answer_id"]], "confirmed")
    log = store.audit_log(dataset)
    assert log["action"].tolist() == ["goals_saved", "denied", "denied", "denied", "goal_decision",
                                      "indicators_saved"]
    assert log["rows"].tolist()[0] == 13 and log["detail"][0]["file"] == "goals_ja.csv"
    assert set(log.loc[log["action"] == "denied", "user"]) == {"委員"}
    assert log["detail"][4] == {"goal": "akiya", "state": "rejected"}


def test_scores_follow_the_curated_answers_and_the_neighbour_graph(lens, use_embedder):
    store, ws, dataset, run = lens
    base = load_analysis(store, run)
    full = gs.goal_view(store, base, use_embedder)
    assert len(store.analysis_neighbours(base.info)[0]) == len(full.answers)  # the graph is used
    gone = full.answers["answer_id"].astype(str).tolist()[:5]
    ws.exclude_answers(run, gone, "test")
    curated = curated_analysis(store, run)
    view = gs.goal_view(store, curated, use_embedder)
    assert view.scores.shape == (len(full.answers) - 5, len(view.goals))
    # Every kept answer keeps exactly its score: rows are matched by pk, not by position.
    by_pk = dict(zip(full.answers["pk"], full.scores))
    np.testing.assert_array_equal(view.scores, np.array([by_pk[p] for p in view.answers["pk"]]))
    again = gs.goal_view(store, curated, use_embedder)
    np.testing.assert_array_equal(view.scores, again.scores)  # deterministic


def test_a_decision_is_honoured_for_every_answer_with_that_text(lens, use_embedder):
    store, ws, dataset, run = lens
    view = gs.goal_view(store, load_analysis(store, run), use_embedder)
    top = gs.suggestions(view, "akiya", n=5).iloc[0]
    assert top["assigned"] and top["state"] == ""
    ws.decide_goal(dataset, "akiya", top["answer_ids"], "rejected", [top["text_hash"]] * len(top["answer_ids"]))
    after = gs.goal_view(store, load_analysis(store, run), use_embedder)
    row = gs.suggestions(after, "akiya", n=5).set_index("text_hash").loc[top["text_hash"]]
    assert row["state"] == "rejected" and not row["assigned"] and row["score"] == -1.0
    hit = (after.answers["text_hash"] == top["text_hash"]).to_numpy()
    assert hit.sum() == len(top["answer_ids"]) and not after.assignment[hit, after.column("akiya")].any()


def test_coverage_totals_equal_the_filtered_answers_and_batches_are_named(lens, use_embedder):
    store, _, dataset, run = lens
    view = gs.goal_view(store, load_analysis(store, run), use_embedder)
    kept = filter_answers(view.answers, {"年代": ["30代", "40代"]})
    table = gs.coverage(view, rows=kept.index.to_numpy()).set_index("goal_id")
    assert table.loc[TOTAL_LABEL, "count"] == len(kept)
    assert table.loc[NO_GOAL, "count"] == int((~view.assignment[kept.index.to_numpy()].any(axis=1)).sum())
    by_batch = gs.coverage(view, by=gs.BATCH)
    assert set(by_batch[gs.BATCH]) == set(store.list_batches(dataset)["name"])
    assert by_batch.loc[by_batch["goal_id"] == TOTAL_LABEL, "count"].sum() == len(view.answers)
    counts, shares = gs.coverage_matrix(view, "年代")
    assert counts.loc[TOTAL_LABEL].sum() == len(view.answers) and (shares.loc[TOTAL_LABEL] == 1.0).all()
    quiet = gs.unheard(view)
    assert "datsutanso" in quiet["goal_id"].tolist() and "akiya" not in quiet["goal_id"].tolist()
    cells = gs.cluster_goal_cells(view, "theme")
    sizes = cells.drop_duplicates("cluster_id")["size"]
    assert sizes.sum() == len(view.answers) and cells["goal_id"].nunique() == 10 + 1  # 10 goals + no goal


def test_keyword_hits_are_kept_apart_and_indicators_sit_beside_opinion_shares(lens, use_embedder):
    store, ws, dataset, run = lens
    ws.upload_indicators(dataset, INDICATORS, "i.csv")
    view = gs.goal_view(store, load_analysis(store, run), use_embedder)
    hits = gs.keyword_hits(view, "anshin")  # a viewpoint: its goals' keywords
    assert len(hits) and all(hits["keywords"] != "")
    assert hits["n_answers"].sum() == int(view.keywords[:, view.column("anshin")].sum())
    table = gs.indicators_beside(view, "校区")
    east = (view.answers["校区"] == "東").to_numpy()
    j = view.column("kosodate")
    assert table["share"].iloc[0] == pytest.approx(view.assignment[east, j].mean())
    assert table["share"].iloc[1] == pytest.approx(view.assignment[:, j].mean()) == table["city_share"].iloc[1]
    west = gs.indicators_beside(view, "校区", "西")
    assert west["indicator"].tolist() == ["保育所数"]  # 東's row left out, the whole-area row kept
    assert west["share"].iloc[0] == pytest.approx(view.assignment[(view.answers["校区"] == "西").to_numpy(), j].mean())


def test_the_goal_table_round_trips_and_bad_tables_are_named(lens):
    store, _, dataset, _ = lens
    goals = store.load_goals(dataset)
    assert gs.goals_from_table(gs.goals_table(goals)) == goals
    edited = gs.goals_table(goals)
    edited.loc[len(edited)] = ["new", "新しい目標", "", "", "", "nope", None]
    with pytest.raises(InputError) as err:
        gs.goals_from_table(edited)
    assert err.value.code == "goals_unknown_parent"


def _coverage(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["goal_id", "name", "parent", "depth", "count"])
    frame["share"] = frame["count"] / frame["count"].iloc[-1]
    return frame


def test_the_public_goal_section_hides_small_counts_and_a_partner():
    coverage = _coverage([("v", "視点", None, 0, 20), ("a", "目標A", "v", 1, 3), ("b", "目標B", "v", 1, 17),
                          ("c", "目標C", None, 0, 0), (NO_GOAL, NO_GOAL, None, 0, 30),
                          (TOTAL_LABEL, TOTAL_LABEL, None, 0, 50)])
    from listening.export.goals import goal_section

    public = goal_section(coverage, ExportOptions(audience="public", include_goals=True))
    assert public["size"].tolist() == [20, SUPPRESSED, SECONDARY, 0, 30, 50]  # b hidden beside a
    assert public["share"].tolist()[:3] == [0.4, None, None]
    assert public["goal"].tolist()[-2:] == ["どの目標にも当てはまらない回答", "合計"]
    internal = goal_section(coverage, ExportOptions(include_goals=True, language="en"))
    assert internal["size"].tolist() == [20, 3, 17, 0, 30, 50] and internal["goal"].iloc[-1] == "Total"
    assert goal_section(coverage, ExportOptions()) is None  # not asked for


def test_the_report_and_workbook_carry_the_goal_section(lens, use_embedder, tmp_path):
    store, _, dataset, run = lens
    analysis = curated_analysis(store, run)
    coverage = gs.coverage(gs.goal_view(store, analysis, use_embedder))
    options = ExportOptions(audience="public", include_goals=True, min_cell=30)  # some goals are that small
    data = build_export(analysis, options, goals=coverage)
    assert data.goals["size"].iloc[-1] == len(analysis.answers)
    small = coverage["count"].between(1, 29).to_numpy()
    assert small.any() and (data.goals["size"][small] == SUPPRESSED).all()
    assert all(v in (SUPPRESSED, SECONDARY) or v == 0 or v >= 30 for v in data.goals["size"])
    html = render_report(data)
    assert '<section id="goals"' in html and "空き家の活用と安全な住環境" in html
    assert html.index('id="overview"') < html.index('id="goals"') < html.index('id="map"')
    assert build_export(analysis, ExportOptions(audience="public"), goals=coverage).goals is None
    write_xlsx(data, tmp_path / "s.xlsx")
    book = load_workbook(tmp_path / "s.xlsx", read_only=True)
    assert "目標との対応" in book.sheetnames
    rows = list(book["目標との対応"].values)
    assert rows[0] == ("目標ID", "目標", "階層", "件数", "割合") and len(rows) == len(coverage) + 1
    book.close()


def test_export_report_adds_the_section_through_the_workspace(lens):
    store, _, dataset, run = lens
    committee = Workspace(store, COMMITTEE)
    analysis = curated_analysis(store, run)
    data = committee.export(analysis, ExportOptions(audience="public", include_goals=True))
    assert data.goals is not None and data.goals["goal_id"].iloc[0] == "anshin"
    assert committee.export(analysis, ExportOptions(audience="public")).goals is None
    with pytest.raises(AccessDenied):
        committee.export(analysis, ExportOptions(audience="internal", include_goals=True))
    actions = store.audit_log(dataset)["action"].tolist()
    assert actions[-4:] == ["export", "export_goals", "export", "denied"]


# ---- the `goals` command ----------------------------------------------------------------------


def _nested_parsers(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield name, sub
                yield from _nested_parsers(sub)


def test_every_goals_action_and_option_has_help():
    goals = dict(_nested_parsers(build_parser()))["goals"]
    for name, sub in [("goals", goals), *_nested_parsers(goals)]:
        assert sub.description, name
        for action in sub._actions:
            assert action.help and action.help.strip(), (name, action.dest)


def test_goals_import_export_and_coverage_commands(lens, tmp_path, capsys):
    store, _, dataset, _ = lens
    db = str(_db_path_of(store))
    name = store.list_datasets()["name"].iloc[0]
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    yaml_path = tmp_path / "goals.yaml"
    assert main(["goals", "export", "--dataset", name, "--format", "yaml", "--out", str(yaml_path), "--db", db]) == 0
    assert read_goals(yaml_path.read_bytes(), "goals.yaml") == store.load_goals(dataset)
    edited = tmp_path / "edited.csv"
    edited.write_bytes(SAMPLE_GOALS.read_bytes().replace("脱炭素とエネルギーの地産地消".encode(),
                                                         "脱炭素".encode()))
    assert main(["goals", "import", str(edited), "--dataset", name, "--db", db]) == 0
    assert "13 goals saved" in capsys.readouterr().out
    assert store.load_goals(dataset)[-1].name == "脱炭素" and len(store.goal_versions(dataset)) == 2
    out = tmp_path / "coverage.csv"
    assert main(["goals", "coverage", "--dataset", name, "--by", "年代", "--out", str(out), "--db", db]) == 0
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert table.loc[table["goal_id"] == TOTAL_LABEL, "count"].sum() == len(curated_analysis(
        store, store.latest_run(dataset)).answers)
    assert main(["goals", "coverage", "--dataset", name, "--db", db]) == 0
    printed = capsys.readouterr().out
    assert "空き家の活用と安全な住環境" in printed and "(total)" in printed
    assert main(["goals", "coverage", "--dataset", name, "--by", "nope", "--db", db]) == 2
    assert main(["goals", "export", "--dataset", "no such", "--db", db]) == 2
    assert "no dataset named" in capsys.readouterr().err


def _db_path_of(store: Store) -> Path:
    return Path(store._conn.execute("PRAGMA database_list").fetchone()[2])
