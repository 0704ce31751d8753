"""The method note in plain sentences: what was collected, when, what was kept, how groups formed.

Residents read it after the findings, so it says in whole sentences what a table of
settings would only hint at. Plain text (a list of paragraphs, each with optional
list items); the report escapes and lays it out. Technical details (fingerprint,
input hash, raw settings, file names) are not here: the internal report adds them.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from listening.i18n import t
from listening.privacy import KINDS as MASK_KINDS
from listening.types import DROP_REASONS

from .model import SECONDARY, SUPPRESSED, ExportData
from .report_format import fmt_count, fmt_share
from .words import label_or_code


@dataclass(frozen=True)
class Paragraph:
    text: str
    items: tuple[str, ...] = ()


def _ordered(mapping: Mapping | None, known: Iterable[str]) -> list[tuple[str, object]]:
    """Items with known codes first in their usual order, then the rest by name."""
    mapping = dict(mapping or {})
    known = [k for k in known if k in mapping]
    return [(k, mapping[k]) for k in known] + sorted((k, v) for k, v in mapping.items() if k not in known)


def _collected(meta: dict, lang: str) -> Paragraph:
    kinds: dict[str, int] = {}
    for source in meta.get("sources") or []:
        kinds[str(source.get("kind"))] = kinds.get(str(source.get("kind")), 0) + 1
    parts = [t(lang, "report_kind_files_one" if n == 1 else "report_kind_files_many",
               kind=label_or_code(lang, "report_kind_", kind), n=fmt_count(n))
             for kind, n in _ordered(kinds, ("survey", "hearing"))]
    answers = meta.get("answers") or {}
    n_in = answers.get("in") if answers.get("in") is not None else answers.get("analysed")
    if not parts:
        return Paragraph(t(lang, "report_method_collected_plain", n=fmt_count(n_in)))
    return Paragraph(t(lang, "report_method_collected", n=fmt_count(n_in),
                       sources=t(lang, "report_list_separator").join(parts)))


def _period(meta: dict, lang: str) -> Paragraph:
    period, source = meta.get("period"), meta.get("period_source")
    if not period:
        return Paragraph(t(lang, "report_method_period_unknown"))
    key = "report_method_period_data" if source == "data" else "report_method_period_staff"
    return Paragraph(t(lang, key, period=period))


def _kept(meta: dict, lang: str) -> list[Paragraph]:
    answers = meta.get("answers") or {}
    out = []
    reasons = tuple(f"{label_or_code(lang, 'report_reason_', reason)}: {t(lang, 'report_n_answers', n=fmt_count(n))}"
                    for reason, n in _ordered(answers.get("dropped_by_reason"), DROP_REASONS) if n)
    if answers.get("kept") is not None:
        dropped = answers.get("dropped") or 0
        key = "report_method_kept" if dropped else "report_method_kept_all"
        out.append(Paragraph(t(lang, key, kept=fmt_count(answers.get("kept")), dropped=fmt_count(dropped)),
                             reasons if dropped else ()))
    if answers.get("excluded"):
        out.append(Paragraph(t(lang, "report_method_excluded", n=fmt_count(answers.get("excluded")))))
    out.append(Paragraph(t(lang, "report_method_analysed", analysed=fmt_count(answers.get("analysed")),
                           published=fmt_count(answers.get("published")))))
    return out


def _groups(meta: dict, lang: str) -> list[Paragraph]:
    out = [Paragraph(t(lang, "report_method_groups", themes=fmt_count(meta.get("n_themes")),
                       topics=fmt_count(meta.get("n_topics"))))]
    published, total = meta.get("topics_published"), meta.get("topics_total")
    if published is not None and total is not None and published < total:
        out.append(Paragraph(t(lang, "report_method_topics_published", published=fmt_count(published),
                               total=fmt_count(total))))
    return out


def _masking(meta: dict, lang: str) -> Paragraph:
    found = [(k, n) for k, n in _ordered(meta.get("masking"), (*MASK_KINDS, "manual")) if n]
    if not found:
        return Paragraph(t(lang, "report_method_masking_none"))
    return Paragraph(t(lang, "report_method_masking"),
                     tuple(f"{label_or_code(lang, 'report_mask_', k)}: {fmt_count(n)}" for k, n in found))


def weighting_paragraphs(meta: dict, lang: str) -> list[Paragraph]:
    """What the weighted shares are matched to (source and date), how, and what that costs in precision."""
    note = meta.get("weighting")
    if not note:
        return []
    separator = t(lang, "report_list_separator")
    sources = separator.join(t(lang, "report_weighting_source", source=s.get("source") or "—", as_of=s.get("as_of") or "—")
                             for s in note.get("sources") or [])
    margins = tuple(t(lang, "report_weighting_margin", attribute=m["attribute"], group=m["group"],
                      population=fmt_share(m.get("population_share")), sample=fmt_share(m.get("sample_share")),
                      weighted=fmt_share(m.get("weighted_share"))) for m in note.get("margins") or [])
    cap = note.get("max_ratio")
    deff = note.get("design_effect")
    return [
        Paragraph(t(lang, "report_weighting_method", by=separator.join(note.get("by") or []), sources=sources or "—",
                    method=t(lang, f"wt_method_{note.get('method')}") if note.get("method") in ("rake", "poststratify")
                    else str(note.get("method")), n=fmt_count(note.get("n_weighted")),
                    n_eff=fmt_count(note.get("effective_n")), deff="—" if deff is None else f"{deff:.2f}"), margins),
        Paragraph(t(lang, "report_weighting_cap", cap=f"{cap:g}") if cap else t(lang, "report_weighting_nocap")),
    ]


def method_paragraphs(data: ExportData) -> list[Paragraph]:
    """The method note of ``data`` in its language, in the order a resident asks."""
    lang, meta = data.options.language, data.meta
    paragraphs = [_collected(meta, lang), _period(meta, lang), *_kept(meta, lang), *_groups(meta, lang),
                  _masking(meta, lang), *weighting_paragraphs(meta, lang)]
    if data.options.audience == "public":
        min_cell = meta.get("min_cell", data.options.min_cell)
        paragraphs += [
            Paragraph(t(lang, "report_method_suppression", min_cell=fmt_count(min_cell)),
                      (t(lang, "report_mark_primary", mark=SUPPRESSED, min_cell=fmt_count(min_cell)),
                       t(lang, "report_mark_secondary", mark=SECONDARY, primary=SUPPRESSED))),
            Paragraph(t(lang, "report_method_sizes")),
        ]
    else:
        paragraphs.append(Paragraph(t(lang, "report_suppression_internal")))
    return paragraphs
