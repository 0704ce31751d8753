"""Numbers that identify a person: phones, My Number, resident registration and card numbers,
bank accounts, car number plates and postal codes.

Counts, prices, dates, bus and school numbers are opinion content and stay: a
candidate is kept only when its digit count and prefix, a check digit, or a cue word
in front of it (口座番号, 계좌번호, マイナンバー, 번호판 ...) say what it is.
"""
from __future__ import annotations

import re

from .textmap import Span, digits

# Candidates are loose; the digit count and prefix decide. Groups may be split by a
# space, a dash, a dot (090.1357.2468) or a dash with spaces around it.
_PHONE_RE = re.compile(r"(?<![A-Za-z0-9.+-])(?:\+8[12][ -]?(?:\(0\)[ -]?)?\d|\(0\d{1,4}\)|0)"
                       r"(?:(?: ?[.-] ?| {1,2})?\(?\d++\)?){1,5}(?![\d-]|\.\d)")
_NUMBER_RUN_RE = re.compile(r"(?<![\d.,+-])\d(?:[ -]?\d){8,18}(?![\d-]|[.,]\d)")
_RRN_RE = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2}) ?(?:- ?)?([1-8])\d{6}(?![\d-])")
# A typo in a real My Number is still personal: after a cue, any 12 digits.
_MY_NUMBER_CUE_RE = re.compile(r"(?:マイナンバー|マイナ番号|個人番号|my ?number)(?:カード)?[^\d。\n]{0,8}?"
                               r"(?<!\d)(\d{4}[ -]?\d{4}[ -]?\d{4})(?![\d-])", re.IGNORECASE)

_NOT_MONEY = r"(?![\d,]|\.\d|円|원|万|億|만|억|人|명|件|건|%)"
_BANK_CUE_RE = re.compile(
    r"(?:口座番号|口座|振込先|振り込み先|계좌\s?번호|계좌|입금\s?계좌|통장\s?번호|account ?(?:no|number)?)"
    rf"[^。\n!?？！]{{0,24}}?(?<![\d-])(\d(?:[ -]?\d){{5,15}}){_NOT_MONEY}", re.IGNORECASE)
_BANK_KIND_RE = re.compile(rf"(?:普通|当座)(?:預金)?(?:口座)?[ :：]*(?<!\d)(\d{{7}}){_NOT_MONEY}")
_BANK_NAME_RE = re.compile(r"(?:銀行|信金|信用金庫|信組|労金|ゆうちょ|은행|뱅크|농협|신협|새마을금고)"
                           rf"[^。\n!?？！\d]{{0,12}}(?<![\d-])(\d(?:[ -]?\d){{6,15}}){_NOT_MONEY}")
_YUCHO_RE = re.compile(r"記号[ :：]*\d{5}[ -]?(?:番号)?[ :：]*\d{6,8}(?!\d)")

_PLATE_KANA = "\u3041-\u3093"
# Region (品川, 福井, なにわ), class number, one kana, the serial (12-34, 1234, ・・12).
_PLATE_JA_RE = re.compile(
    rf"(?:[\u4e00-\u9fff]{{1,4}}|[{_PLATE_KANA}]{{2,4}}) ?\d{{2,3}} ?[{_PLATE_KANA}] ?"
    r"(?:\d{1,2}-\d{2}|\d{4}|[・.]{1,3}\d{1,3})(?![\d-]|[円人件年名個本回台分時])"
    rf"|(?<![\d])\d{{2,3}} ?[{_PLATE_KANA}] ?(?:\d{{1,2}}-\d{{2}}|[・.]{{1,3}}\d{{1,3}})(?![\d-])")
_PLATE_CUE_JA_RE = re.compile(rf"(?:ナンバー|車両番号|車のナンバー|プレート)[^。\n\d]{{0,8}}?(?<!\d)(\d{{2,3}} ?[{_PLATE_KANA}] ?\d{{4}})(?!\d)")
_KO_REGIONS = r"(?:서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주)"
_PLATE_KO_SYLLABLES = "가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주아바사자배허하호"
_PLATE_KO_RE = re.compile(
    rf"(?:{_KO_REGIONS} ?|(?:번호판|차량\s?번호|차\s?번호)[^.\n\d]{{0,8}}?|(?<![\d가-힣]))"
    rf"(?<!\d)\d{{2,3}} ?[{_PLATE_KO_SYLLABLES}] ?\d{{4}}(?!\d|[년원명개건회번호층%])")

