"""An analysis -> the ``Briefing`` a committee reads before a meeting.

Public briefings are protected here and nowhere else, with the public report's rules:
texts are the masked (and redacted) answers, no answer id is given, every count of
fewer than ``min_cell`` people is shown as ``SUPPRESSED`` (theme sizes with their
partners as ``SECONDARY``, by listening.privacy.suppress_sizes), as is every share whose count is
that small, and a quote is tied to an attribute value only where at least
``min_cell`` people of that value are in the group.
"""
from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from listening.analysis import Analysis, quotable
from listening.privacy import suppress_sizes
from listening.text import route_language
from listening.views import TOTAL_LABEL, ground_and_divides
from listening.waves import wave_table, weighted_view

from .model import (
    MARKS,
    SUPPRESSED,
    AttributeSection,
    Briefing,
    BriefingOptions,
    DivideItem,
    GroundItem,
    GroupCard,
    QuietGoal,
    Quote,
    WaveChange,
    WaveSection,
)

QUIET_SHARE = 0.02  # a goal touched by fewer of the answers is one "nobody speaks to"
_NO_GOAL = "(no goal)"


class _Context:
    """What every section needs: the answers, who wrote them, names, and the public rules."""

    def __init__(self, analysis: Analysis, options: BriefingOptions, weights: np.ndarray | None = None) -> None:
        self.options = options
        self.public = options.audience == "public"
        self.answers = analysis.answers.reset_index(drop=True)
        self.weights = weights  # one per answer by position (NaN: not weighted), or None
        ids = self.answers["answer_id"].astype(str)
        who = self.answers["respondent_id"].astype(object) if "respondent_id" in self.answers else ids
        self.person = who.where(who.notna(), "answer:" + ids).astype(str)
        self.ids = ids.to_numpy(dtype=object)
        self.position = {a: i for i, a in enumerate(self.ids.tolist())}
        self.text_of = self.answers["text"].astype(str).tolist()
        self.language_of = self.answers["language"].astype(str).tolist()
        self.clusters = analysis.clusters
        self.words = {(lv, int(c)): [str(k) for k in kw][:10] for lv, c, kw in zip(
            self.clusters["level"], self.clusters["cluster_id"], self.clusters["keywords"])}
        self.representatives = {(lv, int(c)): [str(r) for r in reps] for lv, c, reps in zip(
            self.clusters["level"], self.clusters["cluster_id"], self.clusters["representatives"])}
        column = "name" if "name" in self.clusters.columns else "label"
        self.names = {(lv, int(c)): str(n if isinstance(n, str) and n else lab) for lv, c, n, lab in zip(
            self.clusters["level"], self.clusters["cluster_id"], self.clusters[column], self.clusters["label"])}
        if "confidence" in self.answers:
            self.order = np.argsort(-self.answers["confidence"].astype(float).fillna(-np.inf).to_numpy(), kind="stable")
        else:
            self.order = np.arange(len(self.answers))

    def text(self, answer_id: str) -> str:
        at = self.position.get(answer_id)
        return "" if at is None else self.text_of[at]

    def language(self, answer_id: str) -> str:
        at = self.position.get(answer_id)
        return "other" if at is None else route_language(self.text_of[at], self.language_of[at])

    def quote(self, answer_id: str, subgroup: str | None = None, keywords: Sequence[str] = ()) -> Quote | None:
        piece = quotable(self.text(answer_id), self.language(answer_id), keywords)
        if not piece:
            return None
        return Quote(piece, None if self.public else answer_id, subgroup)

    def keywords(self, level: str, cluster_id: int) -> list[str]:
        return self.words.get((level, int(cluster_id)), [])

    def count(self, value: int, people: int) -> int | str:
        return SUPPRESSED if self.public and people < self.options.min_cell else int(value)

    def share(self, share: float, people: int) -> float | str:
        return SUPPRESSED if self.public and people < self.options.min_cell else float(share)

    def quotes_in(self, rows: np.ndarray, n: int, skip: Collection[str] = (), subgroup: str | None = None,
                  keywords: Sequence[str] = (), first: Sequence[str] = ()) -> list[Quote]:
        """Up to ``n`` quotes from the answers at positions ``rows`` (see ``picked``)."""
        return [q for _, q in self.picked(rows, n, skip, subgroup, keywords, first)]

    def picked(self, rows: np.ndarray, n: int, skip: Collection[str] = (), subgroup: str | None = None,
               keywords: Sequence[str] = (), first: Sequence[str] = ()) -> list[tuple[str, Quote]]:
        """(answer id, quote) of up to ``n`` answers at positions ``rows``: the ``first`` answer
        ids (the group's representatives) among them, then the most typical. A quote repeating
        one already taken (an answer copied into another) is skipped."""
        inside = np.zeros(len(self.answers), dtype=bool)
        inside[rows] = True
        candidates = [a for a in first if a in self.position and inside[self.position[a]]]
        out: list[tuple[str, Quote]] = []
        for answer_id in itertools.chain(candidates, (self.ids[i] for i in self.order[inside[self.order]])):
            if answer_id in skip:
                continue
            quote = self.quote(answer_id, subgroup, keywords)
            if quote is not None and not any(quote.text in q.text or q.text in quote.text for _, q in out):
                out.append((answer_id, quote))
            if len(out) >= n:
                break
        return out


