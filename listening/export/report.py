"""The report the city publishes for comment: one self-contained, printable HTML file.

It reads as a resident reads: the findings first (themes with their shares, goals,
the map, topics with their quotes, crosstabs), then how the answers were collected
and grouped in plain sentences; the internal report adds the technical details
(fingerprint, input hash, files, raw settings) at the very end.

It opens offline and runs nothing: inline CSS, inline SVG charts, no script, no
link, no font or image to fetch, and a Content-Security-Policy that would block
them anyway. Every string from the data (labels, keywords, answers, file and
attribute names, the title) goes through ``html.escape``, so it shows as typed
and is never read as HTML or Markdown. The output depends only on ``ExportData``
(the date shown is ``meta["created_at"]``), so the same export gives the same bytes.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from listening.i18n import t
from listening.text import strip_bidi

from .chart import map_svg, share_bars_svg
from .method_note import method_paragraphs
from .model import MARKS, SECONDARY, SUPPRESSED, ExportData
from .report_format import fmt_count, fmt_datetime, fmt_share, mask_urls
from .words import label_or_code

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_FONTS_JA = '"Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif'
_FONTS_KO = '"Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif'

_CSS = f"""
:root {{ color-scheme: light; }}
body {{ font-family: {_FONTS_JA}; color: #111; background: #fff; line-height: 1.65;
  max-width: 60rem; margin: 0 auto; padding: 1.5rem; }}
