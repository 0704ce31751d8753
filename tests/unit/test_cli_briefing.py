"""The CLI's words for opinion groups: name and sentence columns in clusters.csv, and the briefing command."""
from __future__ import annotations

import re
import sqlite3

import pandas as pd
import pytest

from listening.auth.access import LOCAL_STAFF
from listening.cli.main import build_parser, main
from listening.cli.outputs import write_outputs
from listening.workspace import open_workspace


def test_clusters_csv_has_the_name_and_the_sentence_of_each_group(ja_analysed, tmp_path):
    write_outputs(ja_analysed.analysis, tmp_path)
    clusters = pd.read_csv(tmp_path / "clusters.csv", dtype=str, keep_default_na=False)
    assert ["label", "name"] == [c for c in clusters.columns if c in ("label", "name")]
    assert {"summary_id", "summary"} <= set(clusters.columns)
    answers = pd.read_csv(tmp_path / "answers.csv", dtype=str, keep_default_na=False)
    texts = dict(zip(answers["answer_id"], answers["text"]))
    assert clusters["name"].str.len().gt(0).all()
    for row in clusters.itertuples():
        assert row.summary in texts[row.summary_id]
    for level in ("theme", "topic"):
        assert clusters.loc[clusters["level"] == level, "name"].is_unique


@pytest.fixture(scope="module")
def copy_db(ja_analysed, tmp_path_factory) -> str:
    """A copy of the shared analysed store: briefings are audited, and other tests read its log."""
    path = tmp_path_factory.mktemp("briefing") / "copy.db"
    with sqlite3.connect(path) as target:
        ja_analysed.store._conn.backup(target)
    return str(path)


def test_briefing_writes_one_printable_file(ja_analysed, copy_db, tmp_path, capsys):
    dataset = ja_analysed.analysis.info.dataset
    code = main(["briefing", "--dataset", dataset, "--by", "年代", "--by", "校区", "--out", str(tmp_path),
                 "--db", copy_db])
    assert code == 0
    html = (tmp_path / "briefing.html").read_text(encoding="utf-8")
    assert "委員会向けまとめ" in html and "共通の関心: 年代" in html and "意見が分かれる点: 校区" in html
    assert "人がこのような意見を寄せています" in html
    with open_workspace(copy_db, LOCAL_STAFF) as ws:  # the latest run: other tests add runs to the shared store
        latest = ws.curated_analysis(ws.latest_run(ws.dataset_id(dataset)))
    names = latest.clusters.query("level == 'theme'")["name"]
    assert len(names) and all(n in html for n in names)
    assert "internal briefing (ja)" in capsys.readouterr().err


def test_the_public_briefing_has_no_answer_ids(ja_analysed, copy_db, tmp_path):
    dataset = ja_analysed.analysis.info.dataset
    assert main(["briefing", "--dataset", dataset, "--by", "年代", "--out", str(tmp_path), "--public",
                 "--lang", "en", "--db", copy_db]) == 0
    html = (tmp_path / "briefing.html").read_text(encoding="utf-8")
    assert "Public version" in html and "Committee briefing" in html
    ids = set(ja_analysed.analysis.answers["answer_id"].astype(str))
    assert not any(i in html for i in ids if re.search(r"\d", i))


@pytest.mark.parametrize("args, message", [
    (["--dataset", "nope", "--out", "x"], "no dataset named 'nope'"),
    (["--by", "地区", "--out", "x"], "unknown attribute(s) 地区"),
])
def test_briefing_names_what_is_wrong(ja_analysed, copy_db, args, message, capsys):
    if "--dataset" not in args:
        args = ["--dataset", ja_analysed.analysis.info.dataset, *args]
    assert main(["briefing", *args, "--db", copy_db]) == 2
    assert message in capsys.readouterr().err


def test_every_briefing_option_has_help():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    parser = sub.choices["briefing"]
    assert parser.description
    for action in parser._actions:
        if action.dest != "help":
            assert action.help, action.dest


def test_the_workspace_logs_each_briefing_with_its_audience(ja_analysed, copy_db):
    from listening.auth import User
    from listening.briefing import BriefingOptions
    from listening.store import Store
    from listening.workspace import Workspace

    analysis = ja_analysed.analysis
    with Store(copy_db) as store:
        committee = Workspace(store, User("委員A", "committee"))
        for audience in ("internal", "public"):  # committee members view, and may take public exports
            briefing = committee.briefing(analysis, BriefingOptions(audience=audience, by=("年代",)))
            assert briefing.options.audience == audience and briefing.themes
        log = store.audit_log(analysis.dataset_id)
        mine = log[(log["action"] == "briefing") & (log["user"] == "委員A")]
    assert [d["audience"] for d in mine["detail"]] == ["internal", "public"]
