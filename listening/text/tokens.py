"""Content-word tokens for Japanese and Korean text, for keywords and labels.

Each language has a batch tokenizer with the same shape, ``(texts) -> token lists``:
Japanese uses fugashi + unidic-lite, Korean kiwipiepy, anything else a regex.
Both morphological analysers are loaded lazily on first use and kept for the
process (Kiwi takes ~4 s and ~1.1 GB, so it loads only when Korean is present).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from .stopwords import JAPANESE_STOPWORDS, KOREAN_STOPWORDS, OTHER_STOPWORDS

# Part of every cache key built from tokens: bump whenever any token can change.
TOKENIZER_VERSION = "2"  # 2: masking placeholders are never tokens

# Tokens longer than this are dropped.
MAX_TOKEN_CHARS = 20

BatchTokenizer = Callable[[Sequence[str]], list[list[str]]]

_tagger: Any = None
_feature_cache: dict[str, tuple[str, str, str, str | None, str | None]] = {}
_kiwi: Any = None

_WORD_RE = re.compile(r"\w{2,}")
_KANA_OR_KANJI_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KATAKANA_RE = re.compile(r"^[\u30a0-\u30ffー]+$")
_HIRAGANA_ONE_RE = re.compile(r"^[\u3040-\u309f]$")
_NO_LETTER_RE = re.compile(r"^[\W\d_]+$")
_WHITESPACE_RE = re.compile(r"\s+")
# Marks that masking and redaction write in place of personal data (［氏名］, [전화번호], [PHONE],
# ［非公開］): a bracketed word of capitals, Hangul or CJK with no space in it. Never a keyword.
_MASK_MARK_RE = re.compile(r"［[^［］\s]{1,12}］|\[(?:[A-Z][A-Z_]{1,15}|[\uac00-\ud7a3]{1,8})\]")

# Suffixes that only mark plural, honorific, time or "inside" (子供達, 皆さん, 施設内):
# joining them would split one keyword into several, so they end the compound instead.
_JA_DROP_SUFFIXES = frozenset("達 等 ら さん 様 君 ちゃん 氏 殿 共 頃 毎 目 半 末 内 中 際".split())
_MAX_COMPOUND_PARTS = 4
_MAX_COMPOUND_CHARS = 12
# UniDic's honorific prefix お/ご (lemma 御): dropping it merges お店 with 店.
_JA_DROP_PREFIXES = frozenset({"御"})


def clear_caches() -> None:
    """Forget the loaded analysers (frees Kiwi's ~1.1 GB); the next call reloads them."""
    global _tagger, _kiwi
    _tagger = None
    _kiwi = None
    _feature_cache.clear()


def get_tagger() -> Any:
    global _tagger
    if _tagger is None:
        import fugashi  # lazy: the package imports without the Japanese dictionary

        _tagger = fugashi.Tagger()
    return _tagger


def get_kiwi() -> Any:
    global _kiwi
    if _kiwi is None:
        from kiwipiepy import Kiwi

        _kiwi = Kiwi()
    return _kiwi


def _clean(token: str) -> str:
    # Width/case folding so ＡＢＣ and abc are one keyword; spaces never survive.
    token = unicodedata.normalize("NFKC", token).lower()
    return _WHITESPACE_RE.sub("", token)


def _keep(token: str, stopwords: frozenset[str]) -> bool:
    # Longer strings are URLs, IDs or unsegmented runs, never a keyword a reader needs.
    return 0 < len(token) <= MAX_TOKEN_CHARS and not (
        _HIRAGANA_ONE_RE.match(token) or _NO_LETTER_RE.match(token) or token in stopwords
    )


def _ja_features(node: Any) -> tuple[str, str, str, str | None, str | None]:
    """(pos1, pos2, pos3, lemma, written base form) of a node, cached by its raw feature.

    Building fugashi's feature tuple is two thirds of the analysis time, and a few
    thousand distinct features cover most of a survey.
    """
    raw = node.feature_raw
    cached = _feature_cache.get(raw)
    if cached is None:
        f = node.feature
        lemma = f.lemma.split("-", 1)[0] if f.lemma else None
        # Proper-noun lemmas are katakana readings (福井 -> フクイ): use the written form.
        if f.pos2 == "固有名詞":
            lemma = None
        cached = (f.pos1, f.pos2, f.pos3, lemma, f.orthBase)
        _feature_cache[raw] = cached
    return cached


def _ja_forms(lemma: str | None, written: str | None, surface: str) -> tuple[str, str]:
    """(lemma, written form); unknown words carry neither, so their surface is both."""
    written = written or surface
    # Loanwords carried their source (バス-bus) and some lemmas a tag (私-代名詞).
    return lemma or written, written


def _ja_pairs(text: str, tagger: Any) -> list[tuple[str, str]]:
    """(lemma, written form) of each content word of one text, nouns as compounds.

    A run of nouns becomes one compound (子育て + 支援 -> 子育て支援, 恐竜 + 博物館),
    with prefixes and suffixes attached (避難 + 所 -> 避難所, 再 + 開発): UniDic's
    short units split these, and 所, 者, 場 or 県 alone mean nothing. A run longer
    than a term usually is (a note written without particles) is kept as its parts.
    """
    pairs: list[tuple[str, str]] = []
    run: list[list[str]] = []  # units of the current noun run, each [lemma, written]
    prefix = ["", ""]
    after_number = False

    def flush() -> None:
        if run:
            lemma = "".join(u[0] for u in run)
            written = "".join(u[1] for u in run)
            if len(run) <= _MAX_COMPOUND_PARTS and len(written) <= _MAX_COMPOUND_CHARS:
                pairs.append((lemma, written))
            else:
                pairs.extend((u[0], u[1]) for u in run)
            run.clear()
        prefix[:] = ["", ""]

    for node in tagger(text):
        if node.white_space:
            flush()  # a space the writer typed separates words: 公園 ベンチ is two
        pos1, pos2, pos3, lemma_, written_ = _ja_features(node)
        was_after_number, after_number = after_number, False
        if pos1 == "名詞":
            if pos2 == "数詞":
                flush()
                after_number = True
            elif pos2 not in ("普通名詞", "固有名詞") or (
                was_after_number and pos3 == "助数詞可能"
            ):
                flush()  # counters after a number (3 年, 10 円) say nothing on their own
            else:
                lemma, written = _ja_forms(lemma_, written_, node.surface)
                if lemma in JAPANESE_STOPWORDS:
                    flush()  # 駅 + 周辺 is about the station: keep 駅, not a new compound
                elif (
                    run
                    and not prefix[1]
                    and _KATAKANA_RE.match(run[-1][1])
                    and _KATAKANA_RE.match(written)
                ):
                    run[-1][0] += lemma  # one loanword split in two (フード + コート)
                    run[-1][1] += written
                else:
                    run.append([prefix[0] + lemma, prefix[1] + written])
                    prefix[:] = ["", ""]
        elif pos1 == "接尾辞" and pos2 in ("名詞的", "形状詞的"):
            lemma, written = _ja_forms(lemma_, written_, node.surface)
            if lemma in _JA_DROP_SUFFIXES or was_after_number:
                flush()
            elif run:
                run[-1][0] += lemma
                run[-1][1] += written
        elif pos1 == "接頭辞":
            lemma, written = _ja_forms(lemma_, written_, node.surface)
            if lemma not in _JA_DROP_PREFIXES:
                prefix[0] += lemma
                prefix[1] += written
        else:
            flush()
            if pos2 == "一般" and pos1 in ("動詞", "形容詞", "形状詞"):
                pairs.append(_ja_forms(lemma_, written_, node.surface))
    flush()
    return pairs


def tokenize_japanese(texts: Sequence[str]) -> list[list[str]]:
    """Content-word tokens for each Japanese text: nouns (as compounds), verbs, adjectives.

    Words are identified by their UniDic lemma, so spellings and inflections merge
    (きれい, 綺麗 and キレイ; 楽しめる and 楽しむ), and each is shown in the spelling
    used most often in ``texts`` (綺麗, not the dictionary's 奇麗; カニ, not 蟹).
    """
    tagger = get_tagger()
    per_text = []
    spellings: dict[str, Counter[str]] = {}
    for text in texts:
        kept = []
        for lemma, written in _ja_pairs(text, tagger):
            lemma, written = _clean(lemma), _clean(written)
            if _keep(lemma, JAPANESE_STOPWORDS) and _keep(written, JAPANESE_STOPWORDS):
                kept.append(lemma)
                spellings.setdefault(lemma, Counter())[written] += 1
        per_text.append(kept)
    # Most frequent spelling; ties go to the first in code-point order, for determinism.
    shown = {
        lemma: min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        for lemma, counts in spellings.items()
    }
    return [[shown[lemma] for lemma in kept] for kept in per_text]


# Kiwi tags: NNG common noun, NNP proper noun, XR root, VV verb, VA adjective
# (irregular ones carry a suffix such as VA-R), XSA the adjective-forming 하.
_KO_NOUNS = ("NNG", "NNP")
_KO_STEMS = ("VV", "VA")


def _ko_tokens(morphs: Sequence[Any]) -> list[str]:
    tokens: list[str] = []
    n = len(morphs)
    for i, m in enumerate(morphs):
        tag = m.tag.split("-", 1)[0]
        if tag in _KO_NOUNS or tag == "XR":
            # 불편 + 하(XSA) is the adjective 불편하다: keep the complaint, not the noun.
            if i + 1 < n and morphs[i + 1].tag.split("-", 1)[0] == "XSA":
                tokens.append(m.form + "하다")
            else:
                tokens.append(m.form)
        elif tag in _KO_STEMS:
            lemma = getattr(m, "lemma", None)
            tokens.append(lemma if lemma else m.form + "다")
    cleaned = (_clean(t) for t in tokens)
    return [t for t in cleaned if _keep(t, KOREAN_STOPWORDS)]


def tokenize_korean(texts: Sequence[str]) -> list[list[str]]:
    """Content-word tokens for each Korean text (nouns, roots, verb/adjective stems + 다)."""
    if not texts:
        return []
    kiwi = get_kiwi()
    # One call for the whole batch: measured 2x faster than one call per text.
    return [_ko_tokens(morphs) for morphs in kiwi.tokenize(list(texts))]


def tokenize_other(texts: Sequence[str]) -> list[list[str]]:
    """Lowercase regex words of two or more characters, English stopwords removed."""
    out = []
    for text in texts:
        words = (_clean(w) for w in _WORD_RE.findall(text))
        out.append([w for w in words if _keep(w, OTHER_STOPWORDS)])
    return out


_TOKENIZERS: dict[str, BatchTokenizer] = {
    "ja": tokenize_japanese,
    "ko": tokenize_korean,
    "other": tokenize_other,
}


def route_language(text: str, language: str) -> str:
    """The analyser a text goes to: ja, ko, or other (text marked other goes by its script)."""
    if language in ("ja", "ko"):
        return language
    # A regex on unspaced Japanese would return whole sentences as "words"; send
    # text marked other (or an unknown code) to the analyser its script calls for.
    if _HANGUL_RE.search(text):
        return "ko"
    if _KANA_OR_KANJI_RE.search(text):
        return "ja"
    return "other"


def _mark_stand_in(m: re.Match[str]) -> str:
    # Korean particles cling to the mark ([전화번호]로): a stopword noun keeps them particles.
    return " " if m.group().startswith("［") else " 것"


def tokenize_texts(texts: Sequence[str], languages: Sequence[str]) -> list[list[str]]:
    """Content-word tokens for each text, using the analyser for its language.

    ``languages`` holds one code per text: "ja", "ko" or "other". Text marked
    "other" that is written in Hangul or in kana/kanji goes to the Korean or the
    Japanese analyser. Texts of one language are analysed in one batch, so Kiwi
    is loaded only when there is Korean text. Tokens never contain whitespace.
    A Japanese word is shown in its most frequent spelling within ``texts``, so
    tokenise all answers of an analysis in one call. Masking placeholders (［氏名］,
    [전화번호]) are left out: they are marks, not what anyone said.
    """
    if len(texts) != len(languages):
        raise ValueError(f"{len(texts)} texts but {len(languages)} languages")
    groups: dict[str, list[int]] = {}
    for i, (text, lang) in enumerate(zip(texts, languages)):
        text = text if isinstance(text, str) else ""
        groups.setdefault(route_language(text, lang), []).append(i)
    result: list[list[str]] = [[] for _ in texts]
    for lang, idx in groups.items():
        batch = [_MASK_MARK_RE.sub(_mark_stand_in, texts[i]) if isinstance(texts[i], str) else "" for i in idx]
        for i, tokens in zip(idx, _TOKENIZERS[lang](batch)):
            result[i] = tokens
    return result
