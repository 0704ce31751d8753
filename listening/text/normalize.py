"""Text normalisation, no-content detection and script-based language detection."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

# Control characters (C0, DEL, C1), invisible format characters that survive
# copy-paste from Excel and web forms, and bidirectional embedding/override/isolate
# controls (they can make an exported cell read backwards). Newlines and tabs become
# spaces instead of vanishing, so words on either side do not fuse. The zero-width
# joiner stays: it holds family and flag emoji together.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b\u200c\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_SPACE_RE = re.compile(r"\s+")
# Bidirectional controls and marks (RLO, LRI, RLM ...): in a report they make a label or a
# file name read backwards, so text shown to readers loses them wherever it comes from.
_BIDI_RE = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Surrounding punctuation/symbols to ignore when comparing with the no-content list.
# "ー" and "〜" are letters/symbols to Unicode but dashes to a respondent.
_EDGE_RE = re.compile(r"^[\W_ー〜]+|[\W_ー〜]+$")
_FILLER_RE = re.compile(r"[\W_ー〜\d]+")

_NO_CONTENT_JA = (
    "特になし 特に無し とくになし なし 無し ない 特にない 特に無い とくにない 特にないです "
    "特になしです ないです なしです 特にありません ありません 特にございません ございません "
    "無回答 不明 わからない 分からない わかりません 分かりません 同上"
)
_NO_CONTENT_KO = (
    "없음 없어요 없습니다 없다 특별히없음 딱히없음 특별히없습니다 딱히없습니다 특별히없어요 "
    "딱히없어요 모름 모르겠음 모르겠습니다 해당없음 해당사항없음 무응답"
)
_NO_CONTENT_OTHER = "- ー ― ・ . 。 n/a na none nothing no nil 同上"
# Stored without inner spaces: "해당 없음" and "해당없음" are the same answer.
NO_CONTENT = frozenset(
    w.casefold() for w in f"{_NO_CONTENT_JA} {_NO_CONTENT_KO} {_NO_CONTENT_OTHER}".split()
)

_KANA_RE = re.compile(r"[\u3041-\u309f\u30a1-\u30fa\u30fd-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e]")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def normalize_text(s: str) -> str:
    """Return ``s`` in NFKC with control characters removed and whitespace collapsed.

    Line breaks and tabs become single spaces; ideographic spaces (U+3000) are folded
    by NFKC. The result has no leading or trailing whitespace.
    """
    s = unicodedata.normalize("NFKC", s)
    s = _CONTROL_RE.sub("", s)
    return _SPACE_RE.sub(" ", s).strip()


def is_no_content(s: str) -> bool:
    """Return True when normalised text ``s`` carries no opinion.

    True for stock non-answers (特になし, 없음, n/a, 同上 ...) once surrounding
    punctuation and whitespace are stripped and case is folded, and for text made
    only of punctuation, symbols, digits or whitespace. Real content that merely
    starts with such a word ("なしの花が好き") is content.
    """
    if not _FILLER_RE.sub("", s):
        return True
    core = _EDGE_RE.sub("", s).casefold().replace(" ", "")
    if core in NO_CONTENT:
        return True
    # "-", "。" and friends are in the list but are stripped away as edges above.
    return s.strip().casefold() in NO_CONTENT


def detect_language(s: str) -> Literal["ja", "ko", "other"]:
    """Guess ``"ja"``, ``"ko"`` or ``"other"`` from the scripts used in ``s``.

    Kana means Japanese and hangul Korean; when both appear the more frequent wins
    (ties go to Japanese). Han ideographs without kana or hangul count as Japanese.
    """
    kana = len(_KANA_RE.findall(s))
    hangul = len(_HANGUL_RE.findall(s))
    if kana or hangul:
        return "ko" if hangul > kana else "ja"
    return "ja" if _HAN_RE.search(s) else "other"


def detect_languages(texts: Iterable[str]) -> list[str]:
    """Apply :func:`detect_language` to many texts, reusing results for repeated texts."""
    cache: dict[str, str] = {}
    out: list[str] = []
    for t in texts:
        lang = cache.get(t)
        if lang is None:
            lang = cache[t] = detect_language(t)
        out.append(lang)
    return out


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters and marks."""
    return _BIDI_RE.sub("", text)
