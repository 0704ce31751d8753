"""Find and mask personal data in free-text answers before they leave the machine.

Matching runs on an NFKC-normalised copy (full-width digits, ``－`` and ``ー``
between digits read as ASCII), and every span is mapped back to the original
text, so a finding's ``original`` is exactly ``text[start:end]``. Place names,
dates, prices and counts are opinion content and stay: an address is masked
only with a house number, a postal code only with a cue.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

KINDS = ("email", "phone", "postal_code", "address", "my_number", "rrn", "card", "url", "name")

PLACEHOLDERS: dict[str, dict[str, str]] = {
    "ja": {"email": "［メール］", "phone": "［電話番号］", "postal_code": "［郵便番号］",
           "address": "［住所］", "my_number": "［個人番号］", "rrn": "［個人番号］",
           "card": "［カード番号］", "url": "［URL］", "name": "［氏名］"},
    "ko": {"email": "[이메일]", "phone": "[전화번호]", "postal_code": "[우편번호]",
           "address": "[주소]", "my_number": "[주민등록번호]", "rrn": "[주민등록번호]",
           "card": "[카드번호]", "url": "[URL]", "name": "[이름]"},
    "other": {"email": "[EMAIL]", "phone": "[PHONE]", "postal_code": "[POSTAL_CODE]",
              "address": "[ADDRESS]", "my_number": "[ID_NUMBER]", "rrn": "[ID_NUMBER]",
              "card": "[CARD]", "url": "[URL]", "name": "[NAME]"},
}


@dataclass(frozen=True)
class Finding:
    """One masked span; ``start``/``end`` index the original text."""

    kind: str
    start: int
    end: int
    original: str


# ---- normalisation with an index map ------------------------------------------------

_DASHES = "ー‐‑‒–—―−－ｰ"
_DASH_NEAR_DIGIT_RE = re.compile(rf"(?<=\d)[{_DASHES}]|[{_DASHES}](?=\d)")


def _normalise(text: str) -> tuple[str, list[int], list[int]]:
    """NFKC copy of ``text`` and, for each of its characters, the original span.

    A character and the marks after it (half-width ﾀﾞ, combining dakuten) are
    normalised together, so they compose as whole-text NFKC would.
    """
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
    return norm_text, starts, ends


# ---- patterns (on the normalised copy) ----------------------------------------------

_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL_RE = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]+")
_SNS_HOST_RE = re.compile(r"(?:^|\.)(?:facebook\.com|fb\.com|instagram\.com|x\.com|twitter\.com|"
                          r"tiktok\.com|threads\.net|line\.me|note\.com|ameblo\.jp|"
                          r"blog\.naver\.com|[a-z0-9-]*blog[a-z0-9-]*\.[a-z.]+)$")
_PERSONAL_PATH_RE = re.compile(r"@|~|/users?/|/u/|profile|/blog|mypage|/member|/channel/|"
                               r"[?&](?:id|user|uid)=", re.IGNORECASE)

# Candidates are loose; the digit count and prefix decide.
_PHONE_RE = re.compile(r"(?<![A-Za-z0-9.+-])(?:\+8[12][ -]?(?:\(0\)[ -]?)?\d|\(0\d{1,4}\)|0)"
                       r"(?:[ -]?\(?\d++\)?){1,5}(?![\d-])")
_NUMBER_RUN_RE = re.compile(r"(?<![\d.,+-])\d(?:[ -]?\d){8,18}(?![\d-]|[.,]\d)")
_RRN_RE = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})-?([1-4])\d{6}(?![\d-])")

_PREFECTURE = r"(?:北海道|東京都|京都府|大阪府|[\u4e00-\u9fff]{2,3}県)"
_PREFECTURE_START_RE = re.compile(_PREFECTURE)
_POSTAL_JA_RE = re.compile(
    r"(?:〒|郵便番号)[ :：]*(\d{3}-?\d{4})(?!\d)"
    rf"|(?<![\d-])(\d{{3}}-\d{{4}})(?![\d-])(?=[ 　]*(?:{_PREFECTURE}|[\u4e00-\u9fff]{{1,6}}[市区町村郡]))")
_POSTAL_KO_RE = re.compile(r"우편\s*번호[ :：]*(\d{5})(?!\d)")

_K = r"[\u4e00-\u9fff\u3005ヶケ]"            # kanji of place names
_KK = r"[\u4e00-\u9fff\u3005\u30a1-\u30faーの]"  # town names (丸の内, アルプス町)
_N = r"(?:\d{1,4}|[一二三四五六七八九十]{1,3})"
_HOUSE = (rf"{_N}丁目[ ]?{_N}(?:番地?|-|の)[ ]?{_N}号?|{_N}丁目[ ]?{_N}番地?"
          rf"|{_N}番地(?:[ ]?の?{_N}号?)?|{_N}番[ ]?{_N}号")
_ADDRESS_JA_RE = re.compile(
    rf"(?:{_K}{{1,6}}?[都道府県])?(?:{_K}{{1,6}}?[市区町村郡]){{0,2}}{_KK}{{0,10}}?(?:{_HOUSE})"
    rf"|(?:{_K}{{1,6}}?[都道府県])?{_K}{{1,6}}?[市区町村郡]{_KK}{{0,10}}?"
    r"\d{1,4}-\d{1,4}(?:-\d{1,4})?(?![\d-])"
    rf"|{_KK}{{1,8}}?[町村]\d{{1,4}}-\d{{1,4}}(?:-\d{{1,4}})?(?![\d-])")
_TOWN_BEFORE_HOUSE_RE = re.compile(rf"{_KK}$")
_KO_COUNTER = r"(?![\d년개명시번월일원%세분층회차주호위등])"
_ADDRESS_KO_RE = re.compile(
    r"(?:[가-힣]{1,6}(?:특별시|광역시|특별자치시|시|도)\s*)?[가-힣]{1,6}(?:구|군|시)\s+"
    rf"[가-힣0-9]{{1,10}}(?:로|길)\s*\d{{1,4}}(?:-\d{{1,4}})?(?:번길\s*\d{{1,4}}(?:-\d{{1,4}})?)?{_KO_COUNTER}"
    rf"|[가-힣0-9]{{1,10}}번길\s*\d{{1,4}}(?:-\d{{1,4}})?{_KO_COUNTER}"
    r"|[가-힣]{1,8}(?:동|리|가)\s*\d{1,4}(?:-\d{1,4}(?:번지)?|번지)(?![\d-])")
_PROVINCE_KO_RE = re.compile(r"(?:서울|부산|대구|인천|광주|대전|울산|세종)(?:특별시|광역시|특별자치시|시)?\s*"
                             r"|[가-힣]{1,4}(?:특별자치도|도)\s+")

_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
_JA_RE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_KO_HONORIFIC_RE = re.compile(r"씨|님")
_JA_HONORIFICS = frozenset({"さん", "様", "さま", "氏", "君", "くん", "ちゃん", "先生", "殿"})
_KO_HONORIFIC_FORMS = frozenset({"씨", "님", "선생"})

# Earlier kinds win where spans overlap.
_PRIORITY = {k: i for i, k in enumerate(
    ("url", "email", "my_number", "rrn", "card", "phone", "postal_code", "address", "name"))}


# ---- validators ------------------------------------------------------------------

def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def is_my_number(digits: str) -> bool:
    """True when 12 digits carry the check digit of Japan's individual number."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    body = digits[:11]
    total = 0
    for n in range(1, 12):  # n counts from the right of the 11-digit body
        q = n + 1 if n <= 6 else n - 5
        total += int(body[11 - n]) * q
    rem = total % 11
    return int(digits[11]) == (0 if rem <= 1 else 11 - rem)


