"""The briefing as one self-contained HTML file, printable on A4.

Like the public report it opens offline and runs nothing: inline CSS, no script, no
link, nothing to fetch, and a Content-Security-Policy that would block it anyway.
Every string from the data goes through ``html.escape``. The output depends only on
the ``Briefing`` (its date is ``meta["created_at"]``), so one briefing gives one file.
"""
from __future__ import annotations

import html
import math
import re

from listening.i18n import t
from listening.views import MIN_RATIO, POOLED

from .model import MARKS, SECONDARY, SUPPRESSED, AttributeSection, Briefing, GroupCard, Quote

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+", re.IGNORECASE)
_FONTS = ('"Noto Sans CJK JP", "Noto Sans CJK KR", "Hiragino Sans", "Yu Gothic", "Malgun Gothic", '
          '"Apple SD Gothic Neo", sans-serif')
_CSS = f"""
:root {{ color-scheme: light; }}
body {{ font-family: {_FONTS}; color: #111; background: #fff; line-height: 1.6; max-width: 52rem;
  margin: 0 auto; padding: 1.2rem; }}
h1 {{ font-size: 1.6rem; margin: .3rem 0; }}
h2 {{ font-size: 1.25rem; border-bottom: 2px solid #333; padding-bottom: .15rem; margin-top: 2rem; }}
h3 {{ font-size: 1.05rem; margin: .3rem 0; }}
.badge {{ display: inline-block; border: 2px solid #a40000; color: #a40000; font-weight: bold;
  padding: .05rem .5rem; border-radius: .3rem; }}
.badge.public {{ border-color: #0b5394; color: #0b5394; }}
.muted {{ color: #444; font-size: .92em; }}
article {{ border: 1px solid #bbb; border-radius: .4rem; padding: .3rem .9rem .6rem; margin: .8rem 0; }}
.said {{ margin: .4rem 0 .2rem; font-weight: bold; }}
blockquote {{ margin: .3rem 0; padding: .2rem .7rem; border-left: 4px solid #777; overflow-wrap: anywhere; }}
blockquote.lead {{ border-left-color: #0b5394; font-size: 1.05em; }}
.id {{ color: #555; font-size: .85em; font-family: ui-monospace, monospace; }}
ul.items > li {{ margin: .5rem 0; }}
@page {{ size: A4; margin: 15mm 13mm; }}
@media print {{
  body {{ max-width: none; padding: 0; font-size: 10.5pt; }}
  h2, h3 {{ break-after: avoid; }}
  article, blockquote, ul.items > li {{ break-inside: avoid; }}
  .badge {{ color: #000; }}
}}
"""


def _e(value: object) -> str:
    text = _CONTROL.sub("", "" if value is None else str(value))
    return html.escape(_URL.sub("[URL]", text), quote=True)