def build_briefing(analysis: Analysis, options: BriefingOptions = BriefingOptions(),
                   batches: pd.DataFrame | None = None, goals: pd.DataFrame | None = None,
                   created_at: str | None = None, weighting=None) -> Briefing:
    """The briefing of ``analysis`` (as the pages show it: curated, redactions applied).

    ``batches``: the dataset's batches (id, name, collected_on) for the latest-wave section;
    ``goals``: the goal coverage table (listening.goals.export_coverage) for the goals
    nobody speaks to; ``created_at``: the time printed (default now), so the same input
    can give the same file. ``weighting`` (listening.weighting.Weighting of these answers):
    each theme's weighted share beside its share, common ground, divides and the latest
    wave compared on weighted shares (tests on effective sizes), and what the weights are
    matched to in ``meta["weighting"]``; counts of answers and people stay unweighted.
    """
    unknown = [a for a in options.by if a not in analysis.answers.columns]
    if unknown:
        raise ValueError(f"unknown attribute(s) {', '.join(unknown)}; the answers have: "
                         f"{', '.join(map(str, analysis.attributes))}")
    weights = None
    if weighting is not None:
        from listening.weighting import answer_weights

        weights = answer_weights(analysis.answers.reset_index(drop=True), weighting.weights).to_numpy(dtype=float)
    ctx = _Context(analysis, options, weights)
    themes = _themes(ctx)
    sections = [_section(ctx, attribute) for attribute in options.by]
    n_people = ctx.person.nunique()
    meta = {
        "title": options.title or analysis.info.dataset or "",
        "dataset": analysis.info.dataset or "",
        "audience": options.audience, "language": options.language,
        "created_at": created_at or pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
        "run_created_at": analysis.info.created_at,
        "n_answers": ctx.count(len(ctx.answers), n_people), "n_respondents": ctx.count(n_people, n_people),
        "n_themes": len(themes), "n_topics": int((analysis.clusters["level"] == "topic").sum()),
        "level": options.level, "min_cell": options.min_cell,
    }
    if weighting is not None:
        meta["weighting"] = _weighting_meta(weighting, ctx)
    return Briefing(options, meta, themes, sections, _waves(ctx, batches), _quiet_goals(ctx, goals))


def _weighting_meta(weighting, ctx: _Context) -> dict:
    """What the weighted shares are matched to, for the line under the overview."""
    from listening.weighting import weighting_note

    note = weighting_note(weighting, public=ctx.public, min_cell=ctx.options.min_cell)
    return {"by": list(note.get("by") or []), "method": note.get("method"),
            "sources": [{"source": s.get("source"), "as_of": s.get("as_of")} for s in note.get("sources") or []],
            "n_weighted": note.get("n_weighted"), "effective_n": note.get("effective_n"),
            "design_effect": note.get("design_effect")}


