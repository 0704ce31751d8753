"""Values passed between pipeline steps.

Every step takes and returns plain values (frozen dataclasses, numpy arrays,
DataFrames). Only ``store.py`` touches disk.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Literal

import pandas as pd

Language = Literal["ja", "ko", "other"]
Source = Literal["survey", "hearing"]

# Reasons a candidate answer is dropped. Every dropped answer carries one of these,
# so "answers in == kept + dropped" can be shown per reason in the UI and run.json.
DROP_EMPTY = "empty"  # blank cell
DROP_NO_CONTENT = "no_content"  # 特になし, 없음, "-", punctuation only ...
DROP_DUPLICATE_ROW = "duplicate_row"  # the whole file row repeats an earlier row
DROP_TOO_SHORT = "too_short"  # a hearing-note fragment too short to be an opinion
DROP_TOO_LONG = "too_long"  # longer than any answer (a pasted document, a broken quote)
DROP_REASONS = (DROP_EMPTY, DROP_NO_CONTENT, DROP_DUPLICATE_ROW, DROP_TOO_SHORT, DROP_TOO_LONG)


class InputError(ValueError):
    """A problem with a user's file or column choice.

    The message is meant for the user: it names the file and, where known, the
    row and column, and says what to do. Never wraps a traceback. ``code`` (snake
    case, stable) and ``params`` let :func:`listening.messages.describe_error` say
    the same in the user's language; ``message`` stays the English fallback.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        code: str = "input_error",
        params: dict | None = None,
    ) -> None:
        self.message = message
        self.code = code
        self.params = dict(params or {})
        self.file = file
        self.row = row
        self.column = column
        where = []
        if file:
            where.append(file)
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


@dataclass(frozen=True, eq=False)
class RawTable:
    """A file read into a table of strings, before any column is chosen.

    ``frame`` holds every column as strings (missing cells are NA). For hearing
    notes it holds one row per note with the note's header fields and its
    ``body``. ``first_row`` is the file row number of ``frame``'s first row
    (2 for a CSV with a header line), so errors and dropped rows can cite the
    row a person sees in Excel.
    """

    frame: pd.DataFrame
    filename: str
    kind: Source
    input_hash: str
    encoding: str | None = None
    sheet: str | None = None
    first_row: int = 2


@dataclass(frozen=True, eq=False)
class Answers:
    """Candidate answers after selection and normalisation, with full accounting.

    ``kept`` has one row per answer with the columns
    ``answer_id, respondent_id, question, source, row, text, language`` followed
    by the attribute columns. ``dropped`` has
    ``row, respondent_id, question, reason, text`` (the raw text).
    Invariant: ``n_in == len(kept) + len(dropped)``.
    """

    kept: pd.DataFrame
    dropped: pd.DataFrame
    n_in: int
    attributes: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()

    def drop_counts(self) -> dict[str, int]:
        if self.dropped.empty:
            return {}
        return {str(k): int(v) for k, v in self.dropped["reason"].value_counts().sort_index().items()}


@dataclass(frozen=True)
class ClusteringSettings:
    """How the clustering space and the clusters are built (listening.analysis.cluster).

    Measured choices (bench/cluster_quality.py), rarely changed. A run records only
    those that differ from these defaults, so runs stored before they were settings
    keep their fingerprints; changing a default here therefore needs a new step
    version (CLUSTER_VERSION), as any other change of the clustering's results does.
    """

    theme_range: tuple[int, int] = (4, 10)  # allowed theme counts when chosen from the data
    topic_range: tuple[int, int] = (10, 40)  # allowed topic counts when chosen from the data
    lexical_weight: float = 0.5  # weight of the answers' words beside the sentence vector
    n_neighbors: int = 15  # neighbours per answer in the kNN graph (smoothing, map, placement)
    smooth_steps: int = 3  # averaging steps over the kNN graph
    low_confidence_margin: float = 0.05  # flagged when another topic's centre is this close

    def __post_init__(self) -> None:
        for name in ("theme_range", "topic_range"):
            low, high = (int(v) for v in getattr(self, name))  # a JSON list reads back as a tuple
            if not 1 <= low <= high:
                raise ValueError(f"{name} must be two counts, the smaller first: got {getattr(self, name)}")
            object.__setattr__(self, name, (low, high))
        if self.lexical_weight < 0 or self.low_confidence_margin < 0:
            raise ValueError("lexical_weight and low_confidence_margin cannot be negative")
        if self.n_neighbors < 1 or self.smooth_steps < 0:
            raise ValueError("n_neighbors must be at least 1 and smooth_steps at least 0")

    def changed(self, names: Iterable[str] | None = None) -> dict:
        """The settings (of ``names``, default all) that differ from the defaults, as JSON values."""
        default = ClusteringSettings()
        wanted = [f.name for f in fields(self)] if names is None else list(names)
        return {name: _plain(getattr(self, name)) for name in wanted
                if hasattr(default, name) and getattr(self, name) != getattr(default, name)}


