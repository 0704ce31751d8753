"""One sentence per opinion group: a resident's own words that stand for the group.

Never a paraphrase: the sentence is a verbatim piece of one answer of the group (the
whole answer, or one of its sentences), given with that answer's id. It is chosen
among the answers closest to the group's centroid (cosine), as the first that offers
a complete sentence short enough to read aloud (``MAX_CHARS``), long enough to say
something (``MIN_CHARS``) and holding no masked item (［氏名］, [이름], ...). Within a
long answer the sentence holding most of the group's keywords is taken.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

MAX_CHARS = {"ja": 60, "ko": 80}
MAX_CHARS_OTHER = 120
MIN_CHARS = {"ja": 10, "ko": 10}
MIN_CHARS_OTHER = 20
N_CENTRAL = 30  # central answers looked at before the rules are relaxed

# A sentence ends at 。！？!? (and . in Korean or English before a space) or a line break.
_SENTENCE_RE = re.compile(r"[^\n。！？!?]+?(?:[。！？!?]+|\.(?=\s|$)|(?=\n)|$)")
_BULLET_RE = re.compile(r"^[\s・\-–—*●○■□◆◇→>＞※]+")
# Masked items and staff redactions are bracketed words; so are no sentences a resident wrote.
_MASK_RE = re.compile(r"[［\[][^］\]]{1,24}[］\]]")
# A sentence opening with "and also" leans on the one before it: not whole on its own.
_LEANING_RE = re.compile(r"^(あと|また|さらに|それと|そして|それから|あとは|でも|しかし|ただ|なので|だから|"
                         r"그리고|또한|또|그런데|하지만|그래서|그러나)[、,\s]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, without surrounding spaces or a leading bullet."""
    spans = []
    for match in _SENTENCE_RE.finditer(text):
        start, end = match.start(), match.end()
        piece = text[start:end]
        lead = _BULLET_RE.match(piece)
        if lead:
            start += lead.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _limits(language: str) -> tuple[int, int]:
    return MIN_CHARS.get(language, MIN_CHARS_OTHER), MAX_CHARS.get(language, MAX_CHARS_OTHER)


def quotable(text: str, language: str, keywords: Sequence[str] = (), relaxed: bool = False) -> str | None:
    """The piece of ``text`` that may stand for its group: the whole answer when it is short
    enough, else its sentence holding most ``keywords`` (given keywords, a sentence holding
    none of them is off the group's subject and not taken unless ``relaxed``); None when
    nothing fits."""
    if not isinstance(text, str):
        return None
    low, high = _limits(language)
    leaning = None if relaxed else _LEANING_RE
    if relaxed:
        low = 1
    whole = text.strip()
    if low <= len(whole) <= high and "\n" not in whole and not _MASK_RE.search(whole) \
            and not (leaning and leaning.match(whole)):
        return whole
    best, best_hits = None, 0 if (keywords and not relaxed) else -1
    for start, end in sentence_spans(text):
        piece = text[start:end]
        if not (low <= len(piece) <= high) or _MASK_RE.search(piece) or (leaning and leaning.match(piece)):
            continue
        hits = sum(1 for k in keywords if k and k in piece)
        if hits > best_hits:
            best, best_hits = piece, hits
    return best


def central_order(vectors: np.ndarray, members: np.ndarray) -> np.ndarray:
    """``members`` (row positions) ordered by cosine to their centroid, most central first."""
    if len(members) == 0:
        return members
    block = np.asarray(vectors[members], dtype=np.float64)
    centre = block.mean(axis=0)
    centre /= max(float(np.linalg.norm(centre)), 1e-12)
    return members[np.argsort(-(block @ centre), kind="stable")]


def group_sentence(texts: Sequence[str], languages: Sequence[str], order: Sequence[int],
                   keywords: Sequence[str] = ()) -> tuple[int, str] | None:
    """(row, sentence) of the first answer in ``order`` (most central first) offering a
    quotable sentence; the ``N_CENTRAL`` most central are tried, then all, then any
    length down to one character. None when every answer is masked or too long."""
    order = list(order)
    for rows, relaxed in ((order[:N_CENTRAL], False), (order[N_CENTRAL:], False), (order, True)):
        for row in rows:
            piece = quotable(texts[row], languages[row], keywords, relaxed)
            if piece:
                return int(row), piece
    return None


def group_sentences(texts: Sequence[str], languages: Sequence[str], vectors: np.ndarray, labels: np.ndarray,
                    keywords: dict[int, Sequence[str]] | None = None) -> dict[int, tuple[int, str]]:
    """{group: (row, sentence)} for every group of ``labels`` that has a quotable answer."""
    labels = np.asarray(labels)
    out = {}
    for group in np.unique(labels).tolist():
        members = np.flatnonzero(labels == group)
        found = group_sentence(texts, languages, central_order(vectors, members), (keywords or {}).get(group, ()))
        if found is not None:
            out[int(group)] = found
    return out
