"""The committee briefing travels with every export (briefing.html beside the report); a public
one prints only counts the release's one disclosure check has checked, and is part of the release record."""
from __future__ import annotations

import dataclasses

from listening.analysis.pipeline import load_analysis
from listening.auth import User
from listening.briefing import MARKS, SECONDARY, SUPPRESSED, render_briefing
from listening.cli.main import main
from listening.export import ExportOptions, build_export, release_cells, write_exports
from listening.export.briefing import briefing_cells
from listening.store import Store
from listening.workspace import Workspace
from tests.unit.test_release_disclosure import OPTIONS, crafted

STAFF = User("職員", "staff", "password")


def test_the_public_briefing_shows_no_count_under_five_in_clear():
    data = build_export(crafted(), OPTIONS)
    printed = briefing_cells(data.briefing)
    counts = [v for v in printed.values() if isinstance(v, int)]
    assert counts and all(v == 0 or v >= 5 for v in counts)
    # 北区, where three people live, is a mark, as in the report's crosstab.
    assert printed["briefing 地区: 北区"] == SUPPRESSED == data.crosstabs["地区"].at["total", "北区"]
    assert printed["briefing 地区: 南区"] == SECONDARY == data.crosstabs["地区"].at["total", "南区"]
    # Theme sizes are the report's, and no number of people (not a checked count) is printed.
    assert {c.name: c.size for c in data.briefing.themes} == dict(zip(data.themes["label"], data.themes["size"]))
    assert all(c.respondents in MARKS for c in data.briefing.themes)
    assert data.briefing.meta["n_respondents"] is None and data.briefing.waves is None
    html = render_briefing(data.briefing)
    assert "R001" not in html and "回答ID" not in html  # no ids
    assert "127件の回答を" in html


def test_a_public_briefing_speaks_only_of_themes_whose_every_cell_is_printed():
    data = build_export(crafted(), OPTIONS)
    table = data.crosstabs["地区"]
    section = next(s for s in data.briefing.sections if s.attribute == "地区")
    spoken = [g.name for g in section.common] + [d.name for d in section.divides]
    for name in spoken:
        row = table.loc[name, [v for v in section.sizes]]
        assert not any(isinstance(v, str) for v in row)
        assert row.sum() > 0
    assert "交通" not in spoken and "子育て" not in spoken  # rows holding a hidden cell


def test_a_public_briefing_quotes_only_published_topics():
    data = build_export(crafted(), dataclasses.replace(OPTIONS, topics=(0, 2)))
    quotes = [q.text for c in data.briefing.themes for q in ([c.summary] if c.summary else []) + c.quotes]
    assert quotes and all(q.startswith(("バスの本数", "保育園")) for q in quotes)
    topics = {name for c in data.briefing.themes for name in c.topics}
    assert topics == {"バスの本数", "保育園"}


def test_an_internal_export_writes_the_briefing_with_answer_ids(tmp_path):
    data = build_export(crafted(), dataclasses.replace(OPTIONS, audience="internal"))
    assert data.briefing.meta["n_respondents"] == 127
    written = write_exports(data, tmp_path)
    assert tmp_path / "briefing.html" in written
    assert "R001:1" in (tmp_path / "briefing.html").read_text(encoding="utf-8")
    without = build_export(crafted(), dataclasses.replace(OPTIONS, briefing=False))
    assert without.briefing is None and "briefing" not in release_cells(without)


def test_the_public_briefing_is_part_of_the_release_record(tmp_path, sample_slice):
    survey = tmp_path / "survey.csv"
    survey.write_bytes(sample_slice("ja", 120))
    db = tmp_path / "s.db"
    assert main(["analyze", str(survey), "--text", "問1 暮らしの中で困っていること・課題", "--id", "回答ID",
                 "--attr", "年代", "--attr", "校区", "--themes", "3", "--topics", "6", "--out", str(tmp_path / "a"),
                 "--db", str(db)]) == 0
    with Store(db) as store:
        dataset = store.dataset_id("survey")
        ws = Workspace(store, STAFF)
        analysis = ws.curated_analysis(store.latest_run(dataset), base=load_analysis(store, store.latest_run(dataset)))
        data = ws.export(analysis, ExportOptions(audience="public", crosstabs=("年代", "校区")))
        assert data.briefing is not None and data.briefing.options.audience == "public"
        cells = release_cells(data)
        ws.record_release(analysis, data)
        recorded = store.list_releases(dataset)[-1]["cells"]
    assert recorded["briefing"] == cells["briefing"]
    printed = briefing_cells(data.briefing)
    assert all(v == 0 or v >= 5 for v in printed.values() if isinstance(v, int))
    out = write_exports(data, tmp_path / "public")
    html = (tmp_path / "public" / "briefing.html").read_text(encoding="utf-8")
    assert tmp_path / "public" / "briefing.html" in out
    assert not any(str(a) in html for a in analysis.answers["answer_id"].astype(str) if len(str(a)) > 3)
