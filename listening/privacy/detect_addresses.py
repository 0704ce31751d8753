"""Street addresses and room numbers in Japanese and Korean.

A place name alone identifies nobody and stays (福井市, 大手3丁目の交差点, 서울시청): an
address is masked only with its house number, written in arabic or kanji numerals
(一丁目一番), or with a room (コーポ山田201号室, 団地3棟205号室, 101동 1203호). The
prefecture or province in front stays visible.
"""
from __future__ import annotations

import re

from .textmap import Span

_PREFECTURE_START_RE = re.compile(r"(?:北海道|東京都|京都府|大阪府|[\u4e00-\u9fff]{2,3}県)")
_K = r"[\u4e00-\u9fff\u3005ヶケ]"            # kanji of place names
_KK = r"[\u4e00-\u9fff\u3005\u30a1-\u30faーの]"  # town names (丸の内, アルプス町)
_N = r"(?:\d{1,4}|[〇一二三四五六七八九十百]{1,4})"
_HOUSE = (rf"{_N}丁目[ ]?{_N}(?:番地?の?|-|の)[ ]?{_N}号?|{_N}丁目[ ]?{_N}番地?"
          rf"|{_N}番地(?:[ ]?の?{_N}号?)?|{_N}番[ ]?{_N}号")
_ADDRESS_JA_RE = re.compile(
    rf"(?:{_K}{{1,6}}?[都道府県])?(?:{_K}{{1,6}}?[市区町村郡]){{0,2}}{_KK}{{0,10}}?(?:{_HOUSE})"
    rf"|(?:{_K}{{1,6}}?[都道府県])?{_K}{{1,6}}?[市区町村郡]{_KK}{{0,10}}?"
    r"\d{1,4}-\d{1,4}(?:-\d{1,4})?(?![\d-])"
    rf"|{_KK}{{1,8}}?[町村]\d{{1,4}}-\d{{1,4}}(?:-\d{{1,4}})?(?![\d-])")

# Homes with room numbers: a building word, the building's name around it, a block and a room.
_RESIDENCE = (r"(?:市営住宅|県営住宅|町営住宅|公営住宅|団地|住宅|社宅|寮|ハイツ|コーポラス|コーポ|マンション|アパート"
              r"|レジデンス|ハイム|メゾン|ヴィラ|パレス|荘|タワー)")
_NAME = r"[\u4e00-\u9fff\u30a1-\u30faー・A-Za-z]{0,10}?"
_ROOM_JA_RE = re.compile(
    rf"(?:{_NAME}{_RESIDENCE}{_NAME} ?)?(?:\d{{1,3}}|[A-Z]|[一二三四五六七八九十]{{1,3}})号?棟 ?(?:の ?)?\d{{1,4}}(?:号室?)?(?!\d)"
    rf"|{_NAME}{_RESIDENCE}{_NAME} ?(?:\d{{1,4}}号室?|\d{{1,3}}-\d{{1,4}}(?![\d-]))"
    r"|(?<!\d)\d{2,4}号室(?=に住|に在住|在住|住まい|の住人|の者|です)")

_KO_COUNTER = r"(?![\d년개명시번월일원%세분층회차주호위등연승패점])"  # 8연패, 3승: counts, not house numbers
_ADDRESS_KO_RE = re.compile(
    r"(?:[가-힣]{1,6}(?:특별시|광역시|특별자치시|시|도)\s*)?[가-힣]{1,6}(?:구|군|시)\s+"
    rf"[가-힣0-9]{{1,10}}(?<!으)(?:로|길)\s*\d{{1,4}}(?:-\d{{1,4}})?(?:번길\s*\d{{1,4}}(?:-\d{{1,4}})?)?{_KO_COUNTER}"
    rf"|[가-힣0-9]{{1,10}}번길\s*\d{{1,4}}(?:-\d{{1,4}})?{_KO_COUNTER}"
    r"|[가-힣]{1,8}(?:동|리|가)\s*\d{1,4}(?:-\d{1,4}(?:번지)?|번지)(?![\d-])")
_PROVINCE_KO_RE = re.compile(r"(?:서울|부산|대구|인천|광주|대전|울산|세종)(?:특별시|광역시|특별자치시|시)?\s*"
                             r"|[가-힣]{1,4}(?:특별자치도|도)\s+")
_BUILDING_KO = (r"(?:아파트|빌라|맨션|오피스텔|타운|하이츠|주공|빌리지|캐슬|자이|푸르지오|래미안|힐스테이트|아이파크"
                r"|원룸|주택|하우스|빌딩|타워)")
_ROOM_KO_RE = re.compile(
    rf"(?:[가-힣A-Za-z0-9]{{0,12}}{_BUILDING_KO}\s*)?(?:\d{{1,2}}단지\s*)?(?:\d{{1,4}}|[A-Za-z가나다라마바사])동\s*"
    r"\d{1,4}호(?![선실차기])"
    rf"|[가-힣A-Za-z0-9]{{0,12}}{_BUILDING_KO}\s*(?:\d{{1,2}}층\s*)?\d{{2,4}}호(?![선실차기])")
# A postal code written right after a Korean address belongs to it: (06236), , 06236.
_KO_TRAILING_POSTAL_RE = re.compile(r"\s*[,(]\s*\d{5}\s*\)?(?!\d)")


def address_spans(norm: str) -> list[Span]:
    """Addresses with a house or room number in ``norm``; prefectures and provinces left out."""
    spans: list[Span] = []
    has_digit = any(c.isdigit() for c in norm)
    if has_digit or any(c in norm for c in "丁番棟"):
        for m in _ADDRESS_JA_RE.finditer(norm):
            start = m.start()
            pref = _PREFECTURE_START_RE.match(m.group())
            if pref and pref.end() < len(m.group()):
                start += pref.end()  # the prefecture alone identifies nobody
            spans.append(("address", start, m.end()))
        spans += [("address", m.start(), m.end()) for m in _ROOM_JA_RE.finditer(norm)]
    if not has_digit:
        return spans
    for m in _ADDRESS_KO_RE.finditer(norm):
        start = m.start()
        prov = _PROVINCE_KO_RE.match(m.group())
        if prov and prov.end() < len(m.group()) - 4:
            start += prov.end()
        end = m.end()
        if trailing := _KO_TRAILING_POSTAL_RE.match(norm, end):
            end = trailing.end()
        spans.append(("address", start, end))
    spans += [("address", m.start(), m.end()) for m in _ROOM_KO_RE.finditer(norm)]
    return spans
