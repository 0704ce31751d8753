"""A wave's date, name and column mapping, its place among the waves, correcting it after import,
the import's bad-byte line, error lines that name the file once, and which duplicates are suspicious."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from listening.auth import AccessDenied, User
from listening.ingest import (
    batch_name_for,
    carry_mapping,
    date_from_filename,
    read_path,
    read_table,
    suggest_wave_date,
    waves_not_before,
)
from listening.messages import describe_error
from listening.types import InputError
from listening.waves import duplicate_groups, suspicious_groups
from listening.workspace import open_workspace

ROOT = Path(__file__).resolve().parents[2]
FUKUI = ROOT / ".." / "shared" / "data" / "fukui_survey"
STAFF, COMMITTEE = User("職員", "staff", "password"), User("委員", "committee", "password")


# ---- the wave's date -------------------------------------------------------------------------
def test_the_wave_date_is_the_median_answer_date_of_the_date_column_not_today():
    frame = pd.DataFrame({"回答日時": ["2025-10-01 09:00", "2025-10-12 10:00", "2025-10-13 11:00",
                                      "2025-10-30 08:00", "2025-11-01 00:10"],
                          "意見": ["a", "b", "c", "d", "e"]})
    found = suggest_wave_date(frame, "export.csv", today=date(2026, 1, 5))
    assert (found.date, found.source, found.column) == (date(2025, 10, 13), "column", "回答日時")
    assert (found.first, found.last, found.n_dates) == (date(2025, 10, 1), date(2025, 11, 1), 5)


def test_japanese_written_dates_in_a_column_are_read():
    frame = pd.DataFrame({"回答日": ["2025年10月3日", "2025年10月5日", "2025年10月9日"]})
    assert suggest_wave_date(frame, "x.csv").date == date(2025, 10, 5)


@pytest.mark.skipif(not FUKUI.exists(), reason="shared Fukui survey not present")
def test_a_real_monthly_export_is_dated_inside_its_month():
    table = read_path(FUKUI / "202502.csv")
    found = suggest_wave_date(table.frame, table.filename, today=date(2030, 1, 1))
    assert found.source == "column" and found.column == "回答日時"
    assert (found.date.year, found.date.month) == (2025, 2)
    assert (found.first, found.last) == (date(2025, 2, 1), date(2025, 2, 28))


@pytest.mark.parametrize(("name", "expected"), [
    ("202510.csv", date(2025, 10, 1)), ("survey_2025-10.xlsx", date(2025, 10, 1)),
    ("アンケート2025年10月.csv", date(2025, 10, 1)), ("설문 2025년 3월.csv", date(2025, 3, 1)),
    ("visit_20251015.csv", date(2025, 10, 15)), ("2025_10_15.csv", date(2025, 10, 15)),
])
def test_the_file_name_gives_the_date_when_no_column_does(name, expected):
    assert date_from_filename(name) == expected
    found = suggest_wave_date(pd.DataFrame({"意見": ["駅前が暗い"]}), name, today=date(2030, 1, 1))
    assert (found.date, found.source) == (expected, "filename")


@pytest.mark.parametrize("name", ["survey.csv", "id_123456.csv", "202513.csv", "18991231.csv", "1202510.csv"])
def test_names_without_a_real_date_fall_back_to_today(name):
    found = suggest_wave_date(pd.DataFrame({"意見": ["駅前が暗い"]}), name, today=date(2030, 1, 1))
    assert (found.date, found.source) == (date(2030, 1, 1), "today")


def test_a_column_of_mostly_non_dates_is_not_trusted():
    frame = pd.DataFrame({"日付メモ": ["朝", "昼", "夜", "2025-10-01"]})
    assert suggest_wave_date(frame, "202509.csv").source == "filename"


def test_batches_are_named_after_their_month_in_each_language():
    when = date(2025, 10, 13)
    assert [batch_name_for(when, lang) for lang in ("ja", "ko", "en")] == ["2025年10月", "2025년 10월", "October 2025"]


def test_a_new_wave_on_or_before_a_stored_one_is_reported():
    stored = ["2025-10-15", "2025-11-14", None, "garbage"]
    assert waves_not_before(stored, date(2025, 12, 1)) == []
    assert waves_not_before(stored, date(2025, 11, 14)) == [date(2025, 11, 14)]
    assert waves_not_before(stored, date(2025, 10, 1)) == [date(2025, 11, 14), date(2025, 10, 15)]


# ---- the previous batch's columns ----------------------------------------------------------
def test_the_previous_mapping_carries_over_when_its_text_columns_are_there():
    previous = {"text": ["問1", "問2"], "id": "回答ID", "attributes": ["年代", "校区"], "lang": "auto"}
    assert carry_mapping(previous, ["回答ID", "問1", "問2", "年代"]) == {
        "text": ["問1", "問2"], "id": "回答ID", "attributes": ["年代"]}
    assert carry_mapping(previous, ["問1", "年代"]) is None, "another layout: guess again"
    assert carry_mapping({"text": []}, ["問1"]) is None


# ---- correcting a batch after import --------------------------------------------------------
def _store_with_a_batch(path: Path) -> int:
    with open_workspace(path, STAFF) as ws:
        from listening.analysis import ColumnChoice

        data = "ID,意見\n1,駅前が暗いので街灯を増やしてほしい\n2,公園のトイレをきれいにしてほしい\n".encode()
        return ws.import_file("市民アンケート", data, "survey.csv", ColumnChoice(text=("意見",), id="ID"),
                              batch_name="survey.csv", collected_on="2026-01-05").batch_id


def test_staff_correct_a_batch_name_and_date_and_the_log_keeps_old_and_new(tmp_path):
    db = tmp_path / "s.db"
    batch = _store_with_a_batch(db)
    with open_workspace(db, STAFF) as ws:
        now = ws.correct_batch(batch, name=" 2025年10月 ", collected_on="2025-10-13")
        dataset = now["dataset_id"]
        stored = ws.batches(dataset).iloc[0]
        log = ws.audit_log()
    assert (now["name"], now["collected_on"]) == ("2025年10月", "2025-10-13")
    assert (stored["name"], stored["collected_on"]) == ("2025年10月", "2025-10-13")
    entry = log[log["action"] == "correct_batch"].iloc[0]
    detail = str(entry.to_dict())
    assert all(v in detail for v in ("survey.csv", "2025年10月", "2026-01-05", "2025-10-13"))


def test_committee_members_cannot_correct_a_batch_and_bad_dates_are_refused(tmp_path):
    db = tmp_path / "s.db"
    batch = _store_with_a_batch(db)
    with open_workspace(db, COMMITTEE) as ws, pytest.raises(AccessDenied):
        ws.correct_batch(batch, name="x")
    with open_workspace(db, STAFF) as ws:
        with pytest.raises(ValueError):
            ws.correct_batch(batch, collected_on="13/10/2025")
        with pytest.raises(ValueError):
            ws.correct_batch(batch, name="  ")
        assert ws.batches(int(ws.datasets()["id"].iloc[0]))["name"].iloc[0] == "survey.csv"


# ---- reading errors ----------------------------------------------------------------------------
def _cp932_with_a_bad_byte_on_line(line: int) -> bytes:
    rows = ["回答者,年代,意見", "1,30代,駅前の駐輪場が足りないと思います", "2,40代,公園のトイレを綺麗にしてほしい",
            "3,50代,バスの本数を増やしてください"]
    lines = ("\r\n".join(rows) + "\r\n").encode("cp932").split(b"\r\n")
    lines[line - 1] = lines[line - 1][:2] + b"\x85\x40" + lines[line - 1][2:]  # 0x85: no character in CP932
    return b"\r\n".join(lines)


@pytest.mark.parametrize("line", [2, 3, 4])
def test_a_cp932_file_with_a_bad_byte_is_reported_at_that_line(line):
    with pytest.raises(InputError) as caught:
        read_table(_cp932_with_a_bad_byte_on_line(line), "回答.csv")
    err = caught.value
    assert err.code == "invalid_bytes" and err.params["line"] == line
    assert f"{line} 行目" in describe_error(err, "ja") and "Shift_JIS" in describe_error(err, "ja")
    assert f"line {line}" in describe_error(err, "en")


def test_an_error_line_under_a_sentence_naming_the_file_does_not_name_it_again():
    err = InputError("this row has 4 fields but the header has 2.", file="回答.csv", row=12, code="too_many_fields",
                     params={"fields": 4, "width": 2, "delimiter": "','"})
    assert describe_error(err, "ja").count("回答.csv") == 1
    assert "回答.csv" not in describe_error(err, "ja", with_file=False)
    assert describe_error(err, "ja", with_file=False).startswith("12行目：")
    assert describe_error(err, "en", with_file=False).startswith("row 12: ")


# ---- which duplicates are worth a look -----------------------------------------------------------
EVERYDAY = (["食べ物が美味しい"] * 10 + ["駐車場"] * 8
            + ["食べ物が美味しいし景色もいい", "駐車場が狭い", "駐車場が少ない", "駐車場をもっと広く", "食べ物が美味しい店が多い",
               "地元の食べ物が美味しい", "駅の駐車場が遠い", "美味しい食べ物が多い", "駐車場の案内がほしい"])


def test_short_everyday_answers_from_many_people_are_not_suspicious_duplicates():
    groups = duplicate_groups(EVERYDAY, None)
    assert groups["group"].nunique() == 2
    assert suspicious_groups(groups, EVERYDAY).empty


def test_a_rare_short_slogan_or_a_long_copied_sentence_stays_suspicious():
    slogan, long = "市長リコール反対", "駅前の駐輪場が足りないので、もっと増やしてほしい"
    texts = EVERYDAY + [slogan] * 6 + [long] * 3
    kept = suspicious_groups(duplicate_groups(texts, None), texts)
    assert {texts[p] for p in kept["position"]} == {slogan, long}
    assert kept.groupby("group").size().sort_values().tolist() == [3, 6]