html:lang(ko) body {{ font-family: {_FONTS_KO}; }}
.chart text {{ font-family: inherit; }}
h1 {{ font-size: 1.8rem; margin: .4rem 0; }}
h2 {{ font-size: 1.35rem; border-bottom: 2px solid #333; padding-bottom: .2rem; margin-top: 2.5rem; }}
h3 {{ font-size: 1.1rem; margin: 1.4rem 0 .4rem; }}
h4 {{ font-size: 1rem; margin: .8rem 0 .3rem; }}
.badge {{ display: inline-block; border: 2px solid #a40000; color: #a40000; font-weight: bold;
  padding: .1rem .6rem; border-radius: .3rem; }}
.badge.public {{ border-color: #0b5394; color: #0b5394; }}
.note {{ border-left: 4px solid #999; padding: .3rem .8rem; color: #333; }}
table {{ border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; }}
caption {{ text-align: left; font-weight: bold; padding: .3rem 0; }}
th, td {{ border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }}
thead th {{ background: #eee; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
td.num {{ white-space: nowrap; }}
table.crosstab {{ font-size: .9em; }}
table.crosstab tbody th {{ min-width: 9em; }}
tr.total th, tr.total td, td.total {{ font-weight: bold; }}
tr.sub th {{ padding-left: 1.6rem; font-weight: normal; }}
td.suppressed {{ color: #555; font-style: italic; }}
dl.facts {{ display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }}
dl.facts dt {{ font-weight: bold; }}
dl.facts dd {{ margin: 0; overflow-wrap: anywhere; }}
code {{ font-family: ui-monospace, monospace; font-size: .9em; }}
figure.chart {{ margin: 1rem 0; }}
figure.chart svg {{ max-width: 100%; height: auto; }}
article.topic {{ border: 1px solid #bbb; border-radius: .4rem; padding: .4rem 1rem .8rem; margin: 1rem 0; }}
article.topic h3 {{ margin-top: .4rem; }}
blockquote {{ margin: .5rem 0; padding: .3rem .8rem; border-left: 4px solid #777;
  white-space: pre-line; overflow-wrap: anywhere; }}
@page {{ size: A4; margin: 16mm 14mm; }}
@media print {{
  body {{ max-width: none; padding: 0; font-size: 10.5pt; }}
  section.page {{ break-before: page; }}
  h2, h3, h4, caption {{ break-after: avoid; }}
  article.topic, tr, blockquote, figure.chart, dl.facts {{ break-inside: avoid; }}
  thead {{ display: table-header-group; }}
  thead th {{ background: none; border-bottom: 2px solid #333; }}
  .badge {{ color: #000; }}
}}
"""

# Attribute values per crosstab table: wider tables are split so they fit an A4 page.
_MAX_COLUMNS = 8

# Blocks anything that could still slip in: no script runs, nothing is fetched.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _e(value: object) -> str:
    """User text made safe for HTML text or a quoted attribute, with no web address left in it."""
    return html.escape(mask_urls(strip_bidi(_CONTROL.sub("", "" if value is None else str(value)))), quote=True)


def _suppressed(value: object) -> bool:
    return isinstance(value, str) and value in MARKS


def _cell(value: object, *, share: bool = False) -> str:
    text = fmt_share(value) if share else fmt_count(value)
    cls = ("num suppressed partner" if value == SECONDARY else "num suppressed") if _suppressed(value) else "num"
    return f'<td class="{cls}">{_e(text)}</td>'


def _head_row(labels: Iterable[str], numeric: Iterable[bool] = ()) -> str:
    flags = list(numeric)
    cells = []
    for i, label in enumerate(labels):
        cls = ' class="num"' if i < len(flags) and flags[i] else ""
        cells.append(f'<th scope="col"{cls}>{_e(label)}</th>')
    return f"<thead><tr>{''.join(cells)}</tr></thead>"


def _fact_list(rows: Iterable[tuple[str, str]]) -> str:
    """A <dl> of (label, already-escaped value)."""
    return '<dl class="facts">' + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _title(data: ExportData) -> str:
    meta = data.meta
    return str(meta.get("title") or data.options.title or meta.get("dataset") or "")


def _cover(data: ExportData, lang: str) -> str:
    audience = "public" if data.options.audience == "public" else "internal"
    date = fmt_datetime(data.meta.get("created_at"), with_time=False)
    answers = (data.meta.get("answers") or {}).get("analysed")
    lead = t(lang, "report_lead", n=fmt_count(answers), method=t(lang, "report_method"))
    return (
        '<header class="cover">'
        f'<p><span class="badge {audience}">{_e(t(lang, f"report_badge_{audience}"))}</span></p>'
        f"<h1>{_e(_title(data))}</h1>"
        f'<p class="exported">{_e(t(lang, "report_exported", date=date))}</p>'
        f'<p class="lead">{_e(lead)}</p>'
        "</header>"
    )


def _suppression_note(data: ExportData, lang: str, key: str) -> str:
    if data.options.audience == "public":
        text = t(lang, f"{key}_public", min_cell=data.meta.get("min_cell", data.options.min_cell),
                 mark=SUPPRESSED, secondary=SECONDARY)
    else:
        text = t(lang, f"{key}_internal")
    return f'<p class="note">{_e(text)}</p>'


def _method(data: ExportData, lang: str) -> str:
    """Last: how the answers were collected, kept and grouped, in plain sentences."""
    parts = [f'<section id="method" class="page"><h2>{_e(t(lang, "report_method"))}</h2>']
    for paragraph in method_paragraphs(data):
        parts.append(f"<p>{_e(paragraph.text)}</p>")
        if paragraph.items:
            parts.append("<ul>" + "".join(f"<li>{_e(item)}</li>" for item in paragraph.items) + "</ul>")
    return "".join(parts) + "</section>"


def _sources_table(sources: list, lang: str) -> str:
    head = _head_row([t(lang, k) for k in ("report_col_file", "report_col_kind", "report_col_encoding",
                                           "report_col_answers_in", "report_col_kept",
                                           "report_col_dropped", "report_col_imported")],
                     [False, False, False, True, True, True, False])
    rows = "".join(
        f'<tr><th scope="row">{_e(s.get("file"))}</th>'
        f'<td>{_e(label_or_code(lang, "report_kind_", s.get("kind")))}</td>'
        f'<td>{_e(s.get("encoding") or t(lang, "report_none"))}</td>'
        f'{_cell(s.get("answers_in"))}{_cell(s.get("kept"))}{_cell(s.get("dropped"))}'
        f'<td>{_e(fmt_datetime(s.get("imported_at")))}</td></tr>'
        for s in sources)
    return f"<table>{head}<tbody>{rows}</tbody></table>"


def _settings_value(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _technical(data: ExportData, lang: str) -> str:
    """Internal report only: the run's fingerprint, input hash, files and raw settings."""
    if data.options.audience == "public":
        return ""
    meta = data.meta
    topics = t(lang, "report_topics_published_value", published=fmt_count(meta.get("topics_published")),
               total=fmt_count(meta.get("topics_total")))
    facts = _fact_list([
        (t(lang, "report_model"), _e(meta.get("model") or t(lang, "report_none"))),
        (t(lang, "report_run_date"), _e(fmt_datetime(meta.get("run_created_at")))),
        (t(lang, "report_fingerprint"), f'<code>{_e(meta.get("fingerprint") or "")}</code>'),
        (t(lang, "report_input_hash"), f'<code>{_e(meta.get("input_hash") or "")}</code>'),
        (t(lang, "report_min_cell"), _e(fmt_count(meta.get("min_cell", data.options.min_cell)))),
        (t(lang, "report_topics_published"), _e(topics)),
    ])
    settings = sorted((meta.get("settings") or {}).items())
    setting_rows = "".join(f'<tr><th scope="row"><code>{_e(k)}</code></th><td><code>{_e(_settings_value(v))}'
                           f"</code></td></tr>" for k, v in settings)
    parts = [f'<section id="technical"><h2>{_e(t(lang, "report_technical"))}</h2>', facts,
             f'<h3>{_e(t(lang, "report_sources"))}</h3>', _sources_table(list(meta.get("sources") or []), lang)]
    if setting_rows:
        parts += [f'<h3>{_e(t(lang, "report_settings"))}</h3>', f"<table><tbody>{setting_rows}</tbody></table>"]
    return "".join(parts) + "</section>"


def _overview(data: ExportData, lang: str) -> str:
    themes = data.themes
    shares = [str(size) if _suppressed(size) else fmt_share(share)
              for size, share in zip(themes["size"].tolist(), themes["share"].tolist())] if len(themes) else []
    bars = share_bars_svg(themes, lang, shares=shares)
    # A weighted export: the weighted share beside the share (None where the size is hidden: a dash).
    weighted = {} if data.weighted is None else dict(zip(data.weighted["themes"]["theme_id"],
                                                         data.weighted["themes"]["weighted_share"]))
    keys = ("report_col_theme", "report_col_keywords", "report_col_size", "report_col_share",
            *(("report_weighting_col_share",) if weighted else ()), "report_col_n_topics")
    head = _head_row([t(lang, k) for k in keys], [False, False, True, True, *((True,) if weighted else ()), True])
    rows = "".join(
        f'<tr><th scope="row">{_e(r["label"])}</th><td>{_e(r["keywords"])}</td>'
        f'{_cell(r["size"])}{_cell(r["share"], share=True)}'
        f'{_cell(weighted.get(r.get("theme_id")), share=True) if weighted else ""}{_cell(r.get("n_topics"))}</tr>'
        for r in themes.to_dict("records"))
    figure = f'<figure class="chart">{bars}</figure>' if bars else ""
    return (f'<section id="overview"><h2>{_e(t(lang, "report_overview"))}</h2>{figure}'
            f"<table>{head}<tbody>{rows}</tbody></table></section>")


def _goals(data: ExportData, lang: str) -> str:
    """Answers per vision goal; goals under a viewpoint indented, the total row last."""
    if data.goals is None:
        return ""
    head = _head_row([t(lang, k) for k in ("report_col_goal", "report_col_size", "report_col_share")],
                     [False, True, True])
    rows, last = [], len(data.goals) - 1
    for i, r in enumerate(data.goals.to_dict("records")):
        cls = ' class="total"' if i == last else (' class="sub"' if r["level"] > 0 else "")
        rows.append(f'<tr{cls}><th scope="row">{_e(r["goal"])}</th>{_cell(r["size"])}'
                    f'{_cell(r["size"] if _suppressed(r["size"]) else r["share"], share=True)}</tr>')
    return (f'<section id="goals" class="page"><h2>{_e(t(lang, "report_goals"))}</h2>'
            f'<p class="note">{_e(t(lang, "report_goals_note"))}</p>'
            + _suppression_note(data, lang, "report_crosstab_note")
            + f'<table>{head}<tbody>{"".join(rows)}</tbody></table></section>')


def _map(data: ExportData, lang: str) -> str:
    points = data.map_points
    heading = f'<section id="map" class="page"><h2>{_e(t(lang, "report_map"))}</h2>'
    if points is None or points.empty:
        return heading + f'<p>{_e(t(lang, "report_map_empty"))}</p></section>'
    order = data.themes["label"].tolist() if len(data.themes) else None
    svg = map_svg(points, lang, label_order=order)
    shown_key = "report_map_sampled" if len(points) >= data.options.max_map_points else "report_map_shown"
    return (heading + f'<p class="note">{_e(t(lang, "report_map_note"))}</p>'
            f'<p>{_e(t(lang, shown_key, shown=fmt_count(len(points))))}</p>'
            f'<figure class="chart">{svg}</figure></section>')


def _texts(value: object) -> list[str]:
    if value is None or isinstance(value, float):
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [str(v) for v in items if v is not None and str(v).strip()]


def _topic(row: Mapping, lang: str, n_representatives: int) -> str:
    size = fmt_count(row.get("size"))
    if not _suppressed(row.get("size")) and fmt_share(row.get("share")) != "—":
        size += f" ({fmt_share(row.get('share'))})"
    facts = _fact_list([
        (t(lang, "report_col_theme"), _e(row.get("theme_label"))),
        (t(lang, "report_col_keywords"), _e(row.get("keywords"))),
        (t(lang, "report_col_size"), _e(size)),
    ])
    quotes = "".join(f"<blockquote>{_e(text)}</blockquote>"
                     for text in _texts(row.get("representatives"))[:n_representatives])
    quotes = quotes or f'<p>{_e(t(lang, "report_representatives_none"))}</p>'
    return (f'<article class="topic"><h3>{_e(row.get("label"))}</h3>{facts}'
            f'<h4>{_e(t(lang, "report_representatives"))}</h4>{quotes}</article>')


def _topics(data: ExportData, lang: str) -> str:
    rows = data.topics.to_dict("records") if len(data.topics) else []
    n = max(1, data.options.n_representatives)
    body = "".join(_topic(r, lang, n) for r in rows) or f'<p>{_e(t(lang, "report_topics_none"))}</p>'
    return f'<section id="topics" class="page"><h2>{_e(t(lang, "report_topics"))}</h2>{body}</section>'


def _crosstab(attribute: str, frame: pd.DataFrame, lang: str) -> str:
    """One table per slice of at most ``_MAX_COLUMNS`` values, each with the theme and total columns."""
    total = t(lang, "report_total")
    # The last row and column are the totals (ExportData contract), whatever they are called.
    names = [str(c) for c in frame.columns[:-1]]
    row_names = [*frame.index.tolist()[:-1], total]
    cells = frame.to_numpy().tolist()
    caption = t(lang, "report_crosstab_caption", attribute=attribute)
    starts = range(0, max(len(names), 1), _MAX_COLUMNS)
    tables = []
    for k, start in enumerate(starts):
        columns = [*range(start, min(start + _MAX_COLUMNS, len(names))), len(names)]
        head = _head_row([t(lang, "report_col_theme"), *(names[c] for c in columns[:-1]), total],
                         [False] + [True] * len(columns))
        rows = []
        for i, name in enumerate(row_names):
            cls = ' class="total"' if i == len(row_names) - 1 else ""
            rows.append(f'<tr{cls}><th scope="row">{_e(name)}</th>{"".join(_cell(cells[i][c]) for c in columns)}</tr>')
        part = caption if len(starts) == 1 else f"{caption} ({k + 1}/{len(starts)})"
        tables.append(f'<table class="crosstab"><caption>{_e(part)}</caption>{head}<tbody>{"".join(rows)}</tbody></table>')
    return "".join(tables)


def _crosstabs(data: ExportData, lang: str) -> str:
    heading = f'<section id="crosstabs" class="page"><h2>{_e(t(lang, "report_crosstabs"))}</h2>'
    if not data.crosstabs:
        return heading + f'<p>{_e(t(lang, "report_crosstabs_none"))}</p></section>'
    tables = "".join(_crosstab(str(a), f, lang) for a, f in data.crosstabs.items() if len(f))
    return heading + _suppression_note(data, lang, "report_crosstab_note") + tables + "</section>"


def render_report(data: ExportData) -> str:
    """The whole report as one HTML5 document, in ``data.options.language``."""
    lang = data.options.language
    # Findings first, as a resident reads; the method last, the technical details for staff only.
    body = "".join([_cover(data, lang), "<main>", _overview(data, lang), _goals(data, lang), _map(data, lang),
                    _topics(data, lang), _crosstabs(data, lang), _method(data, lang), _technical(data, lang),
                    "</main>"])
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(_title(data))}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
