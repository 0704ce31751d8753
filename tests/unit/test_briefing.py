"""The committee briefing on a crafted analysis: what it says, and what its public version hides."""
from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from listening.analysis import Analysis, RunInfo
from listening.briefing import (
    MARKS,
    SECONDARY,
    SUPPRESSED,
    BriefingOptions,
    build_briefing,
    render_briefing,
    write_briefing,
)
from listening.i18n import STRINGS
from listening.views import TOTAL_LABEL

BUS = ["バスの本数が少なくて通院に困っています。", "朝のバスの本数をもっと増やしてほしい。", "バスの本数が少ないので車が手放せない。"]
PARK = ["公園の遊具が古くて危ないと思います。", "公園にもっと木陰とベンチがほしいです。", "公園の遊具を新しくしてください。"]
SHOP = ["近所の商店街に活気がなくて寂しい。", "商店街の空き店舗を活用してほしい。"]


def crafted() -> Analysis:
    """Theme 0 (bus, topic 0) told mostly by older people; theme 1 (parks, topic 1) by everyone
    alike; theme 2 (shops, topic 2) by only 3 people. Two batches; one respondent per answer."""
    rows = []

    def add(texts, n, theme, topic, age, batch):
        for i in range(n):
            k = len(rows)
            rows.append({"answer_id": f"R{k:04d}", "respondent_id": f"P{k:04d}", "text": texts[i % len(texts)],
                         "language": "ja", "theme": theme, "topic": topic, "年代": age, "batch_id": batch,
                         "confidence": 1.0 - (i % 7) / 10, "question": "問1", "source": "survey"})

    add(BUS, 36, 0, 0, "70代", 1), add(BUS, 4, 0, 0, "20代", 1), add(BUS, 20, 0, 0, "70代", 2)
    add(PARK, 20, 1, 1, "70代", 1), add(PARK, 20, 1, 1, "20代", 1), add(PARK, 16, 1, 1, "20代", 2)
    add(SHOP, 3, 2, 2, "20代", 1)
    answers = pd.DataFrame(rows)
    answers.loc[answers["answer_id"] == "R0001", "text"] = "<script>alert(1)</script>バスが来ない。"
    names = {0: "バスの本数が少ない", 1: "公園の遊具、ベンチ", 2: "商店街、空き店舗"}
    keywords = {0: ["バス", "本数"], 1: ["公園", "遊具"], 2: ["商店街"]}
    for level in ("theme", "topic"):
        answers[f"{level}_label"] = answers[level].map({k: " / ".join(v) for k, v in keywords.items()})
    clusters = []
    for level in ("theme", "topic"):
        for cid in range(3):
            members = answers[answers[level] == cid]
            clusters.append({"level": level, "cluster_id": cid, "parent": None if level == "theme" else cid,
                             "size": len(members), "label": " / ".join(keywords[cid]), "keywords": keywords[cid],
                             "representatives": members["answer_id"].head(5).tolist(), "name": names[cid],
                             "names": {"ja": [names[cid]]}, "summary_id": members["answer_id"].iloc[0],
                             "summary": members["text"].iloc[0]})
    clusters = pd.DataFrame(clusters)
    clusters["parent"] = clusters["parent"].astype("Int64")
    clusters["share"] = clusters["size"] / len(answers)
    return Analysis(1, 1, answers, clusters, RunInfo(dataset="まちアンケート", created_at="2026-01-01T00:00:00+00:00"),
                    ("年代",))


BATCHES = pd.DataFrame({"id": [1, 2], "name": ["2025年春", "2025年秋"], "collected_on": ["2025-04-01", "2025-10-01"]})
GOALS = pd.DataFrame({"goal_id": ["G1", "G2", "(no goal)", TOTAL_LABEL], "name": ["移動しやすいまち", "文化のまち", "", ""],
                      "parent": [None] * 4, "depth": [1, 1, 0, 0], "count": [60, 0, 59, 119],
                      "share": [60 / 119, 0.0, 59 / 119, 1.0]})


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return crafted()


def options(**kw) -> BriefingOptions:
    return BriefingOptions(by=("年代",), min_size=20, **kw)


def test_themes_come_by_size_with_their_name_sentence_and_quotes(analysis):
    briefing = build_briefing(analysis, options(), batches=BATCHES, goals=GOALS, created_at="2026-02-01T09:00:00")
    assert [c.name for c in briefing.themes] == ["バスの本数が少ない", "公園の遊具、ベンチ", "商店街、空き店舗"]
    bus = briefing.themes[0]
    assert bus.size == 60 and bus.respondents == 60 and bus.share == pytest.approx(60 / 119)
    assert bus.summary.text == BUS[0] and bus.summary.answer_id == "R0000"
    texts = dict(zip(analysis.answers["answer_id"], analysis.answers["text"]))
    for quote in bus.quotes:
        assert quote.text in texts[quote.answer_id] and quote.text != bus.summary.text
    assert 1 <= len(bus.quotes) <= 3
    assert len({q.text for q in bus.quotes}) == len(bus.quotes)


