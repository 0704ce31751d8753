"""What an export contains, decided once and rendered by every writer.

``build_export`` (build.py) turns an analysis into an ``ExportData``; the report,
the workbook, the CSV and the JSON only render it. So every file of one export
shows the same counts, labels and (masked) texts, and the public protections
(small-cell suppression, k-anonymous attributes, no respondent ids) are applied
in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

Audience = Literal["internal", "public"]
ReportLanguage = Literal["ja", "ko", "en"]

# Shown instead of a count that describes fewer than ``min_cell`` people (primary
# suppression), and instead of a count hidden only so that such a count cannot be worked
# out from the others (secondary suppression: the count itself may be large).
SUPPRESSED = "<5"
SECONDARY = "x"
MARKS = (SUPPRESSED, SECONDARY)


@dataclass(frozen=True)
class ExportOptions:
    """What the staff chose to publish, and for whom."""

    audience: Audience = "internal"
    language: ReportLanguage = "ja"
    # Topics whose details, answers and map points go in; None = all. The theme
    # overview and the crosstabs always count every analysed answer.
    topics: tuple[int, ...] | None = None
    # Attributes crosstabbed (theme x attribute) in the report and workbook.
    crosstabs: tuple[str, ...] = ()
    # Attributes printed beside each answer; public exports k-anonymise them.
    answer_attributes: tuple[str, ...] = ()
    min_cell: int = 5
    n_representatives: int = 5  # 3-5 per topic in the report
    title: str | None = None  # None: the dataset name
    # The collection period: from the answers' dates when a date attribute is mapped (or one
    # named like a date holds dates), else as the staff write it here, else "unknown".
    period: str | None = None
    date_attribute: str | None = None  # the attribute holding each answer's date; None: found by name
    max_map_points: int = 3000
    # The goal coverage section (answers per goal of the dataset's vision goals).
    include_goals: bool = False
    briefing: bool = True  # the committee briefing beside the report (briefing.html)


@dataclass(frozen=True, eq=False)
class ExportData:
    """One export, ready to render. Counts are ints, or ``SUPPRESSED`` / ``SECONDARY`` (public only).

    meta: method note, a JSON-ready dict with keys
      title, dataset, audience, language, min_cell, created_at (export time, ISO),
      run_created_at, period (None: unknown), period_source ("data": a date
      attribute, "staff": what staff wrote, None), model, n_themes, n_topics,
      sources: list of {kind, encoding, answers_in, kept, dropped} plus, internal
      only, file and imported_at,
      internal only: fingerprint (run fingerprint), input_hash, settings (dict),
      answers: {in, kept, dropped, dropped_by_reason: {reason: n}, analysed,
                excluded (taken out by staff), published (rows in ``answers``)},
      masking: {kind: n} personal-data items masked, plus "manual": n redactions,
      topics_published: int, topics_total: int
    themes: theme_id, label, keywords (str, " / "-joined), size, share (float,
      None where size is suppressed), n_topics. Public: the sizes of published topics,
      and of themes whose topics are all published, are always printed: a reader can
      count their answers anyway.
    topics: topic_id, theme_id, theme_label, label, keywords (str), size, share,
      representatives (list[str]: masked answer texts, most central first)
      -- only the published topics, in theme then size order
    crosstabs: attribute -> wide DataFrame of counts. Index: theme labels plus a
      last "total" row; columns: attribute values (natural order, missing as its
      own value) plus a last "total" column. Index name = "theme", columns name =
      the attribute. Cells int, SUPPRESSED or SECONDARY.
    answers: answer_id (internal: the store's id; public: "A00001"... sequential,
      no respondent link), theme_id, theme_label, topic_id, topic_label, question,
      source, text (masked), then ``answer_attributes`` columns (public: withheld,
      as the localised "withheld" word, on rows whose crosstab cell is hidden and on
      rows whose attribute combination covers fewer than min_cell respondents)
    map_points: x, y, theme_id, theme_label (at most max_map_points, published topics)
    goals: goal_id, goal (name), level (0 viewpoint, 1 its goals ...), size (answers
      touching the goal; public: 1 to min_cell - 1 as SUPPRESSED, their partners as
      SECONDARY), share (None where suppressed); then a "no goal" row and a total row (every analysed answer).
      None unless ``options.include_goals`` and the caller passed the coverage.
    weighted: None, or (listening.export.weighting.with_weighting) {"themes": theme_id,
      weighted_share (None where the size is suppressed); "crosstabs": attribute -> weighted
      column percentages laid out like ``crosstabs`` (None where the count is suppressed)},
      with ``meta["weighting"]`` the method note (margins, source and date, diagnostics).
    """

    options: ExportOptions
    meta: dict
    themes: pd.DataFrame
    topics: pd.DataFrame
    crosstabs: dict[str, pd.DataFrame] = field(default_factory=dict)
    answers: pd.DataFrame = field(default_factory=pd.DataFrame)
    map_points: pd.DataFrame = field(default_factory=pd.DataFrame)
    goals: pd.DataFrame | None = None
    weighted: dict | None = None
    # The committee briefing (listening.briefing.Briefing); a public one prints only checked counts.
    briefing: object | None = None
