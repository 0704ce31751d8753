"""Japanese phrases from fugashi + UniDic: noun compounds, の-compounds, noun + particle + predicate.

「バスの本数が少ない」 gives バスの本数が少ない, 本数が少ない, バスの本数, バス and 本数;
「バスが来ない」 gives バスが来ない; 「施設が充実している」 gives 施設が充実. Noun parts are
copied as written, predicates are shown in their dictionary form (negation kept), and the
particle between them as written, so a name reads as Japanese (食事が美味しい, 道路を整備)
rather than as two keywords (食事・美味しい). を before an adjective keeps the adjective's
く-form, which its dictionary form cannot replace (待遇を良くして -> 待遇を良く, not 待遇を良い).
A phrase is keyed by its lemmas joined with ・ whatever its particle, so が, は and も
variants of one phrase count together and the spelling used most often is shown.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from .stopwords import JAPANESE_STOPWORDS

# One occurrence: (key, shown, words).
Occurrence = tuple[str, str, tuple[str, ...]]
MAX_RUN_UNITS = 4
# Particles that tie a noun phrase to the predicate after it.
_JA_TIES = frozenset({"が", "を", "に", "は", "も", "で", "へ"})
# Verbs that say nothing on their own after a noun (駐車場がある); kept when negated (人がいない).
_JA_WEAK_VERBS = frozenset({"為る", "有る", "居る", "成る", "出来る", "言う", "思う", "遣る"})
# Adjectives UniDic marks "non-independent" that still carry an opinion after a noun.
_JA_STRONG_AUX_ADJ = frozenset({"無い", "良い", "欲しい", "易い", "難い"})
_JA_NEGATIONS = frozenset({"ない", "ぬ", "ず", "ん"})
_JA_DROP_SUFFIXES = frozenset("達 等 ら さん 様 君 ちゃん 氏 殿 共 頃 毎 目 半 末 内 中 際".split())
# Nouns that point elsewhere in the form (上記と同じ) rather than say anything.
_NAME_STOPWORDS = frozenset("上記 同上 前述 下記 前記 後述 別記".split())
_ja_cache: dict[str, tuple] = {}
_HIRAGANA_ONE_RE = re.compile(r"^[\u3040-\u309f]$")
_NO_LETTER_RE = re.compile(r"^[\W\d_]+$")

# Node kinds after the first pass.
_N, _NO, _TIE, _ADV, _PRED, _NEG, _SURU, _DA, _BREAK = range(9)


def _ja_node(node: Any) -> tuple:
    """(kind, lemma, shown, pos3) of one UniDic node, cached by its raw feature."""
    raw = node.feature_raw
    hit = _ja_cache.get(raw)
    if hit is None:
        f = node.feature
        lemma = (f.lemma or "").split("-", 1)[0] or None
        if f.pos2 == "固有名詞":
            lemma = None  # proper-noun lemmas are readings (福井 -> フクイ)
        pos1, pos2 = f.pos1, f.pos2
        kind = _BREAK
        if pos1 == "名詞" and pos2 in ("普通名詞", "固有名詞"):
            kind = _N
        elif pos1 == "接頭辞":
            kind = -1  # prefix
        elif pos1 == "接尾辞" and pos2 in ("名詞的", "形状詞的"):
            kind = -3 if (lemma or "") in _JA_DROP_SUFFIXES else -2  # suffix
        elif pos1 == "助詞":
            if f.lemma == "の" and pos2 == "格助詞":
                kind = _NO
            elif f.lemma in _JA_TIES and pos2 in ("格助詞", "係助詞"):
                kind = _TIE
        elif pos1 == "副詞":
            kind = _ADV
        elif pos1 == "動詞":
            kind = _SURU if f.lemma == "為る" else _PRED
        elif pos1 == "形容詞":
            if pos2 == "一般" or (lemma or "") in _JA_STRONG_AUX_ADJ:
                kind = _PRED
        elif pos1 == "形状詞" and pos2 == "一般":
            kind = _PRED
        elif pos1 == "助動詞":
            if f.lemma in _JA_NEGATIONS or (f.lemma == "ない"):
                kind = _NEG
            elif f.lemma in ("だ", "です"):
                kind = _DA
        # pos3 tells a predicate noun (サ変可能 ...); for a predicate, whether it is an adjective.
        hit = (kind, lemma, f.orthBase, "形容詞" if pos1 == "形容詞" else f.pos3)
        _ja_cache[raw] = hit
    return hit


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _ja_runs(text: str, tagger: Any) -> list[list]:
    """The answer as items: [kind, key, shown, words, extra] with noun runs joined into one item."""
    items: list[list] = []
    run_keys: list[str] = []
    run_shown: list[str] = []
    run_pos3: list[str] = []
    prefix_key, prefix_shown = "", ""

    def add(keys: list[str], shown: str, pos3: str) -> None:
        key = "".join(keys)
        ok = not (len(keys) == 1 and (key in JAPANESE_STOPWORDS or key in _NAME_STOPWORDS
                                      or _HIRAGANA_ONE_RE.match(shown))) and not _NO_LETTER_RE.match(shown)
        # A lone サ変/形状詞 noun may be a predicate (充実+する, 不便+だ): its pos3 says which.
        items.append([_N, key if ok else None, shown, (key,), pos3 if len(keys) == 1 else ""])

    def flush() -> None:
        nonlocal prefix_key, prefix_shown
        if run_keys:
            if len(run_keys) <= MAX_RUN_UNITS and sum(map(len, run_shown)) <= 12:
                add(run_keys, "".join(run_shown), run_pos3[0])
            else:  # a note written without particles: its nouns one by one
                for key, shown, pos3 in zip(run_keys, run_shown, run_pos3):
                    add([key], shown, pos3)
            run_keys.clear()
            run_shown.clear()
            run_pos3.clear()
        prefix_key, prefix_shown = "", ""

    for node in tagger(text):
        if node.white_space:
            flush()
        kind, lemma, base, pos3 = _ja_node(node)
        surface = node.surface
        if kind == _N:
            run_keys.append(prefix_key + _clean(lemma or surface))
            run_shown.append(prefix_shown + surface)
            run_pos3.append(pos3)
            prefix_key, prefix_shown = "", ""
        elif kind == -1:
            if lemma != "御":
                prefix_key += _clean(lemma or surface)
            prefix_shown += surface
        elif kind == -2 and run_keys:
            run_keys[-1] += _clean(lemma or surface)
            run_shown[-1] += surface
        else:
            flush()
            if kind == -3 or kind == -2 or kind == -1:
                continue
            items.append([kind, _clean(lemma or surface) if lemma or surface else None, surface, base,
                          pos3 if kind == _PRED else ""])
    flush()
    return items


def _ja_predicate(items: list[list], i: int) -> tuple[int, str, str, str] | None:
    """(next index, key, shown, word) of a predicate starting at items[i], or None."""
    kind = items[i][0]
    n = len(items)
    if kind == _N and items[i][1] and items[i][4] in ("サ変可能", "形状詞可能", "サ変形状詞可能"):
        nxt = items[i + 1][0] if i + 1 < n else _BREAK
        if nxt in (_SURU, _DA) or (nxt == _BREAK and items[i][4] != "サ変可能"):
            key = items[i][1]
            return i + 1, key, items[i][2], key
        return None
    if kind != _PRED:
        return None
    lemma, surface, base = items[i][1], items[i][2], items[i][3]
    j = i + 1
    # 来 + ない, 止まら + なかっ + た: the negation belongs to the predicate.
    if j < n and items[j][0] == _NEG:
        return j + 1, f"{lemma}+ない", surface + "ない", f"{lemma}+ない"
    if lemma in _JA_WEAK_VERBS:
        return None
    return j, lemma, base or surface, lemma


def japanese_phrases(text: str, tagger: Any) -> list[Occurrence]:
    """Phrases of one Japanese sentence (no sentence end, bracket or line break inside)."""
    items = _ja_runs(text, tagger)
    out: list[Occurrence] = []
    n = len(items)
    i = 0
    while i < n:
        item = items[i]
        if item[0] != _N or not item[1]:
            i += 1
            continue
        head_key, head_shown, head_words = item[1], item[2], item[3]
        phrases = [(head_key, head_shown, head_words)]
        end = i + 1
        # NP の NP
        if end + 1 < n and items[end][0] == _NO and items[end + 1][0] == _N and items[end + 1][1]:
            second = items[end + 1]
            phrases.append((f"{head_key}の{second[1]}", f"{head_shown}の{second[2]}", head_words + second[3]))
            phrases.append((second[1], second[2], second[3]))
            end += 2
        if end < n and items[end][0] == _TIE:
            j = end + 1
            if j < n and items[j][0] == _ADV:
                j += 1
            predicate = _ja_predicate(items, j) if j < n else None
            if predicate is not None:
                _, pkey, pshown, pword = predicate
                tie = items[end][2]
                if tie == "を" and items[j][0] == _PRED and items[j][4] == "形容詞" and pkey == items[j][1]:
                    # 待遇を良くして: を cannot stand before 良い; its く-form reads (待遇を良く)
                    tie, pshown = ("を", items[j][2]) if items[j][2].endswith("く") else ("・", pshown)
                # The fullest noun phrase with the predicate, and its head noun with it.
                np_key, np_shown, np_words = phrases[1] if len(phrases) > 1 else phrases[0]
                out.append((f"{np_key}・{pkey}", f"{np_shown}{tie}{pshown}", np_words + (pword,)))
                if len(phrases) > 1:
                    last = phrases[-1]
                    out.append((f"{last[0]}・{pkey}", f"{last[1]}{tie}{pshown}", last[2] + (pword,)))
        out.extend(phrases)
        i = end if end > i + 1 and items[end - 1][0] == _N else i + 1
    return out



