"""Quasi-identifiers: what points at one person only in combination, listed for staff, never masked.

A full birth date, a role at a named institution (東町小学校の校長, 햇살초등학교 교장) or an
exact age beside a small place can single someone out, yet masking them by rule would
hide what many answers rightly say (a school's principal is a public role). The
Personal data page lists them so staff can decide: redact a term, exclude the answer,
or leave it.
"""
from __future__ import annotations

import re

import pandas as pd

QUASI_KINDS = ("birth_date", "role_at_place", "age_and_place")

_DATE_JA = r"(?:(?:19|20)\d{2}|(?:昭和|平成|令和|[SHR])\s?\d{1,2})\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日"
_DATE_NUM = r"(?:19|20)\d{2}[./-]\d{1,2}[./-]\d{1,2}"
_DATE_KO = r"(?:19|20)\d{2}\s?년\s?\d{1,2}\s?월\s?\d{1,2}\s?일"
_PATTERNS = (
    ("birth_date", re.compile(rf"(?:{_DATE_JA}|{_DATE_NUM})\s?(?:生まれ|生|誕生)|生年月日[\s:：は]*(?:{_DATE_JA}|{_DATE_NUM})"
                              rf"|(?:{_DATE_KO}|{_DATE_NUM})\s?(?:생|출생|에 태어)|생년월일[\s:：은는]*(?:{_DATE_KO}|{_DATE_NUM})")),
    ("role_at_place", re.compile(
        r"[\u4e00-\u9fff\u30a1-\u30faー]{1,12}(?:小学校|中学校|高校|高等学校|保育園|保育所|幼稚園|こども園|病院|医院|クリニック"
        r"|公民館|自治会|町内会|会社|商店|工場|銀行|郵便局|寺|神社|事務所|協会|組合|農協|漁協)の?"
        r"(?:校長|教頭|園長|院長|館長|会長|副会長|店長|社長|所長|局長|住職|宮司|担任|理事長|組合長|支店長|事務長)"
        r"|[\uac00-\ud7a3A-Za-z0-9]{1,12}(?:초등학교|중학교|고등학교|유치원|어린이집|병원|의원|주민센터|복지관|교회|성당|마트"
        r"|회사|은행|우체국|아파트|경로당)\s?(?:교장|교감|원장|관리소장|소장|목사|신부|사장|대표|회장|담임|지점장)")),
    ("age_and_place", re.compile(
        r"\d{1,3}\s?歳[^。\n]{0,12}?[\u4e00-\u9fff]{1,6}(?:町|村|地区|丁目)(?:在住|に住)"
        r"|[\u4e00-\u9fff]{1,6}(?:町|村|地区|丁目)(?:在住|に住む)[^。\n]{0,8}?\d{1,3}\s?歳"
        r"|\d{1,3}\s?세[^.\n]{0,12}?[\uac00-\ud7a3]{1,6}(?:동|리|읍|면)\s?(?:거주|주민|에 살)"
        r"|[\uac00-\ud7a3]{1,6}(?:동|리|읍|면)\s?(?:거주|에 사는)[^.\n]{0,8}?\d{1,3}\s?세")),
)
_CONTEXT = 20


def find_quasi_identifiers(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each quasi-identifier in ``text``, in text order."""
    if not isinstance(text, str) or not text:
        return []
    found = [(kind, m.start(), m.end()) for kind, pattern in _PATTERNS for m in pattern.finditer(text)]
    return sorted(found, key=lambda f: (f[1], f[2]))


def quasi_identifiers(answers: pd.DataFrame) -> pd.DataFrame:
    """One row per quasi-identifier in ``answers`` (answer_id, text): answer_id, kind, the
    words found, and an excerpt with some context around them."""
    rows = []
    for answer_id, text in zip(answers["answer_id"].astype(str), answers["text"]):
        for kind, start, end in find_quasi_identifiers(text):
            excerpt = ("…" if start > _CONTEXT else "") + text[max(0, start - _CONTEXT):end + _CONTEXT] + (
                "…" if end + _CONTEXT < len(text) else "")
            rows.append((answer_id, kind, text[start:end], excerpt))
    return pd.DataFrame(rows, columns=["answer_id", "kind", "found", "excerpt"])
