"""Find and mask personal data in free-text answers before they leave the machine.

Each kind has its finder (``detect_numbers``, ``detect_addresses``, ``detect_accounts``,
``detect_names``); this module runs them over one normalised copy of each text,
resolves overlaps, drops what staff marked as not personal data, and writes each
placeholder in the language of the words around it. Place names, dates, prices and
counts are opinion content and stay.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from .detect_accounts import account_spans
from .detect_addresses import address_spans
from .detect_names import cross_script_spans, ja_name_spans
from .detect_names_ko import ko_name_spans
from .detect_numbers import is_luhn, is_my_number, number_spans
from .placeholders import KINDS, PLACEHOLDERS, context_language, language_of
from .textmap import Finding, Normalised, Span, normalise, resolve, spelled_digits

# Bump when a finder changes what it finds: stored answers are masked again with it.
DETECT_VERSION = 2

# Earlier kinds win where spans overlap.
_PRIORITY = {k: i for i, k in enumerate(
    ("url", "email", "account", "my_number", "rrn", "card", "bank_account", "phone", "car_plate",
     "postal_code", "address", "name"))}
assert set(_PRIORITY) == set(KINDS)

_JA_SCRIPT_RE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Kiwi costs ~4 s and ~1 GB: it loads only when a Korean honorific or role can name someone.
_KO_CUE_RE = re.compile(r"[\uac00-\ud7a3]\s?(?:씨|님|선생|여사|과장|부장|차장|팀장|대리|주임|교수)|[\uac00-\ud7a3]\s[군양]|(?:통장|이장|반장|동장|회장|위원장|과장|팀장|계장|주무관|담당자?|원장"
                        r"|교장|교감|담임|대표|사장|목사|신부|스님|주지|기사|소장|부장|실장|국장|센터장|선생)\s?[\uac00-\ud7a3]")
_HONORIFIC_TAIL_RE = re.compile(r"\s?(?:さん|様|さま|氏|君|くん|ちゃん|先生|殿|씨|님|선생님)$")

__all__ = ["DETECT_VERSION", "Finding", "KINDS", "find_personal_data", "is_luhn", "is_my_number", "mask_text",
           "mask_texts", "normalise_term", "render_masked"]


def normalise_term(term: str) -> str:
    """A term as stored answers are written (NFKC, single spaces)."""
    return " ".join(unicodedata.normalize("NFKC", term).split())


def _regex_spans(norm: Normalised) -> list[Span]:
    text = norm.text
    spans = account_spans(text) + address_spans(text)
    spelled = spelled_digits(text)
    if any(c.isdigit() for c in spelled):
        spans += number_spans(spelled)
    return spans


def _occurrences(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    lowered = text.casefold()
    found = []
    for term in terms:
        t = term.casefold()
        if not t:
            continue
        start = lowered.find(t)
        while start >= 0:
            found.append((start, start + len(t)))
            start = lowered.find(t, start + 1)
    return found


def _drop_allowed(spans: list[Span], norm: Normalised, allow: frozenset[str], nouns: tuple[str, ...]) -> list[Span]:
    """Spans staff marked as not personal data: a finding equal to an allowed term (honorific
    aside) or inside one, and names overlapping a local proper noun."""
    if not (allow or nouns):
        return spans
    covers = _occurrences(norm.text, allow)
    places = _occurrences(norm.text, nouns)
    kept = []
    for kind, s, e in spans:
        core = _HONORIFIC_TAIL_RE.sub("", norm.text[s:e]).casefold()
        if core in allow or norm.text[s:e].casefold() in allow:
            continue
        if any(a <= s and e <= b for a, b in covers):
            continue
        if kind == "name" and any(a < e and s < b for a, b in places):
            continue
        kept.append((kind, s, e))
    return kept


def _find_batch(texts: Sequence[str], languages: Sequence[str], names: bool,
                allow: Iterable[str] = (), nouns: Iterable[str] = ()) -> list[list[Finding]]:
    if len(texts) != len(languages):
        raise ValueError(f"{len(texts)} texts but {len(languages)} languages")
    allow_set = frozenset(normalise_term(t).casefold() for t in allow if normalise_term(t))
    noun_list = tuple(sorted({normalise_term(t) for t in nouns if normalise_term(t)}))
    normed = [normalise(t or "") for t in texts]
    spans = [_regex_spans(n) for n in normed]
    if names:
        # Every finder reads the runs of its own script, whatever the answer's main language.
        ja_rows = [i for i, n in enumerate(normed) if _JA_SCRIPT_RE.search(n.text)]
        if ja_rows:
            from listening.text import get_tagger  # shares the process's one tagger

            tagger = get_tagger()
            for i in ja_rows:
                spans[i] += ja_name_spans(normed[i].text, tagger) + cross_script_spans(normed[i].text)
        ko_rows = [i for i, n in enumerate(normed) if _KO_CUE_RE.search(n.text)]
        if ko_rows:
            from listening.text import get_kiwi

            results = get_kiwi().tokenize([normed[i].text for i in ko_rows])
            for i, tokens in zip(ko_rows, results):
                spans[i] += ko_name_spans(normed[i].text, list(tokens))
    return [resolve(t or "", n, _drop_allowed(s, n, allow_set, noun_list), _PRIORITY)
            for t, n, s in zip(texts, normed, spans)]


def find_personal_data(text: str, language: str = "auto", names: bool = True,
                       allow: Iterable[str] = (), nouns: Iterable[str] = ()) -> list[Finding]:
    """Personal data in ``text`` (emails, phones, addresses, ID, card and account numbers,
    plates, personal URLs and accounts and, with ``names``, person names), as
    non-overlapping findings in text order. ``allow``: terms staff marked as not personal
    data; ``nouns``: local proper nouns that are never a person's name."""
    return _find_batch([text], [language], names, allow, nouns)[0]


def render_masked(text: str, findings: Sequence[Finding], language: str) -> str:
    """``text`` with each finding replaced by its placeholder, in the language of the words
    around it (the answer's language where the words say nothing)."""
    if not findings:
        return text
    fallback = language_of(text, language) if language == "auto" else (
        language if language in PLACEHOLDERS else "other")
    out, last = [], 0
    for f in findings:
        marks = PLACEHOLDERS[context_language(text, f.start, f.end, fallback)]
        out += [text[last:f.start], marks[f.kind]]
        last = f.end
    out.append(text[last:])
    return "".join(out)


def mask_text(text: str, language: str = "auto", names: bool = True,
              allow: Iterable[str] = (), nouns: Iterable[str] = ()) -> tuple[str, list[Finding]]:
    """``text`` with each finding replaced by a placeholder in its language, and the findings."""
    findings = find_personal_data(text, language, names, allow, nouns)
    return render_masked(text, findings, language), findings


def mask_texts(texts: Sequence[str], languages: Sequence[str], names: bool = True,
               allow: Iterable[str] = (), nouns: Iterable[str] = ()) -> tuple[list[str], list[list[Finding]]]:
    """Batch :func:`mask_text`: one language per text (``ja``, ``ko``, ``auto`` or other);
    tokenizers load once and Kiwi only when a Korean honorific or role may name someone."""
    found = _find_batch(texts, languages, names, allow, nouns)
    masked = [render_masked(t or "", f, lang) for t, f, lang in zip(texts, found, languages)]
    return masked, found
