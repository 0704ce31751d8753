"""Opinion groups named in words: phrases of a group's own answers that say what it is about.

Three keywords ("駐車場 / 少ない / 道") leave the reader to decode them; phrases
("本数・少ない、バス", "子どもの遊び場", "주차 공간 부족") do not. A group's name is
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

from .label import class_tfidf

NAME_VERSION = "1"
SEPARATOR = "｜"
COMMON_SHARE = 0.05
MIN_SUPPORT = 0.03
MIN_LANGUAGE_SHARE = 0.2  # a language gets its own name from this share of a group's answers
_CANDIDATES = 40
# A phrase of two or three words (バスの本数・少ない) reads better than one word, if it is held
# by nearly as many answers: its score is raised by this much per extra word.
_WORD_BONUS = 0.6
PHRASES_PER_NAME = 2
RERANK = 10
_JOINERS = {"ja": "、", "ko": ", "}
_PLACEHOLDER_RE = re.compile(r"[［\[][^］\]]{0,24}[］\]]")


def common_words(phrases: Phrases, labels: np.ndarray) -> set[str]:
    """Words occurring in more than half of the groups (``COMMON_SHARE`` of a group's answers, and 2).

    With fewer than 3 groups no word is common: with 2, "both" is not "most".
    """
    labels = np.asarray(labels)
    groups, group_index = np.unique(labels, return_inverse=True)
    if len(groups) < 3 or len(labels) == 0:
        return set()
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for t, ids in enumerate(phrases.per_text):
        seen = {w for pid in ids for w in phrases.phrases[pid][2]}
        for w in seen:
            rows.append(t)
            cols.append(vocab.setdefault(w, len(vocab)))
    if not vocab:
        return set()
    answer_word = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(labels), len(vocab)))
    indicator = sp.csr_matrix((np.ones(len(labels)), (group_index, np.arange(len(labels)))),
                              shape=(len(groups), len(labels)))
    counts = (indicator @ answer_word).toarray()
    sizes = np.bincount(group_index, minlength=len(groups)).astype(float)
    need = np.maximum(2.0, COMMON_SHARE * sizes)[:, None]
    spread = (counts >= need).sum(axis=0)
    words = np.array(list(vocab), dtype=object)
    return set(words[spread > len(groups) / 2].tolist())


def _candidates(phrases: Phrases, labels: np.ndarray, language: str, in_language: np.ndarray,
                blocked: set[str]) -> dict[int, list[tuple[float, int, float]]]:
    """Per group: (score, phrase id, share of the group's answers holding it) of the phrases
    that may name it in ``language``, best first."""
    docs = [[str(pid) for pid in ids if phrases.phrases[pid][3] == language] if ok else []
            for ids, ok in zip(phrases.per_text, in_language)]
    scored = class_tfidf(docs, labels, n_keywords=_CANDIDATES, min_df=1)
    groups, index = np.unique(labels, return_inverse=True)
    sizes = dict(zip(groups.tolist(), np.bincount(index, weights=in_language.astype(float)).tolist()))
    support = _support(phrases.per_text, labels, in_language)
    out: dict[int, list[tuple[float, int, float]]] = {}
    for group, items in scored.items():
        n = sizes.get(group, 0.0)
        need = max(2.0, MIN_SUPPORT * n) if n >= 4 else 1.0
        ranked = []
        for key, score in items:
            pid = int(key)
            _, shown, words, _ = phrases.phrases[pid]
            held = support.get((group, pid), 0)
            if held < need or blocked.intersection(words) or _PLACEHOLDER_RE.search(shown):
                continue
            ranked.append((score * (1 + _WORD_BONUS * (len(words) - 1)), pid, held / max(n, 1.0)))
        ranked.sort(key=lambda r: (-r[0], phrases.phrases[r[1]][1]))
        out[int(group)] = ranked
    return out


def _support(per_text: list[list[int]], labels: np.ndarray, in_language: np.ndarray) -> dict[tuple[int, int], int]:
    """(group, phrase id) -> answers of the group holding the phrase."""
    counts: dict[tuple[int, int], int] = {}
    for label, ids, ok in zip(labels.tolist(), per_text, in_language):
        if ok:
            for pid in ids:
                counts[(label, pid)] = counts.get((label, pid), 0) + 1
    return counts


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
    blocked = common_words(phrases, labels)
    wanted = None if groups is None else {int(g) for g in groups}
    groups, index = np.unique(labels, return_inverse=True)
    sizes = dict(zip(groups.tolist(), np.bincount(index).tolist()))
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
        candidates = _candidates(phrases, labels, language, languages == language, blocked)
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