_PREFECTURE = r"(?:北海道|東京都|京都府|大阪府|[\u4e00-\u9fff]{2,3}県)"
_POSTAL_JA_RE = re.compile(
    r"(?:〒|郵便番号)[ :：]*(\d{3}-?\d{4})(?!\d)"
    rf"|(?<![\d-])(\d{{3}}-\d{{4}})(?![\d-])(?=[ 　]*(?:{_PREFECTURE}|[\u4e00-\u9fff]{{1,6}}[市区町村郡]))")
_KO_PLACE_START = (rf"{_KO_REGIONS}(?:특별시|광역시|특별자치시|특별자치도|시|도)?(?![가-힣])"
                   r"|[가-힣]{1,4}(?:특별시|광역시|시|군|구)\s")
_POSTAL_KO_RE = re.compile(
    r"(?:우편\s*번호|\(우\)|우\))[ :：]*(\d{5})(?!\d)"
    rf"|(?<![\d,.-])(\d{{5}})(?![\d,.-])(?=\s*[)\]]?\s*,?\s*(?:{_KO_PLACE_START}))")


def _is_phone(candidate: str) -> bool:
    d = digits(candidate)
    if candidate.startswith("+"):
        d = "0" + d[2:].removeprefix("0")
    n = len(d)
    if re.match(r"0[789]0", d):
        return n == 11 or (d.startswith("070") and n == 10)  # ko 070 too
    if d.startswith(("0120", "0570")):
        return n == 10
    if d.startswith("0800"):
        return n == 11
    if re.match(r"01[016789]", d):
        return n in (10, 11)
    if d.startswith("02"):
        return n in (9, 10)
    return n == 10 or (n == 11 and bool(re.match(r"0[3-6][1-5]", d)))


def is_my_number(number: str) -> bool:
    """True when 12 digits carry the check digit of Japan's individual number."""
    if len(number) != 12 or not number.isdigit():
        return False
    body = number[:11]
    total = 0
    for n in range(1, 12):  # n counts from the right of the 11-digit body
        q = n + 1 if n <= 6 else n - 5
        total += int(body[11 - n]) * q
    rem = total % 11
    return int(number[11]) == (0 if rem <= 1 else 11 - rem)


def is_luhn(number: str) -> bool:
    """True when ``number`` passes the Luhn check used by payment cards."""
    total = 0
    for i, c in enumerate(reversed(number)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _is_card_grouping(groups: tuple[int, ...]) -> bool:
    return (len(groups) == 1 or groups in ((4, 6, 5), (4, 6, 4))
            or (all(g == 4 for g in groups[:-1]) and 1 <= groups[-1] <= 4))


def _is_birth_date(m: re.Match[str]) -> bool:
    month, day = int(m.group(2)), int(m.group(3))
    return 1 <= month <= 12 and 1 <= day <= 31


def number_spans(norm: str) -> list[Span]:
    """Phones, ID, card and account numbers, plates and postal codes in ``norm``
    (the normalised copy with spelled digits read as digits)."""
    spans: list[Span] = []
    for m in _NUMBER_RUN_RE.finditer(norm):
        d = digits(m.group())
        # Phone-style groups (82-10-1234-5678) pass a check digit by chance one time in ten.
        groups = tuple(len(g) for g in re.split(r"[ -]", m.group()))
        if len(d) == 12 and groups in ((12,), (4, 4, 4)) and is_my_number(d):
            spans.append(("my_number", m.start(), m.end()))
        elif 13 <= len(d) <= 19 and _is_card_grouping(groups) and is_luhn(d):
            spans.append(("card", m.start(), m.end()))
    spans += [("my_number", m.start(1), m.end(1)) for m in _MY_NUMBER_CUE_RE.finditer(norm)]
    spans += [("rrn", m.start(), m.end()) for m in _RRN_RE.finditer(norm) if _is_birth_date(m)]
    spans += [("phone", m.start(), m.end()) for m in _PHONE_RE.finditer(norm) if _is_phone(m.group())]
    for pattern in (_BANK_CUE_RE, _BANK_KIND_RE, _BANK_NAME_RE):
        spans += [("bank_account", m.start(1), m.end(1)) for m in pattern.finditer(norm)]
    spans += [("bank_account", m.start(), m.end()) for m in _YUCHO_RE.finditer(norm)]
    for pattern in (_PLATE_JA_RE, _PLATE_KO_RE):
        spans += [("car_plate", m.start(), m.end()) for m in pattern.finditer(norm)]
    for m in _PLATE_CUE_JA_RE.finditer(norm):
        spans.append(("car_plate", m.start(1), m.end(1)))
    for pattern in (_POSTAL_JA_RE, _POSTAL_KO_RE):
        for m in pattern.finditer(norm):
            g = 1 if m.group(1) else 2
            spans.append(("postal_code", m.start(g), m.end(g)))
    return spans