def is_luhn(digits: str) -> bool:
    """True when ``digits`` passes the Luhn check used by payment cards."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _is_card_grouping(groups: tuple[int, ...]) -> bool:
    return (len(groups) == 1 or groups in ((4, 6, 5), (4, 6, 4))
            or (all(g == 4 for g in groups[:-1]) and 1 <= groups[-1] <= 4))


def _is_phone(candidate: str) -> bool:
    digits = _digits(candidate)
    if candidate.startswith("+"):
        digits = "0" + digits[2:].removeprefix("0")
    n = len(digits)
    if re.match(r"0[789]0", digits):
        return n == 11 or (digits.startswith("070") and n == 10)  # ko 070 too
    if digits.startswith(("0120", "0570")):
        return n == 10
    if digits.startswith("0800"):
        return n == 11
    if re.match(r"01[016789]", digits):
        return n in (10, 11)
    if digits.startswith("02"):
        return n in (9, 10)
    return n == 10 or (n == 11 and bool(re.match(r"0[3-6][1-5]", digits)))


def _is_rrn_date(m: re.Match[str]) -> bool:
    month, day = int(m.group(2)), int(m.group(3))
    return 1 <= month <= 12 and 1 <= day <= 31


def _is_personal_url(url: str) -> bool:
    rest = re.sub(r"^(?:https?://)?", "", url)
    host, _, path = rest.partition("/")
    host = host.lower().split(":")[0]
    path = path.rstrip("/")
    if _SNS_HOST_RE.search(host):
        return bool(path)
    return bool(_PERSONAL_PATH_RE.search("/" + path)) or "@" in host


# ---- detection ---------------------------------------------------------------------

def _language_of(text: str, language: str) -> str:
    if language in ("ja", "ko"):
        return language
    if language != "auto":
        return "other"
    n_ko = len(_HANGUL_RE.findall(text))
    if n_ko and n_ko >= len(_JA_RE.findall(text)):
        return "ko"
    return "ja" if _JA_RE.search(text) else "other"


def _regex_spans(norm: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) in the normalised text, overlapping allowed."""
    spans: list[tuple[str, int, int]] = []
    if "/" in norm or "www." in norm:
        spans += [("url", m.start(), m.end()) for m in _URL_RE.finditer(norm)
                  if _is_personal_url(m.group().rstrip(".,;:!?"))]
    if "@" in norm:
        spans += [("email", m.start(), m.end()) for m in _EMAIL_RE.finditer(norm)]
    if not any(c.isdigit() for c in norm):
        return spans
    for m in _NUMBER_RUN_RE.finditer(norm):
        digits = _digits(m.group())
        # Phone-style groups (82-10-1234-5678) pass a check digit by chance one time in ten.
        groups = tuple(len(g) for g in re.split(r"[ -]", m.group()))
        if len(digits) == 12 and groups in ((12,), (4, 4, 4)) and is_my_number(digits):
            spans.append(("my_number", m.start(), m.end()))
        elif 13 <= len(digits) <= 19 and _is_card_grouping(groups) and is_luhn(digits):
            spans.append(("card", m.start(), m.end()))
    spans += [("rrn", m.start(), m.end()) for m in _RRN_RE.finditer(norm) if _is_rrn_date(m)]
    spans += [("phone", m.start(), m.end()) for m in _PHONE_RE.finditer(norm) if _is_phone(m.group())]
    for m in _POSTAL_JA_RE.finditer(norm):
        g = 1 if m.group(1) else 2
        spans.append(("postal_code", m.start(g), m.end(g)))
    spans += [("postal_code", m.start(1), m.end(1)) for m in _POSTAL_KO_RE.finditer(norm)]
    for m in _ADDRESS_JA_RE.finditer(norm):
        start = m.start()
        pref = _PREFECTURE_START_RE.match(m.group())
        if pref and pref.end() < len(m.group()):
            start += pref.end()  # the prefecture alone identifies nobody
        spans.append(("address", start, m.end()))
    for m in _ADDRESS_KO_RE.finditer(norm):
        start = m.start()
        prov = _PROVINCE_KO_RE.match(m.group())
        if prov and prov.end() < len(m.group()) - 4:
            start += prov.end()
        spans.append(("address", start, m.end()))
    return spans


