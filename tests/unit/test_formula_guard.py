"""Every CSV and workbook the project writes keeps a formula-looking text inert (issue 15).

A goal, label or answer named ``=HYPERLINK("http://x","y")`` would run as a live link
in Excel if a cell started with "="; each writer must quote it (a leading apostrophe,
shown as text), and our own goal files read it back exactly.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from listening.cli.main import main
from listening.cli.outputs import write_outputs, write_waves
from listening.export import ExportOptions, build_export, write_csv, write_xlsx
from listening.goals.files import read_goals, write_goals
from listening.goals.service import coverage_csv, goals_from_table, goals_table
from listening.privacy import csv_bytes, from_spreadsheet, sheet_cell, spreadsheet_safe
from listening.store import Store
from listening.types import Goal
from tests.unit.test_export_build import make_analysis

EVIL = '=HYPERLINK("http://x","y")'
REPO = Path(__file__).resolve().parents[2]


def csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def assert_inert(cells) -> None:
    """No cell starts a formula; the evil text is there, quoted."""
    cells = [c for c in cells if isinstance(c, str)]
    assert not [c for c in cells if c.lstrip().startswith(("=", "+", "@"))], cells[:20]
    assert any(c == "'" + EVIL or c.startswith("'" + EVIL) for c in cells)


def test_the_guard_and_its_inverse():
    assert spreadsheet_safe(EVIL) == "'" + EVIL and from_spreadsheet("'" + EVIL) == EVIL
    assert from_spreadsheet("'quoted on purpose") == "'quoted on purpose" and from_spreadsheet(3) == 3
    assert sheet_cell(EVIL) == "'" + EVIL and sheet_cell(-5) == -5 and sheet_cell(float("nan")) is None
    assert sheet_cell(["a", EVIL]) == "a\n" + EVIL  # a list is one cell; only its start matters
    data = csv_bytes(pd.DataFrame({EVIL: [EVIL, None, 1.5, -2]}))
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 5
    assert csv_cells(data) == ["'" + EVIL, "'" + EVIL, "", "1.5", "-2"]


def test_goal_files_quote_the_formula_and_read_it_back():
    goals = [Goal("v", EVIL, description="+1 より多く", examples=(EVIL, "バス")), Goal("g1", "安心", parent="v")]
    data = write_goals(goals, "csv")
    assert_inert(csv_cells(data))
    assert read_goals(data, "goals.csv") == goals  # what staff wrote, not the apostrophe
    assert goals_from_table(goals_table(goals)) == goals  # the Goals page's table editor


def test_goal_coverage_csv_is_inert():
    table = pd.DataFrame({"goal_id": ["v"], "goal": [EVIL], "count": [3], "share": [0.1]})
    assert_inert(csv_cells(coverage_csv(table)))


def test_export_answers_csv_and_workbook_are_inert(tmp_path):
    analysis = make_analysis()
    clusters = analysis.clusters.copy()
    clusters.loc[clusters["level"] == "topic", "label"] = EVIL
    answers = analysis.answers.assign(地区=analysis.answers["地区"].where(analysis.answers.index != 0, EVIL))
    analysis = dataclasses.replace(analysis, clusters=clusters, answers=answers)
    for audience in ("internal", "public"):
        data = build_export(analysis, ExportOptions(audience=audience, crosstabs=("地区",), answer_attributes=("年代",)))
        assert_inert(csv_cells(write_csv(data, tmp_path / f"{audience}.csv").read_bytes()))
        book = openpyxl.load_workbook(write_xlsx(data, tmp_path / f"{audience}.xlsx"))
        cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert_inert([c.value for c in cells])


def test_cli_outputs_are_inert(tmp_path):
    analysis = make_analysis()
    answers = analysis.answers.assign(topic_label=EVIL, 地区=EVIL)
    clusters = analysis.clusters.assign(label=EVIL)
    written = write_outputs(dataclasses.replace(analysis, answers=answers, clusters=clusters), tmp_path, ["地区"])
    written.append(write_waves(pd.DataFrame({"batch": [1], "batch_name": [EVIL], "answers": [3]}), tmp_path))
    for path in written:
        if path.suffix == ".csv":
            assert_inert(csv_cells(path.read_bytes()))
    assert {p.name for p in written} >= {"answers.csv", "clusters.csv", "crosstab_地区.csv", "waves.csv"}


def test_cli_goal_export_and_audit_csv_are_inert(tmp_path, capsys):
    db = tmp_path / "s.db"
    with Store(db) as store:
        with store.transaction() as tx:
            dataset = tx.execute("INSERT INTO datasets (name, created_at) VALUES ('d', 'now')").lastrowid
        store.save_goals(dataset, [Goal("v", EVIL)], "職員")
        store.log("職員", "staff", "redact", dataset, None, term=EVIL)
    assert main(["goals", "export", "--dataset", "d", "--out", str(tmp_path / "goals.csv"), "--db", str(db)]) == 0
    assert_inert(csv_cells((tmp_path / "goals.csv").read_bytes()))
    assert main(["audit", "--out", str(tmp_path / "audit.csv"), "--db", str(db)]) == 0
    cells = csv_cells((tmp_path / "audit.csv").read_bytes())
    assert not [c for c in cells if c.lstrip().startswith(("=", "+", "@"))]
    assert "nan" not in cells  # an empty row count stays empty


@pytest.mark.parametrize("folder", ["listening", "pages", "ui"])
def test_no_file_is_written_past_the_guard(folder):
    """CSV and workbook cells are written only by listening.privacy.cells (and the workbook writer,
    whose cells come from sheet_cell)."""
    offenders = []
    for path in sorted((REPO / folder).rglob("*.py")):
        if path.name == "cells.py" and path.parent.name == "privacy":
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\.to_csv\(", r"csv\.writer\(", r"\.to_excel\(", r"spreadsheet_safe\("):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(REPO)}: {pattern}")
    assert offenders == []
