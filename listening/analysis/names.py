"""Opinion groups named in words: phrases of a group's own answers that say what it is about.

Three keywords ("駐車場 / 少ない / 道") leave the reader to decode them; phrases
("本数が少ない、バス", "子どもの遊び場", "주차 공간 부족") do not. A group's name is
two phrases found in its own answers (listening.text.extract_phrases), chosen so:

- they are scored like the keywords (class-based TF-IDF: frequent in the group, rare
  in the others), among phrases at least ``MIN_SUPPORT`` of the group's answers hold,
  and, given the answers' vectors, re-ranked by closeness to the group's centroid;
- no word of them occurs across most groups ("청원" in every petition says nothing):
  a word occurs in a group when at least ``COMMON_SHARE`` of its answers (and 2) hold
  it, and a word occurring in more than half of the groups cannot be part of a name;
- no phrase is part of two names of one level: (group, phrase) pairs are taken best
  first, each score relative to the group's own best, so a phrase goes to the group
  it describes best and the other takes its next phrase;
- a group holding answers in several languages gets one name per language, each from
  the answers in that language (``SEPARATOR`` between them), never one that mixes them.

Measured by ``bench/naming.py`` (section named by the nearest section name, answers
counted): names beat keyword labels and match the groups' centroids on KLUE-YNAT and
the Fukui survey.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp

from listening.text import Phrases

from .label import ctfidf

NAME_VERSION = "1"
SEPARATOR = "｜"
COMMON_SHARE = 0.05
MIN_SUPPORT = 0.03
MIN_LANGUAGE_SHARE = 0.2  # a language gets its own name from this share of a group's answers
_CANDIDATES = 40
# A phrase of two or three words (バスの本数が少ない) reads better than one word, if it is held
# by nearly as many answers: its score is raised by this much per extra word.
_WORD_BONUS = 0.6
PHRASES_PER_NAME = 2
RERANK = 10
_JOINERS = {"ja": "、", "ko": ", "}
_PLACEHOLDER_RE = re.compile(r"[［\[][^］\]]{0,24}[］\]]")


def _matrices(phrases: Phrases, n: int) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray]:
    """(answers x phrases, phrases x words, words), built once per ``Phrases``."""
    if len(phrases.per_text) != n:
        raise ValueError("phrases, labels and languages must describe the same answers")
    return (phrases.held, *phrases.words)


def _by_group(index: np.ndarray, n_groups: int, rows: np.ndarray | None = None) -> sp.csr_matrix:
    """Groups x answers 0/1 (only ``rows`` when given)."""
    weights = np.ones(len(index)) if rows is None else rows.astype(float)
    return sp.csr_matrix((weights, (index, np.arange(len(index)))), shape=(n_groups, len(index)))


def _common(held: sp.csr_matrix, word_of: sp.csr_matrix, words: np.ndarray, index: np.ndarray,
            n_groups: int) -> np.ndarray:
    """Words occurring in more than half of the groups, as a bool mask over ``words``."""
    if n_groups < 3 or not len(words):
        return np.zeros(len(words), dtype=bool)
    answer_word = (held @ word_of) > 0
    counts = (_by_group(index, n_groups) @ answer_word).toarray()
    sizes = np.bincount(index, minlength=n_groups).astype(float)
    spread = (counts >= np.maximum(2.0, COMMON_SHARE * sizes)[:, None]).sum(axis=0)
    return spread > n_groups / 2


def common_words(phrases: Phrases, labels: np.ndarray) -> set[str]:
    """Words occurring in more than half of the groups (``COMMON_SHARE`` of a group's answers, and 2).

    With fewer than 3 groups no word is common: with 2, "both" is not "most".
    """
    labels = np.asarray(labels)
    groups, index = np.unique(labels, return_inverse=True)
    held, word_of, words = _matrices(phrases, len(labels))
    return set(words[_common(held, word_of, words, index, len(groups))].tolist())


def _candidates(phrases: Phrases, support: np.ndarray, sizes: np.ndarray, allowed: np.ndarray,
                groups: np.ndarray) -> dict[int, list[tuple[float, int, float]]]:
    """Per group: (score, phrase id, share of the group's answers holding it) of the phrases
    that may name it, best first. ``support``: groups x phrases answers holding each (in one
    language); ``sizes``: the groups' answers in that language; ``allowed``: phrases free of
    common words and placeholders."""
    scores = ctfidf(sp.csr_matrix(support)).toarray()
    need = np.where(sizes >= 4, np.maximum(2.0, MIN_SUPPORT * sizes), 1.0)[:, None]
    scores = np.where((support >= need) & allowed[None, :] & (support > 0), scores, 0.0) * _bonus(phrases)[None, :]
    out: dict[int, list[tuple[float, int, float]]] = {}
    for row, group in enumerate(groups.tolist()):
        top = np.flatnonzero(scores[row] > 0)
        top = top[np.lexsort((top, -scores[row, top]))][:_CANDIDATES]
        out[int(group)] = [(float(scores[row, pid]), int(pid), float(support[row, pid]) / max(sizes[row], 1.0))
                           for pid in top]
    return out


def _bonus(phrases: Phrases) -> np.ndarray:
    return 1.0 + _WORD_BONUS * (phrases.word_counts - 1)


def _overlaps(a: tuple, b: tuple) -> bool:
    """Two phrases say the same thing twice: a shared word, or one spelled inside the other."""
    return bool(set(a[2]) & set(b[2])) or a[1] in b[1] or b[1] in a[1]


def _assign(candidates: dict[int, list[tuple[float, int, float]]], sizes: dict[int, int],
            phrases: Phrases, taken: set[str] | None = None) -> dict[int, list[int]]:
    """Group -> phrase ids of its name; no phrase is part of two names.

    Lead phrases first: (group, phrase) pairs are taken best relative score first, so a
    phrase goes to the group it describes best. Then each group, largest first, adds its
    best remaining phrase that does not repeat the lead (カニ、お蕎麦 for a theme about
    food): one phrase rarely covers a whole group, and two read as quickly as one.
    """
    pairs = []
    # Extraction cuts bracketed spans out; a placeholder that got through anyway is never a name.
    candidates = {g: [r for r in ranked if not _PLACEHOLDER_RE.search(phrases.phrases[r[1]][1])]
                  for g, ranked in candidates.items()}
    for group, ranked in candidates.items():
        if ranked:
            top = ranked[0][0] or 1.0
            pairs.extend((score / top, sizes.get(group, 0), -group, pid) for score, pid, _ in ranked)
    pairs.sort(reverse=True)
    chosen: dict[int, list[int]] = {}
    used: set[str] = set(taken or ())
    for _, _, neg_group, pid in pairs:
        shown = phrases.phrases[pid][1]
        if -neg_group in chosen or shown in used:
            continue
        chosen[-neg_group] = [pid]
        used.add(shown)
    for group in sorted(chosen, key=lambda g: (-sizes.get(g, 0), g)):
        lead = phrases.phrases[chosen[group][0]]
        for _, pid, _ in candidates[group]:
            if len(chosen[group]) >= PHRASES_PER_NAME:
                break
            if phrases.phrases[pid][1] not in used and not _overlaps(phrases.phrases[pid], lead):
                chosen[group].append(pid)
                used.add(phrases.phrases[pid][1])
    return chosen


def choose_phrases(phrases: Phrases, labels: np.ndarray, languages: Sequence[str],
                   vectors: np.ndarray | None = None,
                   embed: Callable[[list[str]], np.ndarray] | None = None, groups: Sequence[int] | None = None,
                   taken: set[str] | None = None) -> dict[int, dict[str, list[int]]]:
    """The phrases naming every group of ``labels``, per language: {group: {language: [phrase ids]}}.

    ``languages``: the routed language of each answer ("ja", "ko", "other"), the one its
    phrases were extracted in. A language gets a name in a group where it is the main
    language or holds ``MIN_LANGUAGE_SHARE`` of the answers. With the answers' ``vectors``
    and ``embed`` (texts -> unit vectors, the same model), the ``RERANK`` best phrases of
    each group are re-ranked by how close each lies to the group's centroid, times its
    score relative to the best: a frequent word that says little about the group's
    meaning (대표 for a group about company results) gives way to one that does.
    ``groups``: name only these (all are still compared); ``taken``: phrases other names hold.
    """
    labels = np.asarray(labels)
    languages = np.asarray([str(v) for v in languages], dtype=object)
    if len(labels) != len(phrases.per_text) or len(labels) != len(languages):
        raise ValueError("phrases, labels and languages must describe the same answers")
    wanted = None if groups is None else {int(g) for g in groups}
    groups, index = np.unique(labels, return_inverse=True)
    sizes = dict(zip(groups.tolist(), np.bincount(index).tolist()))
    held, word_of, words = _matrices(phrases, len(labels))
    blocked = np.asarray((word_of @ _common(held, word_of, words, index, len(groups)).astype(float)) > 0).ravel()
    phrase_language = phrases.languages
    codes = sorted(set(languages.tolist()))
    counts = np.zeros((len(groups), len(codes)))
    np.add.at(counts, (index, np.searchsorted(codes, languages)), 1)
    main = counts.argmax(axis=1)
    chosen: dict[int, dict[str, list[int]]] = {int(g): {} for g in groups if wanted is None or int(g) in wanted}
    for j, language in enumerate(codes):
        eligible = {int(g) for i, g in enumerate(groups)
                    if counts[i, j] > 0 and (main[i] == j or counts[i, j] >= MIN_LANGUAGE_SHARE * sizes[int(g)])
                    and (wanted is None or int(g) in wanted)}
        if not eligible:
            continue
        rows = languages == language
        support = (_by_group(index, len(groups), rows) @ held).toarray()
        candidates = _candidates(phrases, support, counts[:, j], ~blocked & (phrase_language == language),
                                 groups)
        candidates = {g: c for g, c in candidates.items() if g in eligible}
        if vectors is not None and embed is not None:
            candidates = _rerank(candidates, phrases, labels, vectors, embed)
        for group, pids in _assign(candidates, sizes, phrases, taken).items():
            chosen[group][language] = pids
    return chosen


def _rerank(candidates: dict[int, list[tuple[float, int, float]]], phrases: Phrases, labels: np.ndarray,
            vectors: np.ndarray, embed: Callable[[list[str]], np.ndarray]) -> dict[int, list[tuple[float, int, float]]]:
    pids = sorted({pid for ranked in candidates.values() for _, pid, _ in ranked[:RERANK]})
    if not pids:
        return candidates
    found = np.asarray(embed([phrases.phrases[pid][1] for pid in pids]), dtype=np.float64)
    at = {pid: i for i, pid in enumerate(pids)}
    out = {}
    for group, ranked in candidates.items():
        if not ranked:
            out[group] = ranked
            continue
        centre = np.asarray(vectors[labels == group], dtype=np.float64).mean(axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-12)
        top = ranked[0][0] or 1.0
        rescored = [(score / top * float(found[at[pid]] @ centre), pid, held) for score, pid, held in ranked[:RERANK]]
        out[group] = sorted(rescored, key=lambda r: (-r[0], phrases.phrases[r[1]][1]))
    return out


def name_groups(phrases: Phrases, labels: np.ndarray, languages: Sequence[str], vectors: np.ndarray | None = None,
                embed: Callable[[list[str]], np.ndarray] | None = None) -> dict[int, dict[str, str]]:
    """The name of every group in each of its languages: {group: {language: name}} (see
    :func:`choose_phrases`). A group without any phrase that may name it gets no name in
    that language: callers show its keyword label."""
    chosen = choose_phrases(phrases, labels, languages, vectors, embed)
    return {group: {lang: joined(lang, [phrases.phrases[p][1] for p in pids]) for lang, pids in by_lang.items()}
            for group, by_lang in chosen.items()}


def joined(language: str, parts: Sequence[str]) -> str:
    """The phrases of one name in one language: カニ、お蕎麦 / 파업, 노조."""
    return _JOINERS.get(language, ", ").join(parts)


def display_name(names: dict[str, str], shares: dict[str, float] | None = None) -> str:
    """Names per language side by side, the group's main language first (バスの本数｜버스 노선)."""
    shares = shares or {}
    order = sorted(names, key=lambda lang: (-shares.get(lang, 0.0), lang))
    return SEPARATOR.join(names[lang] for lang in order if names[lang])
