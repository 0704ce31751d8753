"""Reading category labels the way a person does: age ranges, district names, genders.

A survey says 20代 where the resident register says 20～24歳 and 25～29歳, the survey
says 第一小校区 where the register says 第一小学校区, a Korean form says 남 where the
table says 남자. These helpers turn such labels into something comparable: an age
interval, a district name without its suffix, a canonical gender.
"""
from __future__ import annotations

import math
import re
import unicodedata

INF = math.inf

# Longest first, so 東小学校区 loses 小学校区 rather than 校区 or 区.
DISTRICT_SUFFIXES = (
    "小学校区", "中学校区", "小学校", "中学校", "小校区", "中校区", "校区", "学区", "地区", "地域", "区域",
    "自治会", "町内会", "行政区", "행정동", "district", "area", "ward", "町", "村", "区", "동", "읍", "면", "리",
)
_GENDERS = {
    "male": ("男", "男性", "男子", "男の人", "남", "남성", "남자", "male", "man", "men", "m"),
    "female": ("女", "女性", "女子", "女の人", "여", "여성", "여자", "female", "woman", "women", "f"),
}
GENDER_OF = {name: canonical for canonical, names in _GENDERS.items() for name in names}
TOTAL_WORDS = frozenset({
    "合計", "計", "総数", "総計", "小計", "総人口", "人口総数", "全体", "市全体", "全市", "全域", "市計",
    "합계", "계", "총계", "소계", "총인구", "총인구수", "전체", "total", "totals", "all", "sum", "subtotal",
})

_SPACES = re.compile(r"[\s\u3000]+")
_PUNCT = re.compile(r"[・･.\-‐－_/／()（）\[\]「」『』:：,，、]+")
_N = r"(\d{1,3})"
_AGE_PATTERNS = (
    # 20代前半 / 20代後半 (first or second half of a decade)
    (re.compile(rf"^{_N}(?:歳代|代|대)前半$"), lambda a: (a, a + 4)),
    (re.compile(rf"^{_N}(?:歳代|代|대)後半$"), lambda a: (a + 5, a + 9)),
    # 70代以上 / 70대 이상 / 70歳以上 / 70세이상 / 70+ / 70 and over / 70歳～
    (re.compile(rf"^{_N}(?:歳代|代|대)?(?:歳|세|years?|yrs?)?(?:以上|이상|超|초과|\+|andover|andolder|over|"
                r"orover|ormore|~|〜|-)$"), lambda a: (a, INF)),
    # 20代 / 20대 / 20歳代 / 20s
    (re.compile(rf"^{_N}(?:歳代|代|대|s)$"), lambda a: (a, a + 9)),
    # 20～29歳 / 20-29 / 20~29세 / 20歳から29歳 / 20 to 29
    (re.compile(rf"^{_N}(?:歳|세)?(?:～|〜|~|-|–|—|から|to|부터)(?:만)?{_N}(?:歳|세|years?)?(?:まで|까지)?$"),
     lambda a, b: (a, b)),
    # 10歳未満 / 10세 미만 / under 10 / 19歳以下 / 19세 이하
    (re.compile(rf"^{_N}(?:歳|세)?(?:未満|미만)$"), lambda a: (0, a - 1)),
    (re.compile(rf"^(?:under|lessthan|below){_N}$"), lambda a: (0, a - 1)),
    (re.compile(rf"^{_N}(?:歳|세)?(?:以下|이하)$"), lambda a: (0, a)),
    # a single age: 20歳 / 20세
    (re.compile(rf"^{_N}(?:歳|세)$"), lambda a: (a, a)),
)


def fold(text: object) -> str:
    """NFKC, case-folded, without spaces: the form labels are compared in."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text)).casefold())


def age_range(label: object) -> tuple[float, float] | None:
    """The ages a label covers as a closed interval (hi may be ``inf``); None if it is no age label.

    Reads 20代, 20대, 20歳代, 20s, 20～29歳, 20-29, 20~29세, 만 20-29세, 20歳から29歳,
    70歳以上, 70대 이상, 70+, 10歳未満, 19세 이하, 20代前半, 20歳.
    """
    text = fold(label).replace("만", "", 1) if fold(label).startswith("만") else fold(label)
    text = text.replace("才", "歳")
    for pattern, make in _AGE_PATTERNS:
        m = pattern.match(text)
        if m:
            lo, hi = make(*(int(g) for g in m.groups()))
            return (float(lo), float(hi)) if lo <= hi else None
    return None


def district_key(label: object) -> str:
    """A place name without spaces, punctuation or a trailing 校区/地区/小学校区/동 ...

    第一小校区 and 第一小学校区 both give 第一; 강변동 and 강변 both give 강변. Both sides of a
    comparison go through it, so 中町 (中) still matches 中町; a name that is nothing but a
    suffix (区) keeps it.
    """
    text = _PUNCT.sub("", fold(label))
    for suffix in DISTRICT_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def gender_key(label: object) -> str | None:
    """"male" or "female" for the usual ja/ko/en words (男性, 여, F ...), else None."""
    return GENDER_OF.get(_PUNCT.sub("", fold(label)))


def is_total(label: object) -> bool:
    """Whether a row or column label means "all of them" (合計, 総数, 계, 합계, Total ...)."""
    text = _PUNCT.sub("", fold(label))
    return text in TOTAL_WORDS or any(text.endswith(w) and len(w) >= 2 for w in ("合計", "총계", "합계"))


def range_label(lo: float, hi: float) -> str:
    """20–29, 70+ : how a merged age group is named when no label of either side fits it."""
    if math.isinf(hi):
        return f"{int(lo)}+"
    return f"{int(lo)}–{int(hi)}"
