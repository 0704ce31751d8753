"""What a committee briefing contains, decided once and rendered by any writer (HTML, a page).

Counts are ints, or in a public briefing ``SUPPRESSED`` ("<5") or, for a theme size hidden
so that a small one cannot be worked out from the total, ``SECONDARY`` ("x", as in the public
export); shares are fractions (0-1), or ``SUPPRESSED`` where the count behind them is under
the threshold, or None.
Quotes are verbatim (masked) answer texts; ``answer_id`` is None in a public briefing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from listening.privacy import SECONDARY, SUPPRESSED

Audience = Literal["internal", "public"]
Count = int | str
Share = float | str | None

MARKS = (SUPPRESSED, SECONDARY)  # what a public briefing prints instead of a count


@dataclass(frozen=True)
class BriefingOptions:
    """What the briefing covers and for whom.

    ``by``: attributes whose common ground and divides are shown (age group, district ...).
    ``level``: the opinion groups compared across them (topics are specific enough to act on).
    ``min_size``: subgroups with fewer answers are pooled (or left out); ``min_cell``: public
    threshold under which a count is shown as ``SUPPRESSED``.
    """

    audience: Audience = "internal"
    language: Literal["ja", "ko", "en"] = "ja"
    by: tuple[str, ...] = ()
    level: Literal["theme", "topic"] = "topic"
    n_quotes: int = 3
    n_items: int = 3  # common-ground groups and divides per attribute, changes per wave
    min_size: int = 30
    min_cell: int = 5
    title: str | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    answer_id: str | None = None
    subgroup: str | None = None  # the attribute value of the person quoted, where that is the point


@dataclass(frozen=True)
class GroupCard:
    """One theme: its name in words, size, the sentence that stands for it and a few quotes."""

    cluster_id: int
    name: str
    keywords: list[str]
    size: Count
    share: Share
    respondents: Count
    summary: Quote | None
    quotes: list[Quote]
    topics: list[str]  # names of its topics, largest first
    weighted_share: Share = None  # weighted to the population (a weighted briefing), beside ``share``


@dataclass(frozen=True)
class GroundItem:
    """A group every compared subgroup raises: its smallest subgroup share and the consensus
    (smallest share in a subgroup / share overall)."""

    cluster_id: int
    name: str
    min_share: Share
    weakest: str
    consensus: float | None
    quotes: list[Quote]


@dataclass(frozen=True)
class DivideItem:
    """A group some subgroups raise far more than others: the highest and lowest subgroup,
    their shares, the difference in points and its Holm-adjusted p."""

    cluster_id: int
    name: str
    high: str
    share_high: Share
    low: str
    share_low: Share
    diff: float | None
    p_adjusted: float
    quotes: list[Quote]


@dataclass(frozen=True)
class AttributeSection:
    """Common ground and divides across one attribute. ``sizes``: answers per compared subgroup;
    ``pooled``: small values counted together; ``excluded``: values left out with their answers."""

    attribute: str
    sizes: dict[str, Count]
    pooled: list[str]
    excluded: dict[str, Count]
    common: list[GroundItem]
    divides: list[DivideItem]
    note: str | None = None  # why nothing could be compared (fewer than 2 subgroups)
    weighted: bool = False  # shares weighted to the population, tests on effective sizes


@dataclass(frozen=True)
class WaveChange:
    cluster_id: int
    name: str
    share: Share
    previous_share: Share
    change: float | None
    significant: bool


@dataclass(frozen=True)
class WaveSection:
    """What changed in the latest batch against the one before (changes largest first)."""

    latest: str
    previous: str
    changes: list[WaveChange]
    weighted: bool = False  # shares and changes weighted to the population


@dataclass(frozen=True)
class QuietGoal:
    goal_id: str
    name: str
    count: Count
    share: Share


@dataclass(frozen=True, eq=False)
class Briefing:
    """A committee briefing of one (curated) analysis.

    meta: title, dataset, audience, language, created_at (ISO), run_created_at,
    n_answers (Count), n_respondents (Count), n_themes, n_topics, level, min_cell, and in a
    weighted briefing ``weighting``: by (attributes), sources (source, as_of), n_weighted,
    effective_n, design_effect (counts of people follow the public small-cell rule).
    ``waves`` is None with a single batch; ``quiet_goals`` None when no goals exist.
    """

    options: BriefingOptions
    meta: dict
    themes: list[GroupCard]
    sections: list[AttributeSection] = field(default_factory=list)
    waves: WaveSection | None = None
    quiet_goals: list[QuietGoal] | None = None