def _share(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None or not isinstance(value, (int, float)) or not math.isfinite(float(value)):
        return "—"
    return f"{float(value) * 100:.1f}%"


def _count(value: object) -> str:
    return value if isinstance(value, str) else f"{int(value):,}"


def _value(lang: str, value: str) -> str:
    return t(lang, "briefing.pooled.value") if value == POOLED else value


def weighting_line(meta: dict, lang: str) -> str | None:
    """The sentence saying what a weighted briefing's shares are matched to (None: unweighted)."""
    note = meta.get("weighting")
    if not note:
        return None
    sep = "、" if lang == "ja" else ", "
    sources = sep.join(" ".join(str(x) for x in (s.get("source"), s.get("as_of")) if x) for s in note.get("sources") or [])
    method = note.get("method")
    method = t(lang, f"briefing.weighted.method.{method}") if method in ("rake", "poststratify") else str(method or "—")
    n_eff = note.get("effective_n")
    return t(lang, "briefing.weighted", by=sep.join(map(str, note.get("by") or [])), sources=sources or "—",
             method=method, n=_count(note.get("n_weighted") if note.get("n_weighted") is not None else "—"),
             n_eff="—" if n_eff is None else f"{round(float(n_eff)):,}")


def section_weighting_note(weighted: bool, meta: dict, lang: str) -> str | None:
    """Under a comparison of a weighted briefing: whether its shares are weighted (None: unweighted briefing)."""
    if not meta.get("weighting"):
        return None
    return t(lang, "briefing.weighted.sections" if weighted else "briefing.unweighted.sections")


def _quote(q: Quote, lang: str, lead: bool = False) -> str:
    who = f' <span class="muted">— {_e(t(lang, "briefing.divides.from", value=_value(lang, q.subgroup)))}</span>' \
        if q.subgroup else ""
    ident = f' <span class="id">[{_e(t(lang, "briefing.answer_id"))}: {_e(q.answer_id)}]</span>' if q.answer_id else ""
    cls = ' class="lead"' if lead else ""
    return f"<blockquote{cls}>「{_e(q.text)}」{who}{ident}</blockquote>"


def _card(card: GroupCard, lang: str) -> str:
    size = t(lang, "briefing.count", n=_count(card.size)) if card.share is None else \
        t(lang, "briefing.share", share=_share(card.share), n=_count(card.size))
    if card.weighted_share is not None and not isinstance(card.weighted_share, str):
        size += " · " + t(lang, "briefing.weighted_share", share=_share(card.weighted_share))
    parts = [f"<article><h3>{_e(card.name)}</h3>",
             f'<p class="muted">{_e(size)} · {_e(t(lang, "briefing.keywords"))}: {_e(" / ".join(card.keywords))}</p>']
    if card.summary is not None:
        said = t(lang, "briefing.said.hidden") if card.respondents in MARKS else t(lang, "briefing.said", n=_count(card.respondents))
        parts.append(f'<p class="said">{_e(said)}</p>{_quote(card.summary, lang, lead=True)}')
    if card.quotes:
        parts.append(f'<p class="muted">{_e(t(lang, "briefing.voices"))}</p>' + "".join(_quote(q, lang) for q in card.quotes))
    if card.topics:
        parts.append(f'<p class="muted">{_e(t(lang, "briefing.topics"))}: {_e("、".join(card.topics) if lang == "ja" else ", ".join(card.topics))}</p>')
    return "".join(parts) + "</article>"


def _section(section: AttributeSection, lang: str, min_size: int, meta: dict) -> str:
    attr = section.attribute
    sizes = ", ".join(f"{_value(lang, v)} {_count(n)}" for v, n in section.sizes.items())
    head = [f'<p class="muted">{_e(t(lang, "briefing.subgroups"))}: {_e(sizes)}</p>']
    if section.pooled:
        head.append(f'<p class="muted">{_e(t(lang, "briefing.pooled", min_size=min_size, values=", ".join(section.pooled)))}</p>')
    if section.excluded:
        values = ", ".join(f"{v} {_count(n)}" for v, n in section.excluded.items())
        head.append(f'<p class="muted">{_e(t(lang, "briefing.excluded", values=values))}</p>')
    weighting = section_weighting_note(section.weighted, meta, lang)
    if weighting:
        head.append(f'<p class="muted">{_e(weighting)}</p>')
    out = [f"<h2>{_e(t(lang, 'briefing.common', attribute=attr))}</h2>", *head]
    if section.note:
        return "".join(out) + f"<p>{_e(t(lang, 'briefing.too_few', min_size=min_size))}</p>"
    out.append(f'<p class="muted">{_e(t(lang, "briefing.common.intro", attribute=attr, ratio=f"{MIN_RATIO:.0%}"))}</p>')
    if section.common:
        items = [f"<li><strong>{_e(g.name)}</strong> — {_e(t(lang, 'briefing.common.item', weakest=_value(lang, g.weakest), share=_share(g.min_share)))}"
                 + "".join(_quote(q, lang) for q in g.quotes) + "</li>" for g in section.common]
        out.append('<ul class="items">' + "".join(items) + "</ul>")
    else:
        out.append(f"<p>{_e(t(lang, 'briefing.common.none'))}</p>")
    out.append(f"<h2>{_e(t(lang, 'briefing.divides', attribute=attr))}</h2>")
    out.append(f'<p class="muted">{_e(t(lang, "briefing.divides.intro"))}</p>')
    if section.divides:
        items = []
        for d in section.divides:
            line = t(lang, "briefing.divides.item", high=_value(lang, d.high), share_high=_share(d.share_high),
                     low=_value(lang, d.low), share_low=_share(d.share_low))
            diff = "" if d.diff is None else f" ({t(lang, 'briefing.divides.diff', diff=f'{d.diff:.1f}')})"
            items.append(f"<li><strong>{_e(d.name)}</strong> — {_e(line + diff)}"
                         + "".join(_quote(q, lang) for q in d.quotes) + "</li>")
        out.append('<ul class="items">' + "".join(items) + "</ul>")
    else:
        out.append(f"<p>{_e(t(lang, 'briefing.divides.none'))}</p>")
    return "".join(out)


def _waves(briefing: Briefing, lang: str) -> str:
    waves = briefing.waves
    if waves is None:
        return ""
    out = [f"<h2>{_e(t(lang, 'briefing.waves'))}</h2>",
           f'<p class="muted">{_e(t(lang, "briefing.waves.intro", latest=waves.latest, previous=waves.previous))}</p>']
    weighting = section_weighting_note(waves.weighted, briefing.meta, lang)
    if weighting:
        out.append(f'<p class="muted">{_e(weighting)}</p>')
    if not waves.changes:
        return "".join(out) + f"<p>{_e(t(lang, 'briefing.waves.none'))}</p>"
    items = []
    for c in waves.changes:
        line = f"{_share(c.previous_share)} → {_share(c.share)}"
        if c.change is not None:
            line += f" ({t(lang, 'briefing.waves.change', change=f'{c.change:+.1f}')})"
        mark = f" · {t(lang, 'briefing.waves.significant')}" if c.significant else ""
        items.append(f"<li><strong>{_e(c.name)}</strong> — {_e(line + mark)}</li>")
    return "".join(out) + '<ul class="items">' + "".join(items) + "</ul>"


def _goals(briefing: Briefing, lang: str) -> str:
    if briefing.quiet_goals is None:
        return ""
    out = [f"<h2>{_e(t(lang, 'briefing.goals'))}</h2>", f'<p class="muted">{_e(t(lang, "briefing.goals.intro"))}</p>']
    if not briefing.quiet_goals:
        return "".join(out) + f"<p>{_e(t(lang, 'briefing.goals.none'))}</p>"
    items = [f"<li><strong>{_e(g.name)}</strong> — {_e(t(lang, 'briefing.goals.item', count=_count(g.count), share=_share(g.share)))}</li>"
             for g in briefing.quiet_goals]
    return "".join(out) + '<ul class="items">' + "".join(items) + "</ul>"


def render_briefing(briefing: Briefing) -> str:
    """The briefing as a self-contained, printable HTML document (UTF-8 text)."""
    lang = briefing.options.language if briefing.options.language in ("ja", "ko", "en") else "en"
    meta = briefing.meta
    audience = "public" if briefing.options.audience == "public" else "internal"
    date = str(meta.get("created_at") or "")[:10]
    overview = t(lang, "briefing.overview.answers", answers=_count(meta["n_answers"]), themes=meta["n_themes"],
                 topics=meta["n_topics"]) if meta.get("n_respondents") is None else \
        t(lang, "briefing.overview", answers=_count(meta["n_answers"]), people=_count(meta["n_respondents"]),
          themes=meta["n_themes"], topics=meta["n_topics"])
    body = [
        f'<header><p><span class="badge {audience}">{_e(t(lang, "briefing.badge." + audience))}</span></p>',
        f"<h1>{_e(meta.get('title') or '')} — {_e(t(lang, 'briefing.title'))}</h1>",
        f'<p class="muted">{_e(t(lang, "briefing.created", date=date))}</p><p>{_e(overview)}</p>',
        f'<p class="muted">{_e(weighting_line(meta, lang))}</p></header>' if meta.get("weighting") else "</header>",
        f"<h2>{_e(t(lang, 'briefing.themes'))}</h2><p class=\"muted\">{_e(t(lang, 'briefing.themes.intro'))}</p>",
        *(_card(card, lang) for card in briefing.themes),
        *(_section(s, lang, briefing.options.min_size, meta) for s in briefing.sections),
        _waves(briefing, lang), _goals(briefing, lang),
        f"<h2>{_e(t(lang, 'briefing.method'))}</h2><p>{_e(t(lang, 'briefing.method.names'))}</p><p>{_e(t(lang, 'briefing.method.quotes'))}</p>",
        f"<p>{_e(t(lang, 'briefing.method.level', level=t(lang, 'briefing.level.' + str(meta.get('level', 'topic')))))}</p>",
    ]
    if audience == "public":
        body.append(f"<p>{_e(t(lang, 'briefing.method.suppressed', suppressed=SUPPRESSED, secondary=SECONDARY, min_cell=meta.get('min_cell', 5)))}</p>")
    return ("<!DOCTYPE html>\n"
            f'<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(meta.get('title') or '')} — {_e(t(lang, 'briefing.title'))}</title><style>{_CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")

