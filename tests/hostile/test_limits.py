"""The reader's limits: upload size and rows from the environment, zip guards before openpyxl."""
from __future__ import annotations

import time

import pytest

from listening.ingest.notes import split_units
from listening.ingest.read import list_sheets, max_table_rows, max_upload_bytes, read_path, read_table
from listening.types import InputError

from . import files as F


def test_upload_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("LISTENING_MAX_UPLOAD_MB", raising=False)
    assert max_upload_bytes() == 200_000_000
    monkeypatch.setenv("LISTENING_MAX_UPLOAD_MB", "0.5")
    assert max_upload_bytes() == 500_000
    with pytest.raises(InputError) as err:
        read_table(b"id,text\n" + b"1,abc\n" * 100_000, "a.csv")
    assert err.value.code == "file_too_large" and err.value.params["limit_mb"] == "0"
    for bad in ("lots", "-3", "0"):  # a mistyped setting falls back instead of breaking uploads
        monkeypatch.setenv("LISTENING_MAX_UPLOAD_MB", bad)
        assert max_upload_bytes() == 200_000_000


def test_read_path_checks_the_size_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    with open(path, "wb") as f:
        f.write(b"id,text\n1,a\n")
        f.truncate(3_000_000)
    monkeypatch.setenv("LISTENING_MAX_UPLOAD_MB", "2")
    with pytest.raises(InputError) as err:
        read_path(path)
    assert err.value.code == "file_too_large" and err.value.file == "big.csv"


def test_row_limit_counts_data_rows_and_ignores_trailing_blank_ones(monkeypatch):
    monkeypatch.setenv("LISTENING_MAX_ROWS", "3")
    assert max_table_rows() == 3
    assert read_table(b"id,text\n1,a\n2,b\n3,c\n,\n,\n\n", "a.csv").frame.shape == (3, 2)
    with pytest.raises(InputError) as err:
        read_table(b"id,text\n1,a\n2,b\n3,c\n4,d\n", "a.csv")
    assert (err.value.code, err.value.row, err.value.params) == ("too_many_rows", 5, {"limit": 3})
    assert read_table(b"id,text\n1,a\n2,b\n3,c\n4,d\n", "a.csv", max_rows=4).frame.shape == (4, 2)


def test_listing_sheets_of_a_zip_bomb_does_not_open_it(tmp_path):
    path = tmp_path / "bomb.xlsx"
    F.zip_bomb(path, 40)
    data = path.read_bytes()
    assert len(data) < 300_000
    for call in (lambda: list_sheets(data, "bomb.xlsx"), lambda: read_table(data, "bomb.xlsx")):
        start = time.perf_counter()
        with pytest.raises(InputError) as err:
            call()
        assert err.value.code == "workbook_zip_bomb" and err.value.params["ratio"] > 200
        assert time.perf_counter() - start < 1.0


def test_a_far_cell_names_its_column_without_widening_every_row():
    sheet = F.sheet_xml(f'<row r="1">{F.cell("A1", "ID")}{F.cell("B1", "意見")}</row>'
                        f'<row r="2">{F.cell("A2", "1")}{F.cell("B2", "公園")}{F.cell("XFD2", "x")}</row>')
    table = read_table(F.with_sheet(sheet), "far.xlsx")
    assert list(table.frame.columns) == ["ID", "意見", "列16384"]
    assert table.frame.iloc[0].tolist() == ["1", "公園", "x"]


@pytest.mark.parametrize("line", [
    "#" + " " * 100_000,  # title pattern backtracked over the spaces
    "key: a" + " " * 100_000 + "b",  # header value pattern, the same
    "-" * 50_000 + "x",  # table-rule pattern: minutes
    "_a " * 100_000, "[" * 100_000, "[a](" * 100_000, "<!--" * 100_000, "<http://" * 100_000,
])
def test_note_lines_that_took_seconds_to_minutes_take_moments(line):
    start = time.perf_counter()
    table = read_table(f"# メモ\n{line}\n- 公園の話。\n".encode(), "n.md")
    assert time.perf_counter() - start < 2.0
    assert table.frame["body"].str.contains("公園の話").all()


def test_a_bracket_left_open_over_many_lines_is_joined_in_linear_time():
    start = time.perf_counter()
    units = split_units("（開いたまま\n" + "続き\n" * 50_000 + "\n- 次の意見。")
    assert time.perf_counter() - start < 2.0
    assert units[-1] == "次の意見。" and units[0].startswith("（開いたまま続き続き")
