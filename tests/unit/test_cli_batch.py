"""`batch add` dates a wave the way the Data page does: from the answers, else the file name; and it warns when a
wave lands before one already stored."""
from __future__ import annotations

import io

import pandas as pd

from listening.cli.main import main
from listening.workspace import open_store

QUESTION = "問1 暮らしの中で困っていること・課題"


def _slice(sample_slice, start: int, stop: int, drop_dates: bool = False) -> bytes:
    frame = pd.read_csv(io.BytesIO(sample_slice("ja", stop)), encoding="cp932", dtype=str, keep_default_na=False)
    frame = frame.iloc[start:stop]
    if drop_dates:
        frame = frame.drop(columns=["回答日"])
    return frame.to_csv(index=False, lineterminator="\r\n").encode("cp932")


def test_batch_add_dates_waves_from_their_answers_or_file_name_and_warns_when_one_comes_before(
        tmp_path, sample_slice, capsys):
    db = tmp_path / "s.db"
    first = tmp_path / "survey.csv"
    first.write_bytes(_slice(sample_slice, 0, 60))
    common = ["--dataset", "調査", "--text", QUESTION, "--id", "回答ID", "--attr", "年代", "--db", str(db)]
    assert main(["batch", "add", str(first), "--out", str(tmp_path / "w1"), *common]) == 0
    said = capsys.readouterr()
    assert "wave date 2025-05-01 (median answer date" in said.out

    older = tmp_path / "survey_202401.csv"  # no date column: the month in the name
    older.write_bytes(_slice(sample_slice, 60, 120, drop_dates=True))
    assert main(["batch", "add", "--out", str(tmp_path / "w2"), *common, str(older)]) == 0
    said = capsys.readouterr()
    assert "wave date 2024-01-01 (from the file name" in said.out
    assert "a wave dated 2025-05-01 is already stored" in said.err

    with open_store(db) as store:
        dates = sorted(store.list_batches(store.dataset_id("調査"))["collected_on"])
    assert dates == ["2024-01-01", "2025-05-01"]