def _ja_name_spans(norm: str, tagger: Any) -> list[tuple[str, int, int]]:
    """Runs of person-name tokens that end in an honorific or join a family and given name.

    A lone name token without an honorific is left: in survey answers UniDic tags
    place and facility words (川辺, ひばり公園) as names far more often than people.
    """
    spans: list[tuple[str, int, int]] = []
    pos = 0
    run: list[tuple[int, int, str]] = []  # (start, end, 姓/名) of the current run

    def close(honorific_end: int | None) -> None:
        if run and (honorific_end is not None or len(run) >= 2):
            spans.append(("name", run[0][0], honorific_end or run[-1][1]))
        run.clear()

    for node in tagger(norm):
        pos += len(node.white_space)
        start, pos = pos, pos + len(node.surface)
        raw = node.feature_raw
        if raw.startswith("名詞,固有名詞,人名"):
            if run and run[-1][1] != start:
                close(None)
            run.append((start, pos, raw))
            continue
        if run:
            honorific = start == run[-1][1] and node.surface in _JA_HONORIFICS
            close(pos if honorific else None)
    close(None)
    return spans


def _ko_name_spans(tokens: Sequence[Any]) -> list[tuple[str, int, int]]:
    spans = []
    for tok, nxt in zip(tokens, tokens[1:]):
        if tok.tag == "NNP" and nxt.form in _KO_HONORIFIC_FORMS and nxt.start - (tok.start + tok.len) <= 1:
            spans.append(("name", tok.start, tok.start + tok.len))
    return spans