@dataclass(frozen=True)
class AnalysisSettings:
    """Everything that changes the result of an analysis. Hashable: part of the run fingerprint."""

    n_themes: int | None = None  # None: chosen from the data (clustering.theme_range)
    n_topics: int | None = None  # None: chosen from the data (clustering.topic_range)
    random_state: int = 0
    model: str = "use-multilingual-v3"
    lang: Literal["auto", "ja", "ko"] = "auto"
    n_keywords: int = 10
    n_representatives: int = 5
    clustering: ClusteringSettings = field(default_factory=ClusteringSettings)

    def as_record(self) -> dict:
        """The settings as stored with a run and hashed into its fingerprint: every field, and
        ``clustering`` only with what differs from its defaults (absent when nothing does)."""
        record = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "clustering"}
        if changed := self.clustering.changed():
            record["clustering"] = changed
        return record

    @classmethod
    def from_record(cls, record: dict | None) -> "AnalysisSettings":
        """Settings from ``as_record`` (a stored run's); fields it lacks take their defaults,
        keys this version does not know are ignored."""
        record = dict(record or {})
        known = {f.name for f in fields(cls)} - {"clustering"}
        clustering = ClusteringSettings(**{k: v for k, v in (record.get("clustering") or {}).items()
                                           if k in {f.name for f in fields(ClusteringSettings)}})
        return cls(**{k: v for k, v in record.items() if k in known}, clustering=clustering)


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True, eq=False)
class ClusterResult:
    """Two-level clustering: every answer has a topic and a theme; topics nest in themes."""

    topic: "object"  # np.ndarray[int], one per answer, 0..n_topics-1
    theme: "object"  # np.ndarray[int], one per answer, 0..n_themes-1
    topic_parent: "object"  # np.ndarray[int], theme of each topic
    confidence: "object"  # np.ndarray[float]: own-topic similarity minus the best other
    low_confidence: "object"  # np.ndarray[bool]
    n_topics: int = 0
    n_themes: int = 0
    chosen: dict = field(default_factory=dict)  # how the numbers were chosen (scores per k)


GOAL_LANGUAGES = ("ja", "ko")


@dataclass(frozen=True)
class Goal:
    """One goal (or viewpoint) of a vision, in Japanese or Korean.

    Strings are stripped and empty example/keyword entries dropped on creation, so
    a goal compares equal to itself after a trip through a file.
    """

    goal_id: str
    name: str
    description: str = ""
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    parent: str | None = None
    language: str = "ja"

    def __post_init__(self) -> None:
        clean = {
            "goal_id": str(self.goal_id).strip(), "name": str(self.name).strip(),
            "description": str(self.description or "").strip(),
            "examples": tuple(s for s in (str(e).strip() for e in self.examples) if s),
            "keywords": tuple(s for s in (str(k).strip() for k in self.keywords) if s),
            "parent": (str(self.parent).strip() or None) if self.parent is not None else None,
            "language": str(self.language or "ja").strip(),
        }
        for name, value in clean.items():
            object.__setattr__(self, name, value)


def validate_goals(goals: list[Goal], filename: str | None = None) -> list[Goal]:
    """``goals`` unchanged when they form a valid set; InputError naming the problem otherwise.

    Ids are unique and non-empty, names non-empty, parents name an existing goal
    without a cycle, languages are ja/ko, and no example or keyword holds a line
    break or "|" (the CSV separators, which could not be written back).
    """
    def fail(message: str, code: str, **params) -> InputError:
        return InputError(message, file=filename, code=code, params=params)

    if not goals:
        raise fail("no goals found: add at least one row with a goal name.", "goals_empty")
    ids = [g.goal_id for g in goals]
    for goal in goals:
        if not goal.goal_id:
            raise fail(f"the goal '{goal.name}' has no id.", "goals_missing_id", name=goal.name)
        if not goal.name:
            raise fail(f"the goal '{goal.goal_id}' has no name.", "goals_missing_name", goal=goal.goal_id)
        if ids.count(goal.goal_id) > 1:
            raise fail(f"the goal id '{goal.goal_id}' is used more than once.", "goals_duplicate_id",
                       goal=goal.goal_id)
        if goal.language not in GOAL_LANGUAGES:
            raise fail(f"the goal '{goal.goal_id}' has language '{goal.language}': use ja or ko.",
                       "goals_bad_language", goal=goal.goal_id, language=goal.language)
        if goal.parent is not None and goal.parent not in ids:
            raise fail(f"the goal '{goal.goal_id}' names a parent '{goal.parent}' that is not in the file.",
                       "goals_unknown_parent", goal=goal.goal_id, parent=goal.parent)
        for text in (*goal.examples, *goal.keywords):
            if "|" in text or "\n" in text:
                raise fail(f"an example or keyword of '{goal.goal_id}' contains '|' or a line break: "
                           "split it into separate entries.", "goals_bad_separator", goal=goal.goal_id)
    parents = {g.goal_id: g.parent for g in goals}
    for start in ids:
        seen, at = set(), start
        while at is not None:
            if at in seen:
                raise fail(f"the parents of '{start}' go round in a circle.", "goals_parent_cycle",
                           goal=start)
            seen.add(at)
            at = parents[at]
    return goals
