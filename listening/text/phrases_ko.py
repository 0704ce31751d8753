"""Korean phrases from kiwipiepy: noun compounds as spaced in the answer, noun + predicate stems.

「주차 공간이 부족하다」 gives 주차 공간 부족 (the same phrase as the note 「주차 공간 부족」);
「놀이터가 없어요」 gives 놀이터 없음, 「노선을 늘려」 노선 늘리기, 「버스가 오지 않아요」
버스 오지 않음: predicates are nominalised by Kiwi itself (kiwi.join).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .stopwords import KOREAN_STOPWORDS

# One occurrence: (key, shown, words).
Occurrence = tuple[str, str, tuple[str, ...]]
MAX_RUN_UNITS = 4
_KO_NOUN = ("NNG", "NNP")
_KO_TIES = frozenset({"JKS", "JKO", "JX", "JKB"})
_KO_WEAK = frozenset({"하다", "있다", "되다", "이다", "같다", "보다", "주다", "가다", "오다", "싶다", "않다", "드리다"})
_ko_join_cache: dict[tuple, str] = {}


def _ko_join(kiwi: Any, morphs: tuple) -> str:
    hit = _ko_join_cache.get(morphs)
    if hit is None:
        hit = kiwi.join(list(morphs))
        _ko_join_cache[morphs] = hit
    return hit


def _ko_units(morphs: Sequence[Any], i: int) -> tuple[list[tuple[str, int, int, bool]], int]:
    """The noun run starting at morphs[i] as units (key, start, end, is a stopword), and where it ends.

    A unit is one noun with its prefix (XPN) and suffix (XSN, 아이+들) attached."""
    units: list[tuple[str, int, int, bool]] = []
    n = len(morphs)
    j = i
    while j < n:
        start = morphs[j].start
        key = ""
        while j < n and morphs[j].tag == "XPN":
            key += morphs[j].form
            j += 1
        if j >= n or morphs[j].tag not in _KO_NOUN:
            break
        noun = morphs[j].form
        key += noun
        j += 1
        while j < n and morphs[j].tag == "XSN":
            key += morphs[j].form
            j += 1
        stop = noun in KOREAN_STOPWORDS or len(key) == 1
        units.append((key, start, morphs[j - 1].start + morphs[j - 1].len, stop))
    return units, j


def korean_phrases(text: str, morphs: Sequence[Any], kiwi: Any) -> list[Occurrence]:
    """Phrases of one Korean sentence from its Kiwi morphemes."""
    out: list[Occurrence] = []
    n = len(morphs)
    i = 0
    while i < n:
        if morphs[i].tag not in _KO_NOUN and morphs[i].tag != "XPN":
            i += 1
            continue
        units, j = _ko_units(morphs, i)
        if not units:
            i += 1
            continue
        # Headlines and notes run nouns together (북한 김정은 위원장 담화): every span of
        # one to three of them is a phrase, and the whole run when it has four.
        spans = [(a, b) for a in range(len(units)) for b in range(a + 1, min(a + 3, len(units)) + 1)]
        if len(units) == MAX_RUN_UNITS:
            spans.append((0, len(units)))
        for a, b in spans:
            part = units[a:b]
            if part[0][3] or part[-1][3]:
                continue
            shown = " ".join(text[part[0][1]:part[-1][2]].split())
            out.append(("".join(u[0] for u in part), shown, tuple(u[0] for u in part)))
        k = j
        if k < n and morphs[k].tag in _KO_TIES and not units[-1][3]:
            k += 1
            negated = False
            if k < n and morphs[k].tag == "MAG":
                negated = morphs[k].form in ("안", "못")
                k += 1
            predicate = _ko_predicate(morphs, k, kiwi, negated) if k < n else None
            if predicate is not None:
                pkey, pshown, joined = predicate
                for a in range(max(0, len(units) - 2), len(units)):
                    part = units[a:]
                    if part[0][3]:
                        continue
                    key = "".join(u[0] for u in part)
                    shown = " ".join(text[part[0][1]:part[-1][2]].split())
                    # 주차 공간이 부족하다 and 주차 공간 부족 are one phrase.
                    out.append((key + pkey if joined else f"{key}|{pkey}", f"{shown} {pshown}",
                                (*(u[0] for u in part), pkey)))
        i = j
    return out


def _ko_predicate(morphs: Sequence[Any], k: int, kiwi: Any, negated: bool) -> tuple[str, str, bool] | None:
    """(key, shown, is a noun) of the predicate at morphs[k], or None."""
    m = morphs[k]
    base = m.tag.split("-", 1)[0]
    n = len(morphs)
    if base in ("NNG", "XR") and k + 1 < n and morphs[k + 1].tag in ("XSA", "XSV"):
        if negated or (k + 3 < n and morphs[k + 2].form == "지" and morphs[k + 3].form in ("않", "못하")):
            return None  # "부족하지 않다": rare, and the noun alone would say the opposite
        return m.form, m.form, True
    if base not in ("VV", "VA"):
        return None
    lemma = getattr(m, "lemma", None) or m.form + "다"
    if k + 2 < n and morphs[k + 1].form == "지" and morphs[k + 2].form in ("않", "못하"):
        negated = True
    if negated:
        shown = _ko_join(kiwi, ((m.form, m.tag), ("지", "EC"), ("않", "VX"), ("음", "ETN")))
        return f"{lemma}+않다", shown, False
    if lemma in _KO_WEAK:
        return None
    ending = "음" if base == "VA" else "기"
    return lemma, _ko_join(kiwi, ((m.form, m.tag), (ending, "ETN"))), False


