"""Person names in Japanese (fugashi + UniDic), in either script; Korean ones are in detect_names_ko.

A name counts when it ends in an honorific (さん, 様, 씨, 님 ...), joins a family and a
given name, or follows a role (自治会長の高橋, 통장 최성호). Each finder reads the runs of
its own script whatever the answer's main language, so a Korean name with 씨 inside a
Japanese sentence is found, and names written in hiragana (やまだたろうさん) are read
through their katakana spelling, which UniDic knows.

Survey answers name places and things far more often than people: UniDic tags
place and facility words as names (越前武生, 嶺南, ガオガオ広場). So a name glued to a
following noun (朝倉氏遺跡, カイリュー公園) or to a brand in front of it
(さばトラななちゃん, グランディア芳泉さん) is part of a compound, 〜氏 after a historical
clan is the clan, a name that UniDic reads as a place on its own is a place, and
staff can add local proper nouns that are never people.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .textmap import Span

_JA_HONORIFICS = frozenset({"さん", "様", "さま", "氏", "君", "くん", "ちゃん", "先生", "殿", "はん", "どの"})
_KO_AFTER_JA = ("씨", "님", "선생")  # a Korean honorific after a name written in kanji or kana
# Roles written before a surname (自治会長の高橋, 担当の鈴木): the surname is a person.
_JA_ROLES = re.compile(r"(?:会長|区長|班長|組長|町長|村長|市長|議員|委員|委員長|理事長|理事|校長|教頭|園長|院長|館長|所長"
                       r"|店長|社長|部長|課長|係長|主任|担任|担当|担当者|先生|医師|看護師|保健師|住職|宮司|神主|民生委員"
                       r"|駐在|局長|署長|監督|コーチ|師匠|大家|家主|管理人)$")
# Nouns for people that may stand right before a name without の (友人田中さん).
_JA_PERSON_NOUNS = re.compile(r"(?:[員長者人師士生官手係]|同僚|友達|知人|隣人|先輩|後輩|上司|部下|夫|妻|息子|娘|母|父|兄|姉|弟"
                              r"|妹|祖母|祖父|孫|甥|姪|叔父|叔母|伯父|伯母|家内|主人|旦那|嫁|婿|親戚|担任|担当)$")
# Words before さん/ちゃん/様 that are not names (お母さん, みなさん, おつかれさま, 仲居さん).
_JA_GENERIC = frozenset("""みな みんな かあ とう ばあ じい にい ねえ あに あね ばば じじ おじ おば かみ ほとけ ひめ おうじ
    きゃく いしゃ まわり かみ くさ だんな あかちゃ ぼっちゃ じょう おかげ ちそう つかれ くろう たがい きのどく まちどお
    そまつ だいじ ひさま てんとう つき ほしさま おいなり えびす だいこく じぞう かっぱ おおや やおや さかなや
    仲居 中居 女将 大将 板長 板前 店員 運転手 駅員 車掌 職員 係員 店主 大家 家主 管理人 住職 神主 宮司""".split())
# Clans written with 氏 in history (一乗谷朝倉氏遺跡, 朝倉氏の歴史): a family in a story, not a person here.
_CLANS = frozenset("""朝倉 織田 豊臣 徳川 武田 上杉 北条 今川 毛利 島津 伊達 真田 浅井 柴田 明智 松平 足利 新田 源 平 藤原
    蘇我 物部 大内 尼子 宇喜多 長宗我部 龍造寺 大友 六角 三好 細川 斯波 畠山 山名 赤松 京極 土岐 一色 北畠 最上 佐竹
    南部 津軽 蘆名 結城 里見 小笠原 村上 井伊 本多 榊原 酒井 前田 丹羽 池田 黒田 加藤 福島 蜂須賀 立花 鍋島 有馬
    大村 相良 伊東 河野 長尾 諏訪 仁科 富樫 武藤 安東 葛西 大崎 相馬 二階堂 吉川 小早川 堀 蒲生 筒井 松永 波多野
    赤井 別所 浦上 京極 若狭武田 越前松平 結城秀康""".split())
_MASCOT_CUE_RE = re.compile(r"キャラ(?:クター)?の?\s?$|マスコット(?:キャラ)?の?\s?$|캐릭터\s?$")
# A directly following noun makes a compound; these nouns still follow a person (田中さん宅).
_PERSON_AFTER = frozenset({"宅", "家", "一家", "夫妻", "夫婦", "親子", "兄弟", "姉妹", "方", "達", "ら", "さん", "本人"})
_KATAKANA = str.maketrans({chr(c): chr(c + 0x60) for c in range(0x3041, 0x3097)})
_KANA_RUN_RE = re.compile(r"[\u3041-\u3096\u30a1-\u30faー]{2,10}$")
_JA_BEFORE_KO_RE = re.compile(r"([\u4e00-\u9fff\u3005]{1,4}|[\u30a1-\u30faー・]{2,10}) ?(?=씨|님|선생님)")
_HANGUL_RUN_RE = re.compile(r"[\uac00-\ud7a3]{2,4}$")


def _pos(raw: str) -> tuple[str, str, str, str]:
    parts = (raw.split(",") + ["", "", "", ""])[:4]
    return parts[0], parts[1], parts[2], parts[3]


def _is_person_token(raw: str) -> bool:
    return raw.startswith("名詞,固有名詞,人名")


@lru_cache(maxsize=20_000)
def _alone(surface: str, tagger_id: int) -> tuple[tuple[str, str], ...]:
    """(surface, features) of ``surface`` tagged on its own."""
    return tuple((n.surface, n.feature_raw) for n in _TAGGERS[tagger_id](surface))


_TAGGERS: dict[int, Any] = {}


def _tag_alone(surface: str, tagger: Any) -> tuple[tuple[str, str], ...]:
    _TAGGERS[id(tagger)] = tagger
    return _alone(surface, id(tagger))


def _is_place_alone(surface: str, tagger: Any) -> bool:
    """UniDic reads ``surface`` on its own as a place (越前, 鯖江): in a run it was a guess."""
    tagged = _tag_alone(surface, tagger)
    return len(tagged) == 1 and tagged[0][1].startswith("名詞,固有名詞,地名")


def _kana_name_length(run: str, tagger: Any, surname: bool = False) -> int:
    """Length of the longest end of the kana ``run`` that UniDic reads as a name when
    spelled in katakana (やまだたろう → ヤマダ|タロウ); 0 when none. With ``surname``,
    only a family name counts."""
    for n in range(min(len(run), 8), 1, -1):
        tail = run[-n:]
        if tail in _JA_GENERIC or tail.lstrip("おご") in _JA_GENERIC:
            continue
        tagged = _tag_alone(tail.translate(_KATAKANA), tagger)
        if surname:
            if len(tagged) == 1 and tagged[0][1].startswith("名詞,固有名詞,人名,姓"):
                return n
        elif tagged and all(f.startswith(("名詞,固有名詞,人名", "名詞,固有名詞,一般")) for _, f in tagged):
            return n
    return 0


def _glued_noun(node_raw: str, surface: str) -> bool:
    """A noun glued after a name that makes a compound (遺跡, 公園), not a person word (宅)."""
    pos1, pos2, pos3, _ = _pos(node_raw)
    if pos1 != "名詞" or pos3 == "人名" or pos2 == "数詞" or pos3 == "副詞可能":
        return False
    return not (_JA_PERSON_NOUNS.search(surface) or _JA_ROLES.search(surface) or surface in _PERSON_AFTER)


def _glued_brand(node_raw: str, surface: str) -> bool:
    """A word glued before a name that makes it a brand or a facility (グランディア芳泉さん,
    さばトラななちゃん, スタッフ仲居さん): a kana or latin noun, or a place or proper noun."""
    pos1, pos2, pos3, _ = _pos(node_raw)
    if pos1 != "名詞" or pos3 in ("人名", "副詞可能") or pos2 == "数詞":
        return False
    return pos2 == "固有名詞" or bool(re.fullmatch(r"[\u3041-\u30faーA-Za-z]+", surface))


def ja_name_spans(norm: str, tagger: Any) -> list[Span]:
    """Names in the kana/kanji of ``norm`` (and Hangul names before a Japanese honorific)."""
    nodes = []
    pos = 0
    for node in tagger(norm):
        pos += len(node.white_space)
        nodes.append((pos, pos + len(node.surface), node.surface, node.feature_raw, len(node.white_space)))
        pos += len(node.surface)
    spans: list[Span] = []
    i, n = 0, len(nodes)
    named = set()  # node indices already inside a name
    while i < n:
        if not (_is_person_token(nodes[i][3]) or _place_with_honorific(nodes, i)):
            i += 1
            continue
        j = i + 1
        while j < n and _is_person_token(nodes[j][3]) and (
                nodes[j][4] == 0 or (nodes[j][4] == 1 and _pos(nodes[j - 1][3])[3] == "姓"
                                     and _pos(nodes[j][3])[3] == "名")):
            j += 1
        span = _judge_run(nodes, i, j, norm, tagger)
        if span:
            spans.append(span)
            named.update(range(i, j))
        i = j
    spans += _kana_and_hangul_names(nodes, named, norm, tagger)
    return spans


def _place_with_honorific(nodes, i: int) -> bool:
    """A surname UniDic read as a place (山口様, 中村くん, 石川先生): a personal honorific right
    after a short kanji place word says it is a person."""
    surface, raw = nodes[i][2], nodes[i][3]
    return (raw.startswith("名詞,固有名詞,地名") and i + 1 < len(nodes) and nodes[i + 1][4] == 0
            and nodes[i + 1][2] in _JA_HONORIFICS - {"殿", "どの"}
            and bool(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", surface))
            and surface[-1] not in "県市区郡府都道州国寺社宮院堂殿館城")  # 永平寺さん is the temple


def _with_kana_surname(norm: str, start: int, tagger: Any) -> int:
    """``start`` moved back over a hiragana surname UniDic split into particles (やまもと|だいすけさん)."""
    m = _KANA_RUN_RE.search(norm[max(0, start - 10):start])
    if not m:
        return start
    length = _kana_name_length(m.group(), tagger, surname=True)
    return start - length


def _honorific_after(nodes, j: int) -> int | None:
    """End of the honorific right after node ``j - 1``, or None."""
    if j >= len(nodes):
        return None
    start, end, surface, _, space = nodes[j]
    if space == 0 and surface in _JA_HONORIFICS:
        return end
    if space <= 1 and surface.startswith(_KO_AFTER_JA):
        return None if surface.startswith("선생") and not surface.startswith("선생님") else start
    return None


def _judge_run(nodes, i: int, j: int, norm: str, tagger: Any) -> Span | None:
    start, end = nodes[i][0], nodes[j - 1][1]
    surface = norm[start:end]
    kinds = [_pos(nodes[k][3])[3] for k in range(i, j)]
    honorific_end = _honorific_after(nodes, j)
    after = j + 1 if honorific_end is not None and nodes[j][2] in _JA_HONORIFICS else j
    # Glued to a noun after it (朝倉氏遺跡, カイリュー公園) or to a brand before it (グランディア芳泉さん).
    if after < len(nodes) and nodes[after][4] == 0 and _glued_noun(nodes[after][3], nodes[after][2]):
        return None
    if i > 0 and nodes[i][4] == 0 and _glued_brand(nodes[i - 1][3], nodes[i - 1][2]):
        return None
    if surface in _JA_GENERIC or _MASCOT_CUE_RE.search(norm[max(0, start - 8):start]):
        return None  # ご当地キャラのナナちゃん: a mascot
    if honorific_end is not None:
        glued_place = i > 0 and nodes[i][4] == 0 and (
            _pos(nodes[i - 1][3])[0] == "接尾辞" or _pos(nodes[i - 1][3])[2] == "地名")
        if nodes[j][2] == "氏" and (surface in _CLANS or glued_place):
            return None  # 朝倉氏, 一乗谷朝倉氏: a clan or a place
        if surface.endswith("ゆかり") and norm.startswith("の", honorific_end):
            return None
        return ("name", _with_kana_surname(norm, start, tagger),
                honorific_end if nodes[j][2] in _JA_HONORIFICS else end)
    if surface.endswith("ゆかり") and norm.startswith("の", end):
        return None  # 紫ゆかりの館, 大野ゆかりの: "associated with", not Yukari
    if _after_role(norm, start) and "姓" in kinds:
        return "name", start, end
    if any(_is_place_alone(nodes[k][2], tagger) for k in range(i, j)):
        return None
    # Two single kanji read as family and given name (嶺南, 越南) are far more often a word.
    if len(kinds) >= 2 and kinds[0] == "姓" and "名" in kinds[1:] and end - start >= 3:
        return "name", start, end
    return None


def _after_role(norm: str, start: int) -> bool:
    """A role stands right before ``start``: 自治会長の, 担当 , 区長、."""
    head = norm[max(0, start - 10):start].rstrip(" 、,")
    head = head[:-1] if head.endswith("の") else head
    return bool(_JA_ROLES.search(head))


def _kana_and_hangul_names(nodes, named: set[int], norm: str, tagger: Any) -> list[Span]:
    """Kana names UniDic split or missed (やまださん, よしだけいこさん) and Hangul names before a
    Japanese honorific (김민수さん)."""
    spans: list[Span] = []
    surnames = {e: s for s, e, _, raw, _ in nodes if raw.startswith("名詞,固有名詞,人名,姓")}
    for k, (start, end, surface, _, space) in enumerate(nodes):
        if surface not in _JA_HONORIFICS or space or k in named or (k and k - 1 in named):
            continue
        before = norm[max(0, start - 10):start]
        if m := _HANGUL_RUN_RE.search(before):
            spans.append(("name", start - len(m.group()), end))
            continue
        m = _KANA_RUN_RE.search(before)
        if not m:
            continue
        length = _kana_name_length(m.group(), tagger)
        name_start = start - length
        if length and name_start in surnames:  # 山田たろうさん: the kanji surname belongs to it
            name_start = surnames[name_start]
        # A katakana or kanji noun glued in front makes it a brand (さばトラななちゃん).
        elif name_start > 0 and re.match(r"[\u30a1-\u30fa\u4e00-\u9fff]", norm[name_start - 1]):
            continue
        if length:
            spans.append(("name", name_start, end))
    return spans


def cross_script_spans(norm: str) -> list[Span]:
    """A kanji or katakana name before a Korean honorific (田中 씨, タナカ님): in a Korean
    sentence the honorific says it is a person, whatever UniDic thinks of the word."""
    return [("name", m.start(), m.end(1)) for m in _JA_BEFORE_KO_RE.finditer(norm)]