def test_common_ground_and_the_divide_by_age_are_the_known_ones(analysis):
    briefing = build_briefing(analysis, options(), batches=BATCHES)
    section = briefing.sections[0]
    assert section.attribute == "年代" and set(section.sizes) == {"20代", "70代"}
    assert [d.name for d in section.divides][:2] == ["バスの本数が少ない", "公園の遊具、ベンチ"]
    bus = section.divides[0]
    assert bus.high == "70代" and bus.low == "20代" and bus.p_adjusted < 0.05
    assert bus.quotes and all(q.subgroup == "70代" for q in bus.quotes)
    assert section.common == [] or all(g.name != "バスの本数が少ない" for g in section.common)


def test_the_latest_wave_and_goals_nobody_speaks_to(analysis):
    briefing = build_briefing(analysis, options(), batches=BATCHES, goals=GOALS)
    assert briefing.waves.latest == "2025年秋" and briefing.waves.previous == "2025年春"
    assert briefing.waves.changes and briefing.waves.changes[0].change is not None
    assert [g.goal_id for g in briefing.quiet_goals] == ["G2"]
    assert build_briefing(analysis, options()).waves is None
    assert build_briefing(analysis, options()).quiet_goals is None


def _numbers(briefing) -> list[tuple[str, object]]:
    """Every count the briefing shows, with where it is."""
    out = [("meta." + k, briefing.meta[k]) for k in ("n_answers", "n_respondents")]
    out += [(f"theme {c.name} {f}", getattr(c, f)) for c in briefing.themes for f in ("size", "respondents")]
    for s in briefing.sections:
        out += [(f"{s.attribute} size {v}", n) for v, n in {**s.sizes, **s.excluded}.items()]
    out += [(f"goal {g.goal_id}", g.count) for g in briefing.quiet_goals or []]
    return out


def test_a_public_briefing_shows_no_count_under_five_and_no_answer_id(analysis):
    briefing = build_briefing(analysis, options(audience="public"), batches=BATCHES, goals=GOALS)
    for where, value in _numbers(briefing):
        assert value in MARKS or value >= 5, where
    shop = briefing.themes[-1]
    assert shop.size == SUPPRESSED and shop.respondents == SUPPRESSED and shop.share is None
    # Parks is the only other theme: printed, it would give the shops' count away from the total.
    park = briefing.themes[1]
    assert park.size == SECONDARY and park.respondents == SECONDARY and park.share is None
    quotes = [q for c in briefing.themes for q in [c.summary, *c.quotes] if q] + [
        q for s in briefing.sections for item in [*s.common, *s.divides] for q in item.quotes]
    assert quotes and all(q.answer_id is None for q in quotes)
    # 4 answers of people in their 20s about buses: that share is shown only as <5.
    bus = next(d for d in briefing.sections[0].divides if d.name == "バスの本数が少ない")
    assert bus.share_low == SUPPRESSED and bus.diff is None and bus.share_high != SUPPRESSED
    assert all(g.count == SUPPRESSED for g in briefing.quiet_goals if g.goal_id == "G2")
    html = render_briefing(briefing)
    assert not re.search(r"R\d{4}|P\d{4}", html), "an answer or respondent id in the public briefing"
    assert "&lt;5" in html
    assert "「x」は、合計から「&lt;5」の値を逆算できないよう伏せた値です。" in html


def test_the_internal_briefing_gives_answer_ids_and_the_number_of_people(analysis):
    html = render_briefing(build_briefing(analysis, options(), batches=BATCHES))
    assert "R0000" in html and "60人がこのような意見を寄せています" in html


def test_the_html_is_self_contained_printable_and_escapes_answers(analysis, tmp_path):
    briefing = build_briefing(analysis, options(), batches=BATCHES, goals=GOALS, created_at="2026-02-01T09:00:00")
    briefing = dataclasses.replace(briefing, themes=[dataclasses.replace(
        briefing.themes[0], summary=dataclasses.replace(briefing.themes[0].summary, text="<script>x</script>"))]
        + briefing.themes[1:])
    html = render_briefing(briefing)
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "Content-Security-Policy" in html and "size: A4" in html
    assert not re.search(r"(src|href)=", html)
    path = write_briefing(briefing, tmp_path / "out")
    assert path.name == "briefing.html" and path.read_text(encoding="utf-8") == html


@pytest.mark.parametrize("language, title", [("ja", "委員会向けまとめ"), ("ko", "위원회 브리핑"), ("en", "Committee briefing")])
def test_the_briefing_speaks_each_language(analysis, language, title):
    html = render_briefing(build_briefing(analysis, options(language=language), batches=BATCHES, goals=GOALS))
    assert f'<html lang="{language}">' in html and title in html
    assert "クラスタ" not in html and "클러스터" not in html and "cluster" not in html.lower()


def test_every_string_is_translated():
    entries = {key: entry for key, entry in STRINGS.items() if key.startswith("briefing.")}
    assert len(entries) > 40 and all(set(entry) == {"ja", "ko", "en"} for entry in entries.values())
    same = [k for k, e in entries.items() if e["ja"] in (e["ko"], e["en"])]
    assert not same


def test_unknown_attributes_are_refused(analysis):
    with pytest.raises(ValueError, match="地区"):
        build_briefing(analysis, BriefingOptions(by=("地区",)))
