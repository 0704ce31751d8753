"""The normalised copy detectors read, mapped back to the original text, and what they return.

Matching runs on an NFKC-normalised copy (full-width digits, ``－`` and ``ー``
between digits read as ASCII) with placeholders blanked, and every span maps back
to the original text, so a finding's ``original`` is exactly ``text[start:end]``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .placeholders import blank_marks

# (kind, start, end) in the normalised copy; overlapping spans are resolved later.
Span = tuple[str, int, int]


@dataclass(frozen=True)
class Finding:
    """One masked span; ``start``/``end`` index the original text."""

    kind: str
    start: int
    end: int
    original: str


@dataclass(frozen=True)
class Normalised:
    """``text`` as detectors read it; ``starts``/``ends`` give each character's original span."""

    text: str
    starts: list[int]
    ends: list[int]


_DASHES = "ー‐‑‒–—―−－ｰ"
_DASH_NEAR_DIGIT_RE = re.compile(rf"(?<=\d)[{_DASHES}]|[{_DASHES}](?=\d)")
# Digits spelled one by one in kanji or Hangul (〇九〇…, 공일공…), read as digits where
# a run is long enough to be a phone number; sino-Korean 이 (2) is also "this", so short
# runs stay words.
_KANJI_DIGITS = dict(zip("〇零一二三四五六七八九", "00123456789"))
_HANGUL_DIGITS = dict(zip("공영일이삼사오육륙칠팔구", "001234566789"))
_KANJI_RUN_RE = re.compile(r"[〇零](?:[ \-ー、の]?[〇零一二三四五六七八九]){8,12}")
_HANGUL_RUN_RE = re.compile(r"[공영](?:(?:[ \-]|에\s?)?[공영일이삼사오육륙칠팔구]){8,12}")


def normalise(text: str) -> Normalised:
    """NFKC copy of ``text`` (marks blanked) and, for each of its characters, the original span.

    A character and the marks after it (half-width ﾀﾞ, combining dakuten) are
    normalised together, so they compose as whole-text NFKC would.
    """
    text = blank_marks(text)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and (text[j] in "\uff9e\uff9f" or unicodedata.combining(text[j])):
            j += 1
        chunk = text[i:j]
        norm = unicodedata.normalize("NFKC", chunk) if not chunk.isascii() else chunk
        parts.append(norm)
        starts.extend([i] * len(norm))
        ends.extend([j] * len(norm))
        i = j
    norm_text = _DASH_NEAR_DIGIT_RE.sub("-", "".join(parts))
    return Normalised(norm_text, starts, ends)


def spelled_digits(norm: str) -> str:
    """``norm`` with phone-length runs of spelled digits (〇九〇…, 공일공…) turned into ASCII
    digits, character for character, so spans keep their positions."""
    if not any(c in norm for c in "〇零공영"):
        return norm
    chars = list(norm)
    for pattern, table in ((_KANJI_RUN_RE, _KANJI_DIGITS), (_HANGUL_RUN_RE, _HANGUL_DIGITS)):
        for m in pattern.finditer(norm):
            for i in range(m.start(), m.end()):
                if chars[i] in table:
                    chars[i] = table[chars[i]]
                elif chars[i] in "ー、の에":
                    chars[i] = "-"
    return "".join(chars)


def digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def resolve(text: str, norm: Normalised, spans: list[Span], priority: dict[str, int]) -> list[Finding]:
    """Non-overlapping findings in original coordinates, in text order; where spans overlap,
    the kind earlier in ``priority`` wins, then the earlier and longer span."""
    kept: list[tuple[int, int, str]] = []
    for kind, s, e in sorted(spans, key=lambda t: (priority[t[0]], t[1], -t[2])):
        if e <= s:
            continue
        start, end = norm.starts[s], norm.ends[e - 1]
        if all(end <= ks or start >= ke for ks, ke, _ in kept):
            kept.append((start, end, kind))
    return [Finding(kind, s, e, text[s:e]) for s, e, kind in sorted(kept)]
