"""Korean person names (kiwipiepy plus the shape of Korean names), in any answer.

A name counts before an honorific (김민수 씨, 윤서연님), with a title after it (김영희 여사님,
박민수 과장) or after a role (통장 최성호): the whole word, so a surname is never left
outside the mask (박민수, not 박[이름]). Kiwi's proper nouns (NNP) and a surname-led word of
two to four syllables both count; role, kinship and place words (사장님, 아저씨, 제주도 대표)
and words Kiwi knows as common nouns (회장 선거, 한국교회) do not.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .textmap import Span

_KO_HONORIFIC_FORMS = frozenset({"씨", "님", "선생", "선생님"})
_KO_ROLES = frozenset("""통장 이장 반장 동장 회장 부녀회장 노인회장 위원장 위원 과장 팀장 계장 주무관 담당자 담당 원장 교장 교감
    담임 대표 사장 목사 신부 스님 주지 의사 간호사 기사 관리소장 소장 부장 실장 국장 센터장 선생""".split())

_KO_SURNAMES = frozenset("김이박최정강조윤장임한오서신권황안송류유홍전고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현"
                         "함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감")
_KO_SURNAMES_2 = ("남궁", "황보", "제갈", "사공", "선우", "서문", "독고", "동방")
# Words that take 님 or 씨 and are not names (사장님, 고객님, 아저씨, 마음씨).
_KO_NOT_NAMES = frozenset("""사장 선생 고객 교수 기사 원장 회장 부장 과장 차장 팀장 실장 국장 소장 이사 대표 총장 학장 의원 위원
    목사 신부 스님 주지 수녀 집사 장로 권사 전도사 어머 아버 할머 할아버 부모 이모 고모 삼촌 숙모 오빠 언니 사모 형수
    제수 매형 자형 아드 따 주민 이웃 회원 선배 후배 동기 친구 환자 보호자 간호사 의사 약사 변호사 세무사 작가 감독 코치
    주인 점장 매니저 직원 상담사 하나 부처 예수 도련 서방 아가 마님 임금 공주 왕자 아저 마음 아주머 손 형 누 여러분 우리
    고객센터 기사분 선생님 반장 통장 이장 동장 구청장 시장 군수 도지사 대통령 교장 교감 담임 조교 강사 멘토 주무관 담당자
    담당 민원인 신청자 참가자 봉사자 방문객 손님 택배 기사 경비 관리 소방관 경찰관 군인 여사 장모 장인 기장 간사 총무
    감사 방장 의장 이사장 대리 주임 전무 상무 사무장 원감 부인 남편 아내 아이 아기 아빠 엄마 신랑 손자 손녀 조카 도사
    하느 고객님 회원님 반장님 서울 부산 대구 인천 광주 대전 울산 세종 경기 강원 충북 충남 전북 전남 경북 경남 제주 제주도
    경기도 강원도 충청도 전라도 경상도 서울시 부산시 대구시 인천시 광주시 대전시 울산시 세종시""".split())
_KO_ROLE_RE = re.compile(r"(?<![\uac00-\ud7a3])(?:통장|이장|반장|동장|부녀회장|노인회장|회장|위원장|과장|팀장|계장|주무관|담당자|담당|원장|교장|교감"
                         r"|담임|대표|사장|목사|신부|주지|관리소장|소장|부장|실장|국장|센터장)\s([\uac00-\ud7a3]{2,6})")
_KO_HONORIFIC_RE = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,4}?)(\s?씨(?!앗)|님|\s선생님)")
# A full name with a title after it (김영희 여사님, 박민수 과장): three syllables, as most full names are.
_KO_TITLED_RE = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{3})\s(여사|과장|부장|차장|팀장|대리|주임|사장|회장|통장"
                           r"|이장|반장|원장|교장|교감|교수|총장|학장|선생|목사|신부|기사|주무관|위원|의원|대표|실장|국장|소장|군|양)"
                           r"(?:님|님이|님께서|님께|님은|님도|이|가|은|는|을|를|의|께서|께|에게|도|와|과)?(?![\uac00-\ud7a3])")


def _is_ko_name(word: str) -> bool:
    if word in _KO_NOT_NAMES or any(word.startswith(w) and len(w) >= 2 for w in ("선생", "사장", "아저")):
        return False
    if word.startswith(_KO_SURNAMES_2):
        return 3 <= len(word) <= 4
    return word[0] in _KO_SURNAMES and 2 <= len(word) <= 3


def _one_known_word(tokens: Sequence[Any], start: int, end: int) -> bool:
    """Kiwi reads ``start:end`` as words it knows (선거를 = 선거 + 를, 한국교회 = 한국 + 교회), not a
    name it never saw (안정훈 = 안정 + 훈: a known word and a lone syllable)."""
    inside = [t for t in tokens if start <= t.start < end]
    content = [t for t in inside if not t.tag.startswith(("J", "E", "XS", "VCP"))]
    if not content or content[0].start != start:
        return False
    if len(content) == 1:
        return content[0].len >= 2 and content[0].tag != "NNP" and content[0].id > 10
    return all(t.len >= 2 and t.id > 10 for t in content)


def _word_end(norm: str, start: int) -> int:
    space = norm.find(" ", start)
    return len(norm) if space < 0 else space


def ko_name_spans(norm: str, tokens: Sequence[Any]) -> list[Span]:
    """Korean names before an honorific or after a role, as whole words: the surname is
    never left outside the mask (박민수, not 박[이름]). Kiwi's proper nouns (NNP) and a
    surname-led word before 씨/님 both count; role and kinship words (사장님, 아저씨) do not."""
    spans: list[Span] = []
    for m in _KO_HONORIFIC_RE.finditer(norm):
        word = m.group(1)
        glued = not m.group(2).startswith((" ", "\t"))
        if _is_ko_name(word) or (len(word) == 1 and glued and m.group(2) == "씨" and word in _KO_SURNAMES):
            spans.append(("name", m.start(1), m.end(1)))
    for m in _KO_TITLED_RE.finditer(norm):
        word = m.group(1)
        if word.endswith("대") and m.group(2) in ("교수", "총장", "학장"):
            continue  # 서울대 교수: the university
        if _is_ko_name(word) and not _one_known_word(tokens, m.start(1), m.end(1)) and not any(
                t.start == m.start(1) and t.tag == "NP" for t in tokens):  # 우리집 대표: a pronoun, not a name
            spans.append(("name", m.start(1), m.end(1)))
    for m in _KO_ROLE_RE.finditer(norm):
        run = m.group(1)
        if (_is_ko_name(run[:3]) or _is_ko_name(run[:2])) and not _one_known_word(tokens, m.start(1), m.end(1)):
            spans.append(("name", m.start(1), m.start(1) + min(3, len(run))))
    for k, tok in enumerate(tokens):
        if tok.tag != "NNP" or not re.search(r"[\uac00-\ud7a3]", tok.form):
            continue
        end = tok.start + tok.len
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        honorific = nxt is not None and nxt.form in _KO_HONORIFIC_FORMS and nxt.start - end <= 1
        prev = tokens[k - 1] if k else None
        # A role that stands alone (통장 최성호), not the end of a longer word (우리금융회장 코로나), and a
        # proper noun that reads as a name (Kiwi's NNP also covers places: 회장 수원 선산).
        role = (prev is not None and prev.form in _KO_ROLES and tok.start - (prev.start + prev.len) <= 1
                and (prev.start == 0 or not re.match(r"[\uac00-\ud7a3]", norm[prev.start - 1]))
                and _is_ko_name(tok.form[:4]) and not _one_known_word(tokens, tok.start, _word_end(norm, tok.start)))
        if not (honorific or role):
            continue
        start = tok.start
        while start > 0 and re.match(r"[\uac00-\ud7a3]", norm[start - 1]) and (
                prev is None or start - 1 >= prev.start + prev.len):
            start -= 1
        if honorific:
            end = nxt.start
            while end > tok.start and norm[end - 1] == " ":
                end -= 1
        if norm[start:end] not in _KO_NOT_NAMES:
            spans.append(("name", start, end))
    return spans
