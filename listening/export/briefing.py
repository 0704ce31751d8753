"""The committee briefing written beside the report (``briefing.html``).

Internal exports carry the briefing as the Briefing page shows it (answer ids, every count).
A public export's briefing prints nothing the release's one disclosure check (protect.py)
has not checked: theme sizes are the report's own (``<5``/``x`` where the report hides them),
subgroup sizes are the crosstab's column totals, shares are quotients of two printed counts,
goal counts are the goal section's; common ground and divides are compared on themes across
the export's crosstab attributes only, and a theme is spoken of only where every cell of its
crosstab row is printed (a hidden cell must not be bounded by the shares around it). The
number of people, the wave changes and quotes from unpublished topics are left out; quotes
are masked texts without ids.
"""
from __future__ import annotations

import dataclasses

import pandas as pd

from listening.analysis import Analysis
from listening.briefing import SECONDARY, SUPPRESSED, Briefing, BriefingOptions, QuietGoal, build_briefing
from listening.i18n import t
from listening.privacy import TOTAL
from listening.views import MISSING_LABEL, POOLED, group_names

from .model import MARKS, ExportOptions
from .protect import ProtectedCounts


def export_briefing(analysis: Analysis, options: ExportOptions, published: list[int],
                    protected: ProtectedCounts | None = None, goals: pd.DataFrame | None = None,
                    goal_frame: pd.DataFrame | None = None, batches: pd.DataFrame | None = None,
                    title: str | None = None, dataset: str | None = None, weighting=None) -> Briefing:
    """The briefing of one export: ``published`` topic ids, ``protected`` the public release's
    checked counts, ``goals`` the coverage table and ``goal_frame`` the export's goal section;
    ``title`` and ``dataset`` as the report prints them (a public one names no input file);
    ``weighting``: weighted shares beside the counts (a public briefing: the themes' weighted
    share where their size is printed; its comparisons stay on the checked counts)."""
    chosen = dict(language=options.language, by=tuple(options.crosstabs), title=title or options.title,
                  min_cell=options.min_cell)
    if analysis.info is not None:  # the briefing names the dataset as the report does (a public one: no file)
        analysis = dataclasses.replace(analysis, info=dataclasses.replace(analysis.info, dataset=dataset))
    if options.audience != "public":
        return build_briefing(analysis, BriefingOptions(audience="internal", **chosen), batches=batches, goals=goals,
                              weighting=weighting)
    answers = analysis.answers
    keep = answers["topic"].astype(int).isin(published).to_numpy()
    # Texts of unpublished topics cannot be quoted: the briefing quotes nothing the report does not list.
    visible = dataclasses.replace(analysis, answers=answers.assign(text=answers["text"].where(keep, "")))
    public = BriefingOptions(audience="public", level="theme", **chosen)
    base = build_briefing(visible, public, goals=goals if goal_frame is not None else None)
    if weighting is not None:
        # Only the themes' weighted shares: the comparisons stay those of the checked unweighted
        # counts (which divides are shown is decided on the same counts that are printed).
        weighted = build_briefing(visible, public, weighting=weighting)
        shares = {c.cluster_id: c.weighted_share for c in weighted.themes}
        base = dataclasses.replace(base, themes=[dataclasses.replace(c, weighted_share=shares.get(c.cluster_id))
                                                 for c in base.themes],
                                   meta=dict(base.meta, weighting=weighted.meta["weighting"]))
    return _checked(base, analysis, options, published, protected, goal_frame)


