"""Drawing a committee briefing (listening.briefing.Briefing) on a page, in the words the printed
one uses; and the attributes it compares by default (age group, then district)."""
from __future__ import annotations

import streamlit as st

from listening.briefing import section_weighting_note, weighting_line
from listening.views import POOLED, suggested_attributes
from ui.i18n import current, fmt_int, fmt_pct, t
from ui.text import escape_markdown as esc

AGE_HINTS = ("年代", "年齢", "연령대", "연령", "나이", "age")
AREA_HINTS = ("校区", "地区", "地域", "行政区", "居住", "행정동", "지역", "district", "area")


def default_attributes(answers, attributes) -> list[str]:
    """The age-group and the district attribute where the data has them (by their names), else
    the first two attributes that make readable comparisons."""
    sensible = suggested_attributes(answers, list(attributes))
    picked = []
    for hints in (AGE_HINTS, AREA_HINTS):
        match = next((a for a in sensible if any(h in str(a).casefold() for h in hints) and a not in picked), None)
        if match is not None:
            picked.append(match)
    return picked or sensible[:2]


def _count(value) -> str:
    return value if isinstance(value, str) else fmt_int(value)


def _share(value) -> str:
    if isinstance(value, str):
        return value
    return "—" if value is None else fmt_pct(float(value))


def _value(value: str) -> str:
    return t("briefing.pooled.value") if value == POOLED else str(value)


def _quotes(quotes) -> None:
    for q in quotes:
        who = f" — {esc(t('briefing.divides.from', value=_value(q.subgroup)))}" if q.subgroup else ""
        ident = f" `{t('briefing.answer_id')}: {q.answer_id}`" if q.answer_id else ""
        st.markdown(f"> 「{esc(q.text)}」{who}{ident}")


def _card(card) -> None:
    with st.container(border=True):
        st.markdown(f"#### {esc(card.name)}")
        size = t("briefing.count", n=_count(card.size)) if card.share is None else \
            t("briefing.share", share=_share(card.share), n=_count(card.size))
        if card.weighted_share is not None and not isinstance(card.weighted_share, str):
            size += " · " + t("briefing.weighted_share", share=_share(card.weighted_share))
        st.caption(f"{esc(size)} · {esc(t('briefing.keywords'))}: {esc(' / '.join(card.keywords))}")
        if card.summary is not None:
            said = t("briefing.said.hidden") if isinstance(card.respondents, str) else \
                t("briefing.said", n=_count(card.respondents))
            st.markdown(f"**{esc(said)}** 「{esc(card.summary.text)}」")
            if card.summary.answer_id:
                st.caption(f"{t('briefing.answer_id')}: {esc(card.summary.answer_id)}")
        if card.quotes:
            st.caption(t("briefing.voices"))
            _quotes(card.quotes)
        if card.topics:
            st.caption(f"{esc(t('briefing.topics'))}: {esc(' / '.join(card.topics))}")


def _section(section, min_size: int, meta: dict) -> None:
    attribute = section.attribute
    st.subheader(t("briefing.common", attribute=attribute))
    sizes = ", ".join(f"{_value(v)} {_count(n)}" for v, n in section.sizes.items())
    st.caption(f"{esc(t('briefing.subgroups'))}: {esc(sizes)}")
    weighting = section_weighting_note(section.weighted, meta, current())
    if weighting:
        st.caption(esc(weighting))
    if section.pooled:
        st.caption(esc(t("briefing.pooled", min_size=min_size, values=", ".join(section.pooled))))
    if section.note:
        st.info(t("briefing.too_few", min_size=min_size))
        return
    from listening.views import MIN_RATIO

    st.caption(esc(t("briefing.common.intro", attribute=attribute, ratio=f"{MIN_RATIO:.0%}")))
    if not section.common:
        st.write(t("briefing.common.none"))
    for item in section.common:
        st.markdown(f"**{esc(item.name)}** — "
                    + esc(t("briefing.common.item", weakest=_value(item.weakest), share=_share(item.min_share))))
        _quotes(item.quotes)
    st.subheader(t("briefing.divides", attribute=attribute))
    st.caption(esc(t("briefing.divides.intro")))
    if not section.divides:
        st.write(t("briefing.divides.none"))
    for item in section.divides:
        line = t("briefing.divides.item", high=_value(item.high), share_high=_share(item.share_high),
                 low=_value(item.low), share_low=_share(item.share_low))
        if item.diff is not None:
            line += f" ({t('briefing.divides.diff', diff=f'{item.diff:.1f}')})"
        st.markdown(f"**{esc(item.name)}** — {esc(line)}")
        _quotes(item.quotes)


def _waves(waves, meta: dict) -> None:
    st.subheader(t("briefing.waves"))
    st.caption(esc(t("briefing.waves.intro", latest=waves.latest, previous=waves.previous)))
    weighting = section_weighting_note(waves.weighted, meta, current())
    if weighting:
        st.caption(esc(weighting))
    if not waves.changes:
        st.write(t("briefing.waves.none"))
    for change in waves.changes:
        line = f"{_share(change.previous_share)} → {_share(change.share)}"
        if change.change is not None:
            line += f" ({t('briefing.waves.change', change=f'{change.change:+.1f}')})"
        if change.significant:
            line += f" · {t('briefing.waves.significant')}"
        st.markdown(f"**{esc(change.name)}** — {esc(line)}")


def _goals(goals) -> None:
    st.subheader(t("briefing.goals"))
    st.caption(esc(t("briefing.goals.intro")))
    if not goals:
        st.write(t("briefing.goals.none"))
    for goal in goals:
        st.markdown(f"**{esc(goal.name)}** — {esc(t('briefing.goals.item', count=_count(goal.count), share=_share(goal.share)))}")


def draw(briefing) -> None:
    """Every section of ``briefing``, in the printed order."""
    meta = briefing.meta
    st.write(t("briefing.overview", answers=_count(meta["n_answers"]), people=_count(meta["n_respondents"]),
               themes=meta["n_themes"], topics=meta["n_topics"]))
    weighting = weighting_line(meta, current())
    if weighting:
        st.caption(esc(weighting))
    st.header(t("briefing.themes"))
    st.caption(t("briefing.themes.intro"))
    for card in briefing.themes:
        _card(card)
    for section in briefing.sections:
        _section(section, briefing.options.min_size, meta)
    if briefing.waves is not None:
        _waves(briefing.waves, meta)
    if briefing.quiet_goals is not None:
        _goals(briefing.quiet_goals)
