"""Terms staff redact by hand, applied to every view without re-running the analysis.

A redaction term is replaced wherever it appears: answer texts, attribute values,
cluster labels and keywords. Keywords that are parts of masked items (a surname of a
masked name, the user part of a masked e-mail) are dropped too: a fragment that
survives elsewhere in the answers must not come back as a topic's keyword.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from .detect import normalise_term
from .placeholders import MARKS, REDACTED

# Kinds whose masked text is who someone is; fragments of addresses and numbers are places and counts.
_IDENTITY_KINDS = ("name", "email", "account", "url")
_HONORIFIC_TAIL_RE = re.compile(r"\s?(?:さん|様|さま|氏|君|くん|ちゃん|先生|殿|씨|님|선생님)$")
_MAX_FRAGMENT = 12
_WEB_WORDS = frozenset({"http", "https", "www", "com", "net", "org", "blog", "mail", "email", "line"})


def _pattern(terms: Sequence[str]) -> re.Pattern | None:
    clean = {normalise_term(t) for t in terms}
    # A term inside a placeholder would redact the placeholder itself.
    clean = sorted((t for t in clean if t and not any(t in m for m in MARKS)), key=len, reverse=True)
    if not clean:
        return None
    return re.compile("|".join(re.escape(t) for t in clean), re.IGNORECASE)


def redact_texts(texts: Sequence[str], languages: Sequence[str], terms: Sequence[str]) -> list[str]:
    """Every occurrence of any term (case-insensitive, longest first) replaced by the
    placeholder of the text's language."""
    return _redact(texts, languages, _pattern(terms))


def _redact(texts: Sequence, languages: Sequence[str], pattern: re.Pattern | None) -> list:
    if pattern is None:
        return list(texts)
    return [pattern.sub(REDACTED.get(lang, REDACTED["other"]), t) if isinstance(t, str) else t
            for t, lang in zip(texts, languages)]


def count_matches(texts: Sequence[str], term: str) -> int:
    """How many texts contain ``term`` (what a new redaction would touch)."""
    pattern = _pattern([term])
    return 0 if pattern is None else sum(1 for t in texts if isinstance(t, str) and pattern.search(t))


def masked_fragments(findings: pd.DataFrame) -> frozenset[str]:
    """The pieces of masked names (any 2 to 12 characters) and of masked e-mails, accounts and
    personal URLs (each word of 3 or more), casefolded: a keyword equal to one is part of a
    masked item."""
    pieces: set[str] = set()
    if findings is None or findings.empty:
        return frozenset()
    for kind, original in zip(findings["kind"], findings["original"]):
        if kind not in _IDENTITY_KINDS or not isinstance(original, str):
            continue
        core = _HONORIFIC_TAIL_RE.sub("", normalise_term(original)).casefold()
        if kind != "name":  # user names and hosts: whole parts (taro, yamada), as the tokenizer splits them
            pieces.update(p for p in re.split(r"[^\w]+|_", core) if len(p) >= 3 and p not in _WEB_WORDS)
            continue
        n = len(core)  # a name: any piece, since a tokenizer may cut it anywhere (田中|太郎)
        pieces.update(core[i:j] for i in range(n) for j in range(i + 2, min(n, i + _MAX_FRAGMENT) + 1))
    return frozenset(pieces)


def drop_fragments(tokens: Iterable[list[str]], fragments: frozenset[str]) -> list[list[str]]:
    """Token lists without tokens that are parts of masked items."""
    if not fragments:
        return [list(t) for t in tokens]
    return [[w for w in ts if w.casefold() not in fragments] for ts in tokens]


def _without_fragments(label, fragments: frozenset[str], lang: str):
    """A keyword label ("田中 / バス / 公園") with each part that is a fragment marked redacted."""
    if not fragments or not isinstance(label, str):
        return label
    mark = REDACTED.get(lang, REDACTED["other"])
    return " / ".join(mark if p.casefold() in fragments else p for p in label.split(" / "))


def apply_redactions(analysis, terms: Sequence[str], fragments: frozenset[str] = frozenset()):
    """The analysis with ``terms`` redacted in answer texts, attribute values, cluster labels,
    keywords, names and sentences, and keywords that are ``fragments`` of masked items dropped."""
    pattern = _pattern(terms)  # compiled once for every text, label and keyword below
    if pattern is None and not fragments:
        return analysis
    answers = analysis.answers.copy()
    langs = answers["language"].astype(str).tolist()
    columns = ("text", "theme_label", "topic_label", *analysis.attributes)
    for column in dict.fromkeys(columns):
        if column in answers:
            answers[column] = _redact(answers[column].tolist(), langs, pattern)
    clusters = analysis.clusters.copy()
    lang = pd.Series(langs).mode().iat[0] if langs else "other"
    labels = [_without_fragments(label, fragments, lang) for label in clusters["label"].tolist()]
    clusters["label"] = _redact(labels, [lang] * len(clusters), pattern)
    for column in ("theme_label", "topic_label"):
        if column in answers and fragments:
            answers[column] = [_without_fragments(v, fragments, lang) for v in answers[column].tolist()]
    clusters["keywords"] = [_redact([w for w in k if str(w).casefold() not in fragments], [lang] * len(k), pattern)
                            for k in clusters["keywords"]]
    for column in ("name", "summary"):  # opinion groups named in words (listening.analysis.naming)
        if column in clusters:
            clusters[column] = _redact(clusters[column].tolist(), [lang] * len(clusters), pattern)
    if "names" in clusters:
        clusters["names"] = [{k: _redact(list(v), [k] * len(v), pattern) for k, v in n.items()}
                             if isinstance(n, dict) else n for n in clusters["names"]]
    excluded = analysis.excluded
    if excluded is not None and len(excluded) and pattern is not None:
        excluded = excluded.copy()
        excluded["text"] = _redact(excluded["text"].tolist(), [lang] * len(excluded), pattern)
    return dataclasses.replace(analysis, answers=answers, clusters=clusters, excluded=excluded)
