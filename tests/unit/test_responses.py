"""The public-comment response table: rows from the curated analysis, staff edits, checks and files."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from listening.analysis import ColumnChoice
from listening.auth import LOCAL_STAFF, AccessDenied, User
from listening.cli.main import main
from listening.responses import format_numbers
from listening.types import InputError
from listening.workspace import ResponsesNotReady, open_workspace

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
COLUMNS = {"ja": ColumnChoice(text=("意見",), id="提出者番号", attributes=("提出方法", "該当箇所")),
           "ko": ColumnChoice(text=("의견",), id="제출자 번호", attributes=("제출 방법", "해당 부분"))}
DATASET = {"ja": "ビジョン案への意見", "ko": "비전안 의견"}
COMMITTEE = User("委員", "committee", "password")
HOSTILE = '=HYPERLINK("http://evil.example","x") <script>alert(1)</script>'


def _analysed(tmp_path_factory, lang: str) -> Path:
    path = tmp_path_factory.mktemp(f"pc_{lang}") / "pc.db"
    with open_workspace(path, LOCAL_STAFF) as ws:
        data = (SAMPLE / f"public_comment_{lang}.csv").read_bytes()
        imported = ws.import_file(DATASET[lang], data, f"public_comment_{lang}.csv", COLUMNS[lang])
        ws.analyze(imported.dataset_id)
    return path  # closed: the last connection folds the write-ahead log into the file, so it copies whole


@pytest.fixture(scope="module")
def ja_db(tmp_path_factory) -> Path:
    return _analysed(tmp_path_factory, "ja")


@pytest.fixture()
def copy_db(ja_db, tmp_path) -> Path:
    path = tmp_path / "copy.db"
    shutil.copy(ja_db, path)
    return path


@pytest.fixture()
def staff(copy_db):
    with open_workspace(copy_db, User("職員A", "staff", "password")) as ws:
        yield ws, ws.dataset_id(DATASET["ja"])


def test_every_opinion_is_in_exactly_one_row_numbered_in_the_order_received(staff):
    ws, dataset = staff
    table = ws.response_table(dataset)
    placed = [a for r in table.rows for a in r.answer_ids]
    assert sorted(placed) == sorted(table.opinions["answer_id"]) and len(set(placed)) == len(placed)
    assert table.opinions["number"].tolist() == list(range(1, len(table.opinions) + 1))
    assert [r.number for r in table.rows] == list(range(1, len(table.rows) + 1))
    assert table.n_respondents == 203  # submitters, not opinions: several opinions per person count once
    for r in table.rows:
        respondents = {a.split(":")[0].split("-")[0] for a in r.answer_ids}
        assert r.count == len(respondents) and r.prefill and r.item
    assert table.progress() == {"rows": len(table.rows), "answered": 0, "approved": 0, "changed": 0}
    assert not [c for c in ws.export_responses(dataset, "html", public=False).checks if c.error]


def test_staff_write_approve_and_undo_responses_and_every_change_is_audited(staff):
    ws, dataset = staff
    first = ws.response_table(dataset).rows[0]
    ws.edit_response(dataset, first.key, response="計画に反映します。", disposition="反映する")
    ws.edit_response(dataset, first.key, status="approved")
    row = ws.response_table(dataset).row(first.key)
    assert (row.response, row.disposition, row.approved, row.edited_by) == ("計画に反映します。", "反映する", True, "職員A")
    assert ws.response_table(dataset).progress()["approved"] == 1
    ws.undo_response(dataset)
    assert not ws.response_table(dataset).row(first.key).approved
    assert ws.response_table(dataset).row(first.key).response == "計画に反映します。"
    with pytest.raises(ValueError, match="disposition"):
        ws.edit_response(dataset, first.key, disposition="検討中かも")
    log = ws.audit_log(dataset)
    assert log["action"].tolist().count("response_edit") == 2 and "response_undo" in log["action"].tolist()


def test_committee_members_read_the_table_but_cannot_write_it(copy_db):
    with open_workspace(copy_db, COMMITTEE) as committee:
        dataset = committee.dataset_id(DATASET["ja"])
        key = committee.response_table(dataset).rows[0].key
        for attempt in (lambda: committee.edit_response(dataset, key, response="x"),
                        lambda: committee.undo_response(dataset),
                        lambda: committee.export_responses(dataset, "xlsx", public=False)):
            with pytest.raises(AccessDenied):
                attempt()
        assert committee.response_history(dataset).empty


def test_identical_submissions_counted_once_show_as_the_same_content(staff):
    ws, dataset = staff
    table = ws.response_table(dataset)
    campaign = table.opinions[table.opinions["text"].str.startswith("市民プールの存続を強く求めます")]
    assert len(campaign) == 24
    keep, *others = campaign["answer_id"].tolist()
    ws.exclude_answers(ws.latest_run(dataset), others, "重複")
    after = ws.response_table(dataset)
    row = next(r for r in after.rows if keep in r.answer_ids)
    before = table.row(row.key)
    assert row.n_same == 23 and row.count == before.count - 23
    assert set(others) <= set(row.answer_ids)  # their numbers stay listed under the row
    assert "ほか同趣旨 23件" in ws.export_responses(dataset, "html", public=False).data.decode()


def test_a_response_whose_opinions_change_is_flagged_and_kept_out_of_the_public_version(staff):
    ws, dataset = staff
    table = ws.response_table(dataset)
    a, b = table.rows[0], table.rows[1]
    for row in (a, b):
        ws.edit_response(dataset, row.key, response="検討します。", disposition="今後の参考とする", status="approved")
    public = ws.export_responses(dataset, "html", public=True).data.decode()
    assert public.count("検討します。") == 2
    ws.move_answers(ws.latest_run(dataset), [a.answer_ids[0]], b.topic)
    moved = ws.response_table(dataset)
    assert moved.row(a.key).changed and moved.row(b.key).changed and not moved.row(a.key).approved
    assert moved.row(a.key).response == "検討します。"  # kept, never dropped
    with pytest.raises(ResponsesNotReady, match="changed"):
        ws.export_responses(dataset, "html", public=True, include_drafts=True)
    ws.edit_response(dataset, a.key, status="approved")
    assert not ws.response_table(dataset).row(a.key).changed


def test_responses_of_a_row_that_disappears_are_kept_as_orphans_until_attached(staff):
    ws, dataset = staff
    table = ws.response_table(dataset)
    source, target = table.rows[-1], table.rows[0]
    ws.edit_response(dataset, source.key, response="別の計画で対応します。")
    ws.merge_clusters(ws.latest_run(dataset), "topic", source.topic, target.topic)
    merged = ws.response_table(dataset)
    assert [o.key for o in merged.orphans] == [source.key]
    assert merged.orphans[0].values["response"] == "別の計画で対応します。"
    ws.attach_orphan(dataset, source.key, target.key)
    attached = ws.response_table(dataset)
    assert attached.row(target.key).response == "別の計画で対応します。"
    assert not attached.orphans


def test_a_public_version_needs_approved_rows_with_responses(staff):
    ws, dataset = staff
    with pytest.raises(ResponsesNotReady, match="no rows"):
        ws.export_responses(dataset, "docx", public=True)
    key = ws.response_table(dataset).rows[0].key
    ws.edit_response(dataset, key, status="approved")
    with pytest.raises(ResponsesNotReady, match="no response"):
        ws.export_responses(dataset, "docx", public=True)


def test_xlsx_round_trip_changes_only_the_edited_cells_even_when_rows_are_reordered(staff):
    ws, dataset = staff
    table = ws.response_table(dataset)
    made = ws.export_responses(dataset, "xlsx", public=False)
    wb = load_workbook(io.BytesIO(made.data))
    sheet = wb.worksheets[0]
    header = [c.value for c in sheet[1]]
    response_col, key_col = header.index("市の考え方") + 1, header.index("行キー") + 1
    assert sheet.column_dimensions[sheet.cell(1, key_col).column_letter].hidden
    target = table.rows[2]
    # Staff sort the sheet the other way round, then write two responses, one of them hostile.
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    for i, row in enumerate(reversed(values), start=2):
        for j, value in enumerate(row, start=1):
            sheet.cell(i, j).value = value
    for i in range(2, sheet.max_row + 1):
        if sheet.cell(i, key_col).value == target.key:
            sheet.cell(i, response_col).value = "地域と協議して進めます。"
        if sheet.cell(i, key_col).value == table.rows[0].key:
            sheet.cell(i, response_col).value = "'" + HOSTILE  # as the formula guard writes it
    out = io.BytesIO()
    wb.save(out)
    changes = ws.import_responses(dataset, out.getvalue(), "edited.xlsx")
    assert sorted((c.key, c.field, c.value) for c in changes) == sorted(
        [(target.key, "response", "地域と協議して進めます。"), (table.rows[0].key, "response", HOSTILE)])
    after = ws.response_table(dataset)
    assert after.row(target.key).response == "地域と協議して進めます。"
    assert after.row(table.rows[0].key).response == HOSTILE
    untouched = [r for r in after.rows if r.key not in (target.key, table.rows[0].key)]
    assert all(r.response == "" and r.summary == "" for r in untouched)
    again = load_workbook(io.BytesIO(ws.export_responses(dataset, "xlsx", public=False).data)).worksheets[0]
    cells = [c.value for row in again.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert "'" + HOSTILE in cells and HOSTILE not in cells  # never stored as a live formula


def test_an_import_that_cannot_place_rows_for_sure_changes_nothing(staff):
    ws, dataset = staff
    made = ws.export_responses(dataset, "xlsx", public=False)
    wb = load_workbook(io.BytesIO(made.data))
    sheet = wb.worksheets[0]
    header = [c.value for c in sheet[1]]
    sheet.delete_cols(header.index("行キー") + 1)  # keys lost, then a row shifted up
    sheet.cell(2, header.index("項目") + 1).value = "ずれた項目"
    sheet.cell(2, header.index("市の考え方") + 1).value = "ずれた回答"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(InputError, match="rows 2"):
        ws.import_responses(dataset, out.getvalue(), "shifted.xlsx")
    assert ws.response_history(dataset).empty


def test_docx_holds_every_row_count_and_response_on_a4_with_a_repeated_header(staff):
    ws, dataset = staff
    table = ws.response_table(dataset)
    for r in table.rows:
        ws.edit_response(dataset, r.key, response=f"回答{r.number}：" + HOSTILE, status="approved")
    made = ws.export_responses(dataset, "docx", public=True)
    doc = Document(io.BytesIO(made.data))
    section = doc.sections[0]
    assert {round(section.page_width.mm), round(section.page_height.mm)} == {297, 210}
    grid, appendix = doc.tables
    assert grid.rows[0]._tr.trPr.xpath("./w:tblHeader")
    body = [[c.text for c in row.cells] for row in grid.rows[1:]]
    assert len(body) == len(table.rows)
    for r, cells in zip(table.rows, body):
        assert cells[0] == str(r.number) and cells[3].startswith(f"{r.count}件")
        assert cells[5] == f"回答{r.number}：" + HOSTILE
        assert cells[4] == format_numbers(r.answer_numbers)
    assert len(appendix.rows) - 1 == len(table.opinions)
    assert "PAGE" in section.footer._element.xml


def test_html_is_self_contained_and_keeps_markup_inert(staff):
    ws, dataset = staff
    key = ws.response_table(dataset).rows[0].key
    ws.edit_response(dataset, key, response=HOSTILE + "\u202e", status="approved")
    page = ws.export_responses(dataset, "html", public=True).data.decode()
    assert "<script>" not in page and "&lt;script&gt;" in page and "\u202e" not in page
    assert "Content-Security-Policy" in page and "http-equiv" in page


def test_korean_public_comment_gets_the_korean_column_set(tmp_path_factory, tmp_path):
    path = _analysed(tmp_path_factory, "ko")
    with open_workspace(path, LOCAL_STAFF) as ws:
        dataset = ws.dataset_id(DATASET["ko"])
        table = ws.response_table(dataset)
        assert table.language == "ko" and table.dispositions[0] == "수용"
        page = ws.export_responses(dataset, "html", public=False).data.decode()
        assert "의견 요지" in page and "검토 의견" in page and "반영 여부" in page


def test_cli_exports_and_imports_the_table(ja_db, tmp_path, capsys):
    db = tmp_path / "cli.db"
    shutil.copy(ja_db, db)
    out = tmp_path / "out"
    assert main(["responses", "export", "--dataset", DATASET["ja"], "--out", str(out), "--db", str(db)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "responses_internal.docx", "responses_internal.html", "responses_internal.xlsx"]
    assert main(["responses", "export", "--public", "--dataset", DATASET["ja"], "--out", str(out),
                 "--db", str(db)]) == 2
    assert "no rows to publish" in capsys.readouterr().err
    assert main(["responses", "import", str(out / "responses_internal.xlsx"), "--dataset", DATASET["ja"],
                 "--db", str(db)]) == 0
    assert "0 cells changed" in capsys.readouterr().out


def test_the_public_version_prints_no_attribute_of_a_person_so_its_counts_are_printed_as_they_are(staff):
    """Small counts are hidden where attributes are printed beside them (listening.export.protect). The
    public table prints none (how an opinion came in stays internal) and lists every opinion of a row
    in full, so a "<5" would hide nothing a reader cannot count: each row shows its count as it is."""
    ws, dataset = staff
    table = ws.response_table(dataset)
    for r in table.rows:
        ws.edit_response(dataset, r.key, response="検討します。", disposition="今後の参考とする", status="approved")
    book = load_workbook(io.BytesIO(ws.export_responses(dataset, "xlsx", public=True).data))
    cells = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    how = {"ファクス", "窓口持参", "郵送", "電子メール", "電子申請"}
    assert not how & set(cells) and not [c for c in cells if isinstance(c, str) and "<5" in c]
    assert [c.value for c in book.worksheets[1][1]] == ["意見番号", "意見の全文", "行"]
    counts = [row[3].value for row in book.worksheets[0].iter_rows(min_row=2)]
    assert [c.split("件")[0] for c in counts] == [str(r.count) for r in table.rows]
