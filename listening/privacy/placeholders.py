"""What a masked item reads as: one placeholder per kind, in the language of the words around it.

A placeholder follows the text around the item, not the answer's majority language:
a Japanese name inside a Korean sentence becomes ``[이름]``, a Korean name inside a
Japanese sentence ``［氏名］``. Placeholders are marks, never words: the tokenizer
drops them and the detectors never read them as data.
"""
from __future__ import annotations

import re

KINDS = ("email", "phone", "postal_code", "address", "my_number", "rrn", "card", "bank_account",
         "car_plate", "url", "account", "name")

PLACEHOLDERS: dict[str, dict[str, str]] = {
    "ja": {"email": "［メール］", "phone": "［電話番号］", "postal_code": "［郵便番号］",
           "address": "［住所］", "my_number": "［個人番号］", "rrn": "［個人番号］",
           "card": "［カード番号］", "bank_account": "［口座番号］", "car_plate": "［車両番号］",
           "url": "［URL］", "account": "［アカウント］", "name": "［氏名］"},
    "ko": {"email": "[이메일]", "phone": "[전화번호]", "postal_code": "[우편번호]",
           "address": "[주소]", "my_number": "[주민등록번호]", "rrn": "[주민등록번호]",
           "card": "[카드번호]", "bank_account": "[계좌번호]", "car_plate": "[차량번호]",
           "url": "[URL]", "account": "[계정]", "name": "[이름]"},
    "other": {"email": "[EMAIL]", "phone": "[PHONE]", "postal_code": "[POSTAL_CODE]",
              "address": "[ADDRESS]", "my_number": "[ID_NUMBER]", "rrn": "[ID_NUMBER]",
              "card": "[CARD]", "bank_account": "[BANK_ACCOUNT]", "car_plate": "[CAR_PLATE]",
              "url": "[URL]", "account": "[ACCOUNT]", "name": "[NAME]"},
}
# What a manual redaction (a term staff chose) reads as.
REDACTED = {"ja": "［非公開］", "ko": "[비공개]", "other": "[REDACTED]"}

MARKS = tuple(sorted({m for table in PLACEHOLDERS.values() for m in table.values()} | set(REDACTED.values()),
                     key=len, reverse=True))
MARK_RE = re.compile("|".join(re.escape(m) for m in MARKS))

_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
_JA_RE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_SENTENCE_END = "。．！？!?\n"
_WINDOW = 24  # characters on each side that decide the language of a placeholder


def language_of(text: str, language: str = "auto") -> str:
    """``ja``, ``ko`` or ``other`` for ``text``: a given ja/ko wins, ``auto`` counts scripts."""
    if language in ("ja", "ko"):
        return language
    if language != "auto":
        return "other"
    n_ko = len(_HANGUL_RE.findall(text))
    if n_ko and n_ko >= len(_JA_RE.findall(text)):
        return "ko"
    return "ja" if _JA_RE.search(text) else "other"


def context_language(text: str, start: int, end: int, fallback: str) -> str:
    """The language of the words around ``text[start:end]`` within its sentence.

    Counts Hangul against kana/kanji in up to ``_WINDOW`` characters on each side
    (other placeholders left out); with neither script there, ``fallback``.
    """
    lo = start
    while lo > 0 and start - lo < _WINDOW and text[lo - 1] not in _SENTENCE_END:
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < _WINDOW and text[hi] not in _SENTENCE_END:
        hi += 1
    around = MARK_RE.sub(" ", text[lo:start] + " " + text[end:hi])
    n_ko, n_ja = len(_HANGUL_RE.findall(around)), len(_JA_RE.findall(around))
    if n_ko > n_ja:
        return "ko"
    if n_ja:
        return "ja"
    return fallback


def blank_marks(text: str) -> str:
    """``text`` with every placeholder and redaction mark blanked to spaces of the same length,
    so detectors never read a mark's letters (``[이름]``) as data."""
    return MARK_RE.sub(lambda m: " " * len(m.group()), text) if ("［" in text or "[" in text) else text
