"""Personal data in the data flow: masked at import, redacted by staff, counted for exports.

Answers are masked when they are imported, before anything is embedded, tokenised
or shown: the store keeps the masked ``text`` (what the analysis, the pages and the
exports use) beside ``raw_text`` (the original, for staff review only) and one
finding per masked item. Manual redactions are terms staff add afterwards; they are
applied to texts, labels and keywords of every view (``apply_redactions``) without
re-running the analysis.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence

import pandas as pd

from listening.store import Store, text_hash

from .detect import PLACEHOLDERS, mask_texts

REDACTED = {"ja": "［非公開］", "ko": "[비공개]", "other": "[REDACTED]"}
FINDING_COLUMNS = ("answer_id", "kind", "start", "end", "original")


def mask_answers(kept: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``kept`` with ``text`` masked and the original in ``raw_text``, and the findings
    (answer_id, kind, start, end, original; start/end index ``raw_text``)."""
    out = kept.copy()
    texts = kept["text"].astype(str).tolist()
    masked, found = mask_texts(texts, kept["language"].astype(str).tolist())
    out["raw_text"] = texts
    out["text"] = masked
    rows = [(aid, f.kind, f.start, f.end, f.original)
            for aid, items in zip(kept["answer_id"].astype(str), found) for f in items]
    return out, pd.DataFrame(rows, columns=list(FINDING_COLUMNS))


def mask_stored(store: Store, dataset_id: int) -> int:
    """Mask answers a store holds from before masking existed; returns how many were read."""
    legacy = store.unmasked_answers(dataset_id)
    if legacy.empty:
        return 0
    masked, found = mask_texts(legacy["text"].tolist(), legacy["language"].tolist())
    rows = [(pk, f.kind, f.start, f.end, f.original)
            for pk, items in zip(legacy["pk"], found) for f in items]
    findings = pd.DataFrame(rows, columns=["answer_pk", "kind", "start", "end", "original"])
    store.save_masking(legacy["pk"].tolist(), legacy["text"].tolist(), masked,
                       [text_hash(t) for t in masked], findings)
    return len(legacy)


def normalise_term(term: str) -> str:
    """A redaction term as stored answers are written (NFKC, single spaces)."""
    return " ".join(unicodedata.normalize("NFKC", term).split())


def _pattern(terms: Sequence[str]) -> re.Pattern | None:
    clean = {normalise_term(t) for t in terms}
    # A term inside a placeholder would redact the placeholder itself.
    marks = list(REDACTED.values()) + [p for table in PLACEHOLDERS.values() for p in table.values()]
    clean = sorted((t for t in clean if t and not any(t in m for m in marks)), key=len, reverse=True)
    if not clean:
        return None
    return re.compile("|".join(re.escape(t) for t in clean), re.IGNORECASE)


def redact_texts(texts: Sequence[str], languages: Sequence[str], terms: Sequence[str]) -> list[str]:
    """Every occurrence of any term (case-insensitive, longest first) replaced by the
    placeholder of the text's language."""
    return _redact(texts, languages, _pattern(terms))


def _redact(texts: Sequence[str], languages: Sequence[str], pattern: re.Pattern | None) -> list[str]:
    if pattern is None:
        return list(texts)
    return [pattern.sub(REDACTED.get(lang, REDACTED["other"]), t) if isinstance(t, str) else t
            for t, lang in zip(texts, languages)]


def count_matches(texts: Sequence[str], term: str) -> int:
    """How many texts contain ``term`` (what a new redaction would touch)."""
    pattern = _pattern([term])
    return 0 if pattern is None else sum(1 for t in texts if isinstance(t, str) and pattern.search(t))


def apply_redactions(analysis, terms: Sequence[str]):
    """The analysis with ``terms`` redacted in answer texts, cluster labels, keywords, names and sentences."""
    pattern = _pattern(terms)  # compiled once for every text, label and keyword below
    if pattern is None:
        return analysis
    answers = analysis.answers.copy()
    langs = answers["language"].astype(str).tolist()
    for column in ("text", "theme_label", "topic_label"):
        if column in answers:
            answers[column] = _redact(answers[column].tolist(), langs, pattern)
    clusters = analysis.clusters.copy()
    lang = pd.Series(langs).mode().iat[0] if langs else "other"
    clusters["label"] = _redact(clusters["label"].tolist(), [lang] * len(clusters), pattern)
    clusters["keywords"] = [_redact(list(k), [lang] * len(k), pattern) for k in clusters["keywords"]]
    for column in ("name", "summary"):  # opinion groups named in words (listening.analysis.naming)
        if column in clusters:
            clusters[column] = _redact(clusters[column].tolist(), [lang] * len(clusters), pattern)
    if "names" in clusters:
        clusters["names"] = [{k: _redact(list(v), [k] * len(v), pattern) for k, v in n.items()}
                             if isinstance(n, dict) else n for n in clusters["names"]]
    excluded = analysis.excluded
    if excluded is not None and len(excluded):
        excluded = excluded.copy()
        excluded["text"] = _redact(excluded["text"].tolist(), [lang] * len(excluded), pattern)
    return dataclasses.replace(analysis, answers=answers, clusters=clusters, excluded=excluded)


def masking_counts(store: Store, dataset_id: int) -> dict[str, int]:
    """Items masked per kind, plus ``manual``: the active manual redaction terms."""
    findings = store.list_findings(dataset_id)
    counts = {str(k): int(v) for k, v in findings["kind"].value_counts().sort_index().items()}
    counts["manual"] = len(store.list_redactions(dataset_id))
    return counts