def _themes(ctx: _Context) -> list[GroupCard]:
    answers, clusters = ctx.answers, ctx.clusters
    size = answers["theme"].astype(int).value_counts().sort_index()
    people = ctx.person.groupby(answers["theme"].astype(int).to_numpy()).nunique().reindex(size.index)
    if ctx.public:
        shown = suppress_sizes(size, len(answers), ctx.options.min_cell, people,
                               total_people=ctx.person.nunique()).iloc[:-1].to_dict()
    else:
        shown = {int(i): int(v) for i, v in size.items()}
    order = sorted(size.index, key=lambda i: (1, i) if shown[i] in MARKS else (0, -int(shown[i]), i))
    rows = {(r["level"], int(r["cluster_id"])): r for r in clusters.to_dict("records")}
    topic_size = answers["topic"].astype(int).value_counts()
    weighted = {}
    if ctx.weights is not None:
        ok = np.isfinite(ctx.weights)
        sums = pd.Series(ctx.weights[ok]).groupby(answers["theme"].astype(int).to_numpy()[ok]).sum()
        total = float(sums.sum())
        weighted = {int(i): float(v) / total for i, v in sums.items()} if total > 0 else {}
    cards = []
    for theme in order:
        theme = int(theme)
        record = rows.get(("theme", theme), {})
        members = np.flatnonzero(answers["theme"].astype(int).to_numpy() == theme)
        summary, summary_id = _summary(ctx, record, members)
        quotes = [q for q in ctx.quotes_in(members, ctx.options.n_quotes + 1, {summary_id},
                                           keywords=ctx.keywords("theme", theme),
                                           first=ctx.representatives.get(("theme", theme), []))
                  if summary is None or not (q.text in summary.text or summary.text in q.text)][:ctx.options.n_quotes]
        topics = sorted((int(t) for t, p in zip(clusters["cluster_id"], clusters["parent"])
                         if not pd.isna(p) and int(p) == theme and int(t) in topic_size.index),
                        key=lambda t: (-int(topic_size[t]), t))
        hidden = shown[theme] in MARKS
        cards.append(GroupCard(
            cluster_id=theme, name=ctx.names.get(("theme", theme), str(theme)),
            keywords=[str(k) for k in record.get("keywords", [])][:5], size=shown[theme],
            share=None if hidden else int(size[theme]) / max(len(answers), 1),
            respondents=shown[theme] if hidden else int(people[theme]),
            summary=summary, quotes=quotes, topics=[ctx.names.get(("topic", t), str(t)) for t in topics],
            weighted_share=None if hidden or ctx.weights is None else weighted.get(theme, 0.0)))
    return cards


def _summary(ctx: _Context, record: Mapping, members: np.ndarray) -> tuple[Quote | None, str]:
    """(quote, answer id) of the stored sentence when it is still a quotable piece of a member
    answer (curation and redactions can change that); else of the group's most typical answer."""
    answer_id, text = record.get("summary_id"), record.get("summary")
    ids = ctx.answers["answer_id"].astype(str).to_numpy()[members]
    if isinstance(answer_id, str) and isinstance(text, str) and answer_id in set(ids.tolist()):
        if text in ctx.text(answer_id) and quotable(text, ctx.language(answer_id), relaxed=True) == text:
            return Quote(text, None if ctx.public else answer_id), answer_id
    cid = int(record.get("cluster_id", -1))
    found = ctx.picked(members, 1, keywords=ctx.keywords("theme", cid), first=ctx.representatives.get(("theme", cid), []))
    return (found[0][1], found[0][0]) if found else (None, "")