def _checked(base: Briefing, analysis: Analysis, options: ExportOptions, published: list[int],
             protected: ProtectedCounts, goal_frame: pd.DataFrame | None) -> Briefing:
    n = len(analysis.answers)
    topic_names = group_names(analysis.clusters, "topic")
    shown_topics = {topic_names.get(int(j), str(j)) for j in published}
    cards = []
    for card in base.themes:
        size = protected.theme_shown.get(card.cluster_id, SECONDARY)
        cards.append(dataclasses.replace(
            card, size=size, share=None if size in MARKS or not n else int(size) / n,
            weighted_share=None if size in MARKS else card.weighted_share,
            respondents=SECONDARY,  # people are not among the checked counts: "views like this were sent"
            topics=[name for name in card.topics if name in shown_topics]))
    cards.sort(key=lambda c: (1, c.cluster_id) if c.size in MARKS else (0, -int(c.size), c.cluster_id))
    missing = t(options.language, "export.missing")
    sections = [_section(s, protected.tables[s.attribute], missing) for s in base.sections]
    meta = dict(base.meta, n_answers=n, n_respondents=None)
    return dataclasses.replace(base, meta=meta, themes=cards, sections=sections, waves=None,
                               quiet_goals=_goals(base.quiet_goals, goal_frame))


def _section(section, table: pd.DataFrame, missing: str):
    def column(value: str) -> str:
        return missing if value == MISSING_LABEL else value

    def count(row, value: str):
        values = section.pooled if value == POOLED else [value]
        found = [table.at[row, column(v)] if column(v) in table.columns and row in table.index else SECONDARY
                 for v in values]
        if any(isinstance(f, str) for f in found):
            return SUPPRESSED if found == [SUPPRESSED] else SECONDARY
        return int(sum(found))  # a pool of printed counts: their sum can be worked out anyway

    def share(cid: int, value: str):
        cell, total = count(cid, value), count(TOTAL, value)
        if isinstance(cell, str):
            return cell
        return SECONDARY if isinstance(total, str) or not total else cell / total

    values = list(section.sizes)

    def all_printed(cid: int) -> bool:
        return all(not isinstance(count(cid, v), str) for v in values)

    def quotes(item):
        return [q if q.subgroup is None or not isinstance(count(item.cluster_id, q.subgroup), str)
                else dataclasses.replace(q, subgroup=None) for q in item.quotes]

    common = [dataclasses.replace(g, min_share=share(g.cluster_id, g.weakest), consensus=None, quotes=quotes(g))
              for g in section.common if all_printed(g.cluster_id)]
    divides = []
    for d in section.divides:
        if not all_printed(d.cluster_id):
            continue
        high, low = share(d.cluster_id, d.high), share(d.cluster_id, d.low)
        diff = None if isinstance(high, str) or isinstance(low, str) else (high - low) * 100
        divides.append(dataclasses.replace(d, share_high=high, share_low=low, diff=diff, quotes=quotes(d)))
    return dataclasses.replace(  # shares from the checked counts: unweighted
        section, sizes={v: count(TOTAL, v) for v in section.sizes},
        excluded={v: count(TOTAL, v) for v in section.excluded}, common=common, divides=divides, weighted=False)


def _goals(quiet: list[QuietGoal] | None, goal_frame: pd.DataFrame | None) -> list[QuietGoal] | None:
    if quiet is None or goal_frame is None:
        return None
    rows = {str(g): (s, sh) for g, s, sh in zip(goal_frame["goal_id"], goal_frame["size"], goal_frame["share"])}
    out = []
    for goal in quiet:
        size, share = rows.get(goal.goal_id, (SECONDARY, None))
        out.append(dataclasses.replace(goal, count=size, share=size if size in MARKS else share))
    return out


def briefing_cells(briefing: Briefing) -> dict[str, object]:
    """Every count and share a briefing prints, by name (a public release records their digest)."""
    cells: dict[str, object] = {"briefing answers": briefing.meta.get("n_answers")}
    for card in briefing.themes:
        cells[f"briefing theme: {card.name}"] = card.size
    for section in briefing.sections:
        for value, size in {**section.sizes, **section.excluded}.items():
            cells[f"briefing {section.attribute}: {value}"] = size
        for g in section.common:
            cells[f"briefing common {section.attribute}: {g.name} × {g.weakest}"] = g.min_share
        for d in section.divides:
            cells[f"briefing divide {section.attribute}: {d.name} × {d.high}"] = d.share_high
            cells[f"briefing divide {section.attribute}: {d.name} × {d.low}"] = d.share_low
    for goal in briefing.quiet_goals or []:
        cells[f"briefing goal: {goal.name}"] = goal.count
    return cells