def _resolve(text: str, starts: list[int], ends: list[int],
             spans: list[tuple[str, int, int]]) -> list[Finding]:
    """Non-overlapping findings in original coordinates, in text order."""
    kept: list[tuple[int, int, str]] = []
    for kind, s, e in sorted(spans, key=lambda t: (_PRIORITY[t[0]], t[1], -t[2])):
        if e <= s:
            continue
        start, end = starts[s], ends[e - 1]
        if all(end <= ks or start >= ke for ks, ke, _ in kept):
            kept.append((start, end, kind))
    return [Finding(kind, s, e, text[s:e]) for s, e, kind in sorted(kept)]


def _find_batch(texts: Sequence[str], languages: Sequence[str], names: bool) -> list[list[Finding]]:
    if len(texts) != len(languages):
        raise ValueError(f"{len(texts)} texts but {len(languages)} languages")
    normed = [_normalise(t or "") for t in texts]
    langs = [_language_of(nt[0], lang) for nt, lang in zip(normed, languages)]
    spans = [_regex_spans(nt[0]) for nt in normed]
    if names:
        ja_rows = [i for i, lang in enumerate(langs) if lang == "ja" and normed[i][0]]
        if ja_rows:
            from listening.text import get_tagger  # shares the process's one tagger

            tagger = get_tagger()
            for i in ja_rows:
                spans[i] += _ja_name_spans(normed[i][0], tagger)
        # Kiwi costs ~4 s and ~1 GB: load it only when a Korean honorific can name someone.
        ko_rows = [i for i, lang in enumerate(langs)
                   if lang == "ko" and _KO_HONORIFIC_RE.search(normed[i][0])]
        if ko_rows:
            from listening.text import get_kiwi

            results = get_kiwi().tokenize([normed[i][0] for i in ko_rows])
            for i, tokens in zip(ko_rows, results):
                spans[i] += _ko_name_spans(list(tokens))
    return [_resolve(t or "", nt[1], nt[2], s) for t, nt, s in zip(texts, normed, spans)]


def find_personal_data(text: str, language: str = "auto", names: bool = True) -> list[Finding]:
    """Personal data in ``text`` (emails, phones, addresses, ID and card numbers, personal
    URLs and, with ``names``, person names), as non-overlapping findings in text order."""
    return _find_batch([text], [language], names)[0]


def _apply(text: str, findings: list[Finding], language: str) -> str:
    marks = PLACEHOLDERS[_language_of(text, language) if language == "auto" else
                         (language if language in PLACEHOLDERS else "other")]
    out, last = [], 0
    for f in findings:
        out += [text[last:f.start], marks[f.kind]]
        last = f.end
    out.append(text[last:])
    return "".join(out)


def mask_text(text: str, language: str = "auto", names: bool = True) -> tuple[str, list[Finding]]:
    """``text`` with each finding replaced by a placeholder in its language, and the findings."""
    findings = find_personal_data(text, language, names)
    return _apply(text, findings, language), findings


def mask_texts(texts: Sequence[str], languages: Sequence[str],
               names: bool = True) -> tuple[list[str], list[list[Finding]]]:
    """Batch :func:`mask_text`: one language per text (``ja``, ``ko``, ``auto`` or other);
    tokenizers load once and Kiwi only when Korean text may hold a name."""
    found = _find_batch(texts, languages, names)
    masked = [_apply(t or "", f, lang) for t, f, lang in zip(texts, found, languages)]
    return masked, found
