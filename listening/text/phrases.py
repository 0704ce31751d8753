"""Phrases of Japanese and Korean answers, for naming opinion groups in words.

A keyword ("駐車場", "少ない") is one word; a committee reads phrases. This module
finds, in each answer, the phrases its morphological analysis supports:

- Japanese (fugashi + UniDic): noun compounds (子育て支援, 駐車場), の-compounds of two
  of them (子どもの遊び場, バスの本数), and a noun phrase with the predicate its
  particle ties it to, shown with that particle (「バスの本数が少ない」 -> バスの本数が少ない,
  「バスが来ない」 -> バスが来ない, 「施設が充実している」 -> 施設が充実).
- Korean (kiwipiepy): noun compounds as spaced in the answer (주차 공간, 주차 공간 부족),
  and a noun phrase with its predicate stem, nominalised by Kiwi itself
  (「놀이터가 없어요」 -> 놀이터 없음, 「노선을 늘려」 -> 노선 늘리기, 「주차 공간이
  부족하다」 -> 주차 공간 부족).
- Anything else: content words and pairs of adjacent content words.

A phrase is identified by its lemmas (子供の遊び場 and 子どもの遊び場 are one phrase) and
shown in the spelling used most often. Its noun parts are copied from the answer as
written; a predicate is shown in its dictionary (ja) or nominalised (ko) form. A
phrase never crosses a sentence or a line break, and bracketed spans (the masking
placeholders ［氏名］, [이름], ［非公開］) are cut out before the analysis, so no
placeholder word can ever be a phrase.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from .phrases_ja import japanese_phrases
from .phrases_ko import korean_phrases
from .stopwords import OTHER_STOPWORDS
from .tokens import get_kiwi, get_tagger, route_language

# Part of every cache key built from phrases: bump whenever any phrase can change.
PHRASE_VERSION = "2"  # 2: Japanese phrases shown with their particle (バスが来ない)

MAX_PHRASE_CHARS = 18  # longer than a name can be read at a glance
_WORD_RE = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Phrases:
    """Phrases of a list of texts.

    ``phrases[i]`` = (key, shown text, words, language); ``key`` identifies the phrase
    by its lemmas, ``words`` are the lemmas of its content words (noun compounds count
    as one word). ``per_text[t]`` holds the ids of the distinct phrases of text ``t``.
    """

    phrases: list[tuple[str, str, tuple[str, ...], str]]
    per_text: list[list[int]]

    @cached_property
    def held(self) -> sp.csr_matrix:
        """Texts x phrases, 1 where the text holds the phrase."""
        lengths = np.fromiter((len(ids) for ids in self.per_text), dtype=np.int64, count=len(self.per_text))
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        indices = np.fromiter((p for ids in self.per_text for p in ids), dtype=np.int64, count=int(indptr[-1]))
        return sp.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(self.per_text), len(self.phrases)))

    @cached_property
    def languages(self) -> np.ndarray:
        """The language of each phrase."""
        return np.array([p[3] for p in self.phrases], dtype=object)

    @cached_property
    def word_counts(self) -> np.ndarray:
        """How many words each phrase holds."""
        return np.fromiter((len(p[2]) for p in self.phrases), dtype=np.int64, count=len(self.phrases))

    @cached_property
    def words(self) -> tuple[sp.csr_matrix, np.ndarray]:
        """(phrases x words 0/1, the words): which phrase holds which word."""
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for pid, (_, _, words, _) in enumerate(self.phrases):
            for w in set(words):
                rows.append(pid)
                cols.append(vocab.setdefault(w, len(vocab)))
        matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(self.phrases), len(vocab)))
        return matrix, np.array(list(vocab), dtype=object)

    def as_json(self) -> dict:
        return {"version": PHRASE_VERSION, "phrases": [[k, s, list(w), lang] for k, s, w, lang in self.phrases],
                "per_text": self.per_text}

    @classmethod
    def from_json(cls, data: dict | None) -> "Phrases | None":
        if not data or data.get("version") != PHRASE_VERSION:
            return None
        return cls([(k, s, tuple(w), lang) for k, s, w, lang in data["phrases"]], data["per_text"])


# One occurrence: (key, shown, words).
Occurrence = tuple[str, str, tuple[str, ...]]


# ---- other languages --------------------------------------------------------------------


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _other(text: str) -> list[Occurrence]:
    out: list[Occurrence] = []
    previous: tuple[str, str, int] | None = None  # key, word, where it ended
    for match in _WORD_RE.finditer(text):
        word = match.group(0)
        key = _clean(word)
        if key in OTHER_STOPWORDS:
            previous = None
            continue
        out.append((key, word, (key,)))
        if previous is not None and not text[previous[2]:match.start()].strip():
            out.append((f"{previous[0]} {key}", f"{previous[1]} {word}", (previous[0], key)))
        previous = (key, word, match.end())
    return out


# ---- the batch ---------------------------------------------------------------------------

_SEGMENT_RE = re.compile(r"[^\n。．！？!?\[\]「」『』()]+")
# Bracketed spans (after NFKC, ［氏名］ reads [氏名]) are placeholders or notes: never phrases.
_BRACKETED_RE = re.compile(r"\[[^\]\n]{0,24}\]")


def extract_phrases(texts: Sequence[str], languages: Sequence[str]) -> Phrases:
    """Phrases of each text, analysed in its language (see the module docstring).

    Texts are cut at sentence ends, line breaks and brackets first, so no phrase
    spans two sentences or reaches into a placeholder. A phrase is shown in the
    spelling most often used within ``texts``.
    """
    if len(texts) != len(languages):
        raise ValueError(f"{len(texts)} texts but {len(languages)} languages")
    routed: dict[str, list[int]] = {}
    segments: list[list[str]] = []
    for t, (text, lang) in enumerate(zip(texts, languages)):
        text = unicodedata.normalize("NFKC", text) if isinstance(text, str) else ""
        segments.append(_SEGMENT_RE.findall(_BRACKETED_RE.sub("\n", text)))
        routed.setdefault(route_language(text, lang), []).append(t)
    found: list[list[tuple[Occurrence, str]]] = [[] for _ in texts]
    if "ja" in routed:
        tagger = get_tagger()
        for t in routed["ja"]:
            found[t] = [(o, "ja") for seg in segments[t] for o in japanese_phrases(seg, tagger)]
    if "ko" in routed:
        kiwi = get_kiwi()
        pieces = [(t, seg) for t in routed["ko"] for seg in segments[t] if seg.strip()]
        for (t, seg), morphs in zip(pieces, kiwi.tokenize([seg for _, seg in pieces])):
            found[t].extend((o, "ko") for o in korean_phrases(seg, morphs, kiwi))
    for t in routed.get("other", []):
        found[t] = [(o, "other") for seg in segments[t] for o in _other(seg)]
    return _index(found)


def _index(found: list[list[tuple[Occurrence, str]]]) -> Phrases:
    ids: dict[tuple[str, str], int] = {}
    spellings: list[Counter] = []
    words: list[tuple[str, ...]] = []
    per_text: list[list[int]] = []
    for occurrences in found:
        mine: list[int] = []
        for (key, shown, ws), lang in occurrences:
            if len(shown) > MAX_PHRASE_CHARS:
                continue
            full = (lang, key)
            pid = ids.get(full)
            if pid is None:
                pid = ids[full] = len(spellings)
                spellings.append(Counter())
                words.append(ws)
            spellings[pid][shown] += 1
            if pid not in mine:
                mine.append(pid)
        per_text.append(mine)
    phrases = []
    for (lang, key), pid in ids.items():
        shown = min(spellings[pid].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        phrases.append((key, shown, words[pid], lang))
    return Phrases(phrases, per_text)
