"""Public releases are recorded, and a new one that differs from an earlier one by a few people
waits for staff to release it anyway (logged): subtracting two releases must not show who changed."""
from __future__ import annotations

import dataclasses
import json
import sqlite3

import pytest

from listening.auth import User
from listening.cli.main import main
from listening.curation import curated_analysis
from listening.export import ExportOptions, build_export, release_cells, release_differences, release_digest
from listening.store import SCHEMA_VERSION, Store
from listening.workspace import Workspace
from tests.unit.test_export_build import make_analysis

OPTIONS = ExportOptions(audience="public", crosstabs=("地区", "年代"))
STAFF = User("職員", "staff", "password")


def _without(analysis, answer_id: str):
    answers = analysis.answers[analysis.answers["answer_id"] != answer_id].reset_index(drop=True)
    return dataclasses.replace(analysis, answers=answers)


def _release(data, release_id: int = 1) -> dict:
    return {"id": release_id, "created_at": "2026-05-01T09:00:00+00:00", "cells": release_cells(data)}


def test_a_release_names_every_printed_count_and_has_a_digest():
    data = build_export(make_analysis(), OPTIONS)
    cells = release_cells(data)
    assert cells["answers"] == 40 and cells["theme: 交通・バス"] == 16
    assert cells["topic: 交通・バス / バスの本数"] == 10
    assert cells["地区: 交通・バス × total"] == 16 and cells["地区: total × total"] == 40
    assert "地区: total × 南区" in cells and all(isinstance(v, (int, str)) for v in cells.values())
    assert release_digest(cells) == release_digest(dict(reversed(list(cells.items()))))
    assert len(release_digest(cells)) == 16


def test_the_first_release_and_an_identical_one_raise_nothing():
    data = build_export(make_analysis(), OPTIONS)
    assert release_differences(release_cells(data), []) == []
    assert release_differences(release_cells(data), [_release(data)]) == []


def test_excluding_one_answer_shows_in_the_counts_it_was_in():
    before = build_export(make_analysis(), OPTIONS)
    # R07 wrote about buses from 東区: comparing the two releases would tell.
    after = build_export(_without(make_analysis(), "R07:1"), OPTIONS)
    found = {d.cell: (d.before, d.after) for d in release_differences(release_cells(after), [_release(before)])}
    assert found["answers"] == (40, 39) and found["theme: 交通・バス"] == (16, 15)
    assert found["地区: 交通・バス × 東区"] == (16, 15)
    assert all(0 < abs(b - a) < 5 for b, a in found.values())


def test_counts_that_moved_by_min_cell_or_more_are_not_flagged():
    before = build_export(make_analysis(), OPTIONS)
    after = build_export(make_analysis(), OPTIONS)
    earlier = _release(before)
    earlier["cells"] = {k: (v + 5 if isinstance(v, int) else v) for k, v in earlier["cells"].items()}
    assert release_differences(release_cells(after), [earlier]) == []


def test_the_store_keeps_releases_oldest_first(tmp_path):
    with Store(tmp_path / "s.db") as store:
        conn = sqlite3.connect(tmp_path / "s.db")
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 7  # releases came with 7
        conn.close()
        with store.transaction() as tx:
            dataset = tx.execute("INSERT INTO datasets (name, created_at) VALUES ('d', 'now')").lastrowid
        first = store.add_release(dataset, 3, "職員", "abc", {"answers": 40, "地区: a × b": "<5"}, {"min_cell": 5})
        second = store.add_release(dataset, 4, "職員", "def", {"answers": 39}, {}, forced=True)
        releases = store.list_releases(dataset)
    assert [r["id"] for r in releases] == [first, second]
    assert releases[0]["cells"] == {"answers": 40, "地区: a × b": "<5"} and releases[0]["options"] == {"min_cell": 5}
    assert (releases[0]["forced"], releases[1]["forced"], releases[1]["run_id"]) == (False, True, 4)


def test_the_cli_refuses_a_release_that_differs_by_a_few_people_until_forced(tmp_path, sample_slice):
    survey = tmp_path / "survey.csv"
    survey.write_bytes(sample_slice("ja", 120))
    db = tmp_path / "s.db"
    first = tmp_path / "first"
    assert main(["analyze", str(survey), "--text", "問1 暮らしの中で困っていること・課題", "--id", "回答ID",
                 "--attr", "年代", "--attr", "校区", "--themes", "3", "--topics", "6", "--out", str(first),
                 "--db", str(db), "--public"]) == 0
    with Store(db) as store:
        dataset = store.dataset_id("survey")
        run = store.latest_run(dataset)
        assert len(store.list_releases(dataset)) == 1  # the first release: nothing to compare with
        ws = Workspace(store, STAFF)
        analysis = curated_analysis(store, run)
        excluded = analysis.answers["answer_id"].iloc[0]
        ws.exclude_answers(run, [excluded], "本人から取り下げの連絡")
        # The workspace refuses to record it without the staff's say-so.
        changed = curated_analysis(store, run)
        data = ws.export(changed, ExportOptions(audience="public", crosstabs=("年代", "校区")))
        differences = ws.release_check(changed, data)
        assert any(d.cell == "answers" and d.before - d.after == 1 for d in differences)
        with pytest.raises(ValueError, match="release anyway"):
            ws.record_release(changed, data, differences)

    second = tmp_path / "second"
    args = ["export", "--dataset", "survey", "--out", str(second), "--db", str(db), "--public",
            "--crosstab", "年代", "--crosstab", "校区"]
    assert main(args) == 2
    assert not second.exists() or not any(second.iterdir())  # nothing written
    assert main([*args, "--force"]) == 0
    assert (second / "export.json").exists()
    with Store(db) as store:
        releases = store.list_releases(dataset)
        log = store.audit_log(dataset)
    assert [r["forced"] for r in releases] == [False, True]
    entry = log[log["action"] == "release"].iloc[-1]
    assert entry["detail"]["forced"] is True and entry["detail"]["differences"] >= 1
    assert any(c.startswith("answers: ") for c in entry["detail"]["cells"])
    assert json.loads((second / "export.json").read_text(encoding="utf-8"))["meta"]["answers"]["excluded"] == 1