def _section(ctx: _Context, attribute: str) -> AttributeSection:
    options = ctx.options
    result = ground_and_divides(ctx.answers, options.level, attribute, ctx.clusters, min_size=options.min_size,
                                weights=ctx.weights)
    info, group = result.subgroups, result.membership
    level_ids = ctx.answers[options.level].to_numpy(dtype=np.int64)
    values = group.to_numpy(dtype=object)
    inside = group.notna().to_numpy()
    cell_people = ctx.person[inside].groupby([level_ids[inside], group[inside].to_numpy()]).nunique()
    value_people = ctx.person[inside].groupby(group[inside].to_numpy()).nunique()

    def people(cid: int, value: str) -> int:
        return int(cell_people.get((cid, value), 0))

    def members(cid: int, value: str | None = None) -> np.ndarray:
        mask = level_ids == cid
        if value is not None:
            mask &= values == value
        return np.flatnonzero(mask)

    common = []
    for row in result.common[result.common["is_common"]].head(options.n_items).itertuples(index=False):
        cid = int(row.cluster_id)
        weakest_people = people(cid, row.weakest)
        shares = result.shares.loc[cid].sort_values(ascending=False)
        quotes = []
        for value in shares.index:  # one quote from each of the subgroups raising it most
            if ctx.public and people(cid, value) < options.min_cell:
                continue
            more = ctx.quotes_in(members(cid, value), 1, subgroup=value, keywords=ctx.keywords(options.level, cid),
                                 first=ctx.representatives.get((options.level, cid), []))
            quotes += [q for q in more if not any(q.text in o.text or o.text in q.text for o in quotes)]
            if len(quotes) >= options.n_quotes:
                break
        common.append(GroundItem(cid, ctx.names.get((options.level, cid), str(cid)),
                                 ctx.share(row.min_share, weakest_people), row.weakest,
                                 None if ctx.public and weakest_people < options.min_cell else float(row.consensus),
                                 quotes))
    divides = []
    for row in result.divides[result.divides["significant"]].head(options.n_items).itertuples(index=False):
        cid = int(row.cluster_id)
        hi, lo = people(cid, row.high), people(cid, row.low)
        small = ctx.public and min(hi, lo) < options.min_cell
        quotes = [] if ctx.public and hi < options.min_cell else ctx.quotes_in(
            members(cid, row.high), min(2, options.n_quotes), subgroup=row.high,
            keywords=ctx.keywords(options.level, cid), first=ctx.representatives.get((options.level, cid), []))
        divides.append(DivideItem(cid, ctx.names.get((options.level, cid), str(cid)), row.high,
                                  ctx.share(row.share_high, hi), row.low, ctx.share(row.share_low, lo),
                                  None if small else float(row.diff), float(row.p_adjusted), quotes))
    sizes = {v: ctx.count(n, int(value_people.get(v, 0))) for v, n in info.sizes.items()}
    excluded = {v: ctx.count(n, n) for v, n in info.excluded.items()}
    note = None if len(info.values) >= 2 else "too_few_subgroups"
    return AttributeSection(attribute, sizes, list(info.pooled), excluded, common, divides, note,
                            weighted=ctx.weights is not None)


def _waves(ctx: _Context, batches: pd.DataFrame | None) -> WaveSection | None:
    answers = ctx.answers
    if batches is None or "batch_id" not in answers.columns or answers["batch_id"].nunique() < 2:
        return None
    dates = dict(zip(batches["id"], batches["collected_on"])) if "collected_on" in batches else None
    names = dict(zip(batches["id"], batches["name"].astype(str)))
    table = weighted_view(wave_table(answers, ctx.options.level, batch_dates=dates, weights=ctx.weights))
    order = list(dict.fromkeys(table["batch"].tolist()))
    latest, previous = order[-1], order[-2]
    now = table[table["batch"] == latest].set_index("cluster")
    before = table[table["batch"] == previous].set_index("cluster")
    people = ctx.person.groupby([answers["batch_id"].to_numpy(), answers[ctx.options.level].astype(int).to_numpy()]).nunique()
    rows = now[~now["small"]].assign(size=lambda f: f["change"].abs())
    rows = rows.sort_values(["significant", "size"], ascending=[False, False], kind="stable").head(ctx.options.n_items)
    changes = []
    for cid, row in rows.iterrows():
        p_now, p_before = int(people.get((latest, cid), 0)), int(people.get((previous, cid), 0))
        small = ctx.public and min(p_now, p_before) < ctx.options.min_cell
        if small:
            continue  # a public briefing has nothing to say about a change it cannot show
        changes.append(WaveChange(int(cid), ctx.names.get((ctx.options.level, int(cid)), str(cid)),
                                  ctx.share(row["share"], p_now), ctx.share(before.at[cid, "share"], p_before),
                                  None if small else float(row["change"]), bool(row["significant"])))
    return WaveSection(names.get(latest, str(latest)), names.get(previous, str(previous)), changes,
                       weighted=ctx.weights is not None)


def _quiet_goals(ctx: _Context, goals: pd.DataFrame | None) -> list[QuietGoal] | None:
    if goals is None:
        return None
    real = goals[~goals["goal_id"].astype(str).isin([_NO_GOAL, TOTAL_LABEL])]
    quiet = real[real["share"].astype(float) < QUIET_SHARE].sort_values("share", kind="stable")
    return [QuietGoal(str(r.goal_id), str(r.name), ctx.count(int(r.count), int(r.count)),
                      ctx.share(float(r.share), int(r.count))) for r in quiet.itertuples(index=False)]
