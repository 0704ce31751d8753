"""Write the planted personal-data set: Japanese and Korean answers with known identifiers.

Every name, number and address here is invented by this project. Each answer plants
one direct identifier of one kind in one written form (the ways residents actually
write them) inside ordinary opinion text that also holds numbers which must stay
(3番のバス, 2025年4月, 1,000円, 第2小学校, 국도 3호선). Columns of ``answers.csv``:

- ``id``, ``language`` (ja/ko), ``kind`` (the finding kind that must mask it),
  ``form`` (how it is written), ``text``;
- ``secrets``: JSON list of strings that must not appear in any public file;
- ``keep``: JSON list of strings that must stay as written;
- ``年代``, ``地区``: attributes for crosstabs.

``notes.md`` holds hearing notes whose titles and header lines carry names and phones
(they become attributes); ``notes_secrets.json`` lists what must not leak from them.
``quasi`` rows (kind ``quasi``) hold quasi-identifiers that are listed for staff, not masked.

Run ``python tests/pii_planted/generate.py`` to rewrite the files (seed 16, byte-identical).
"""
from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent
SEED = 16
PER_FORM = 10

# (kanji, hiragana, katakana) surnames and given names; none is a place or clan name used below.
SURNAMES = [("山田", "やまだ", "ヤマダ"), ("田中", "たなか", "タナカ"), ("佐藤", "さとう", "サトウ"),
            ("鈴木", "すずき", "スズキ"), ("高橋", "たかはし", "タカハシ"), ("伊藤", "いとう", "イトウ"),
            ("渡辺", "わたなべ", "ワタナベ"), ("中村", "なかむら", "ナカムラ"), ("小林", "こばやし", "コバヤシ"),
            ("吉田", "よしだ", "ヨシダ"), ("山本", "やまもと", "ヤマモト"), ("松本", "まつもと", "マツモト"),
            ("井上", "いのうえ", "イノウエ"), ("木村", "きむら", "キムラ"), ("清水", "しみず", "シミズ"),
            ("山口", "やまぐち", "ヤマグチ"), ("石川", "いしかわ", "イシカワ"), ("長谷川", "はせがわ", "ハセガワ")]
GIVEN = [("太郎", "たろう", "タロウ"), ("花子", "はなこ", "ハナコ"), ("一郎", "いちろう", "イチロウ"),
         ("美咲", "みさき", "ミサキ"), ("健太", "けんた", "ケンタ"), ("由美子", "ゆみこ", "ユミコ"),
         ("大輔", "だいすけ", "ダイスケ"), ("直子", "なおこ", "ナオコ"), ("翔太", "しょうた", "ショウタ"),
         ("恵子", "けいこ", "ケイコ")]
KO_NAMES = ["김민수", "이영희", "박지영", "최성호", "정다은", "조현우", "윤서연", "장민호", "임수진", "한지민",
            "서준호", "신예린", "권혁수", "안정훈", "송하늘", "홍길동", "배수아", "문재영", "양미정", "오세진"]
JA_IN_KO = ["다나카", "야마다", "사토", "스즈키", "다카하시"]
HANDLES = ["hana_fukui", "taro.yama", "minsu0412", "jiyoung_88", "kenta_1990", "yumiko.k", "daisuke77",
           "sora_blue", "hanako123", "seoyeon_p"]
DOMAINS = ["example.jp", "example.co.jp", "mail.example.com", "example.ne.jp", "naver.com", "daum.net",
           "gmail.com", "example.or.kr"]
JA_TOWNS = [("福井市", "大手"), ("鯖江市", "本町"), ("坂井市", "丸岡町霞町"), ("敦賀市", "中央町"), ("越前市", "府中"),
            ("福井市", "順化"), ("大野市", "元町"), ("小浜市", "千種")]
KANJI = "〇一二三四五六七八九"
KO_GU = [("강남구", "테헤란로"), ("중구", "세종대로"), ("유성구", "대학로"), ("분당구", "불정로"), ("수성구", "달구벌대로"),
         ("해운대구", "센텀중앙로")]
KO_APTS = ["햇살", "푸른숲", "한빛", "늘푸른", "새솔"]
JA_BUILDINGS = ["コーポ", "ハイツ", "メゾン", "レジデンス"]
PLATE_JA = ["福井", "品川", "金沢", "練馬", "なにわ"]
PLATE_KANA = "さすせそたちつてなにぬねのはひふほまみむめもやゆよらりるろ"
PLATE_KO = "가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주"

KEEP_JA = ["3番のバス", "2025年4月", "1,000円", "第2小学校"]
KEEP_KO = ["국도 3호선", "2025년 4월", "1,500원", "제2초등학교"]
OPINIONS_JA = ["{k}が1時間に1本しかなく不便です。", "{k}の頃から駐車場が足りません。", "公園の整備に{k}くらいは払ってもいい。",
               "{k}の通学路が暗くて危ないです。"]
OPINIONS_KO = ["{k}이 너무 막혀서 출퇴근이 힘들어요.", "{k}부터 버스가 줄었습니다.", "주차비가 {k}이라 비싸요.",
               "{k} 앞 횡단보도가 위험합니다."]


def _kanji_digits(number: str) -> str:
    return "".join(KANJI[int(c)] if c.isdigit() else c for c in number)


def _hangul_digits(number: str) -> str:
    table = dict(zip("0123456789", ["공", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"]))
    return "".join(table.get(c, " ") for c in number)


def _my_number(rng: random.Random, valid: bool = True) -> str:
    body = "".join(str(rng.randrange(10)) for _ in range(11))
    total = sum(int(body[11 - n]) * (n + 1 if n <= 6 else n - 5) for n in range(1, 12))
    check = 0 if total % 11 <= 1 else 11 - total % 11
    return body + str(check if valid else (check + 3) % 10)


def _luhn(rng: random.Random, prefix: str = "4") -> str:
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(15 - len(prefix)))
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def _mobile(rng: random.Random, prefix: str) -> tuple[str, str, str]:
    return prefix, f"{rng.randrange(1000, 10000)}", f"{rng.randrange(1000, 10000)}"


def _ja_person(rng):
    return rng.choice(SURNAMES), rng.choice(GIVEN)


def _forms(rng: random.Random):
    """(language, kind, form, maker) where maker() -> (identifier text, secrets)."""
    def ja_name(fmt, secret_parts):
        def make():
            s, g = _ja_person(rng)
            values = {"sk": s[0], "sh": s[1], "sc": s[2], "gk": g[0], "gh": g[1], "gc": g[2]}
            return fmt.format(**values), [values[p] for p in secret_parts]
        return make

    def ko_name(fmt):
        def make():
            name = rng.choice(KO_NAMES)
            return fmt.format(n=name), [name]
        return make

    def phone(fmt_fn):
        def make():
            text = fmt_fn()
            return text, [text]
        return make

    def simple(fn):
        def make():
            text = fn()
            return text, [text]
        return make

    yield "ja", "name", "kanji+さん", ja_name("{sk}{gk}さん", ["sk", "gk"])
    yield "ja", "name", "kanji surname+様/先生/くん", lambda: (lambda s: (s[0] + rng.choice(["様", "先生", "くん", "氏"]), [s[0]]))(rng.choice(SURNAMES))
    yield "ja", "name", "full name, no honorific", ja_name("{sk}{gk}", ["sk", "gk"])
    yield "ja", "name", "hiragana+さん", ja_name("{sh}さん", ["sh"])
    yield "ja", "name", "hiragana full name+さん", ja_name("{sh}{gh}さん", ["sh", "gh"])
    yield "ja", "name", "hiragana given name+ちゃん", ja_name("{gh}ちゃん", ["gh"])
    yield "ja", "name", "katakana+さん", ja_name("{sc}さん", ["sc"])
    yield "ja", "name", "role before surname", lambda: (lambda s, r: (f"{r}{s[0]}", [s[0]]))(
        rng.choice(SURNAMES), rng.choice(["自治会長の", "担当の", "民生委員の", "区長の", "班長の"]))
    yield "ja", "name", "Korean name in a Japanese sentence", lambda: (lambda n, h: (f"{n}{h}", [n]))(
        rng.choice(KO_NAMES), rng.choice(["씨", " 씨", "さん", "님"]))
    yield "ko", "name", "Korean name+씨/님", ko_name("{n} 씨")
    yield "ko", "name", "Korean name+님 glued", ko_name("{n}님")
    yield "ko", "name", "role before name", lambda: (lambda n, r: (f"{r} {n}", [n]))(
        rng.choice(KO_NAMES), rng.choice(["통장", "이장", "반장", "부녀회장"]))
    yield "ko", "name", "Japanese name in a Korean sentence", lambda: (lambda s, h: (f"{s[0]}{h}", [s[0]]))(
        rng.choice(SURNAMES), rng.choice([" 씨", "さん", " 님"]))
    yield "ko", "name", "Japanese name in Hangul+씨", lambda: (lambda n: (f"{n} 씨", [n]))(rng.choice(JA_IN_KO))

    def ja_address_arabic():
        city, town = rng.choice(JA_TOWNS)
        a, b, c = rng.randrange(1, 9), rng.randrange(1, 30), rng.randrange(1, 20)
        house = rng.choice([f"{a}丁目{b}番{c}号", f"{a}-{b}-{c}"])
        return f"{city}{town}{house}", [f"{town}{house}"]

    def ja_address_kanji():
        city, town = rng.choice(JA_TOWNS)
        a, b, c = rng.randrange(1, 9), rng.randrange(1, 10), rng.randrange(1, 10)
        house = rng.choice([f"{KANJI[a]}丁目{KANJI[b]}番{KANJI[c]}号", f"{KANJI[a]}丁目{KANJI[b]}番",
                            f"{KANJI[a]}丁目{KANJI[b]}番地の{KANJI[c]}"])
        return f"{city}{town}{house}", [f"{town}{house}"]

    def ja_room():
        s = rng.choice(SURNAMES)
        room = f"{rng.randrange(1, 6)}0{rng.randrange(1, 9)}"
        text = rng.choice([f"{rng.choice(JA_BUILDINGS)}{s[0]}{room}号室", f"県営{s[2][:2]}団地{rng.randrange(1, 9)}棟{room}号室",
                           f"{rng.randrange(1, 9)}号棟{room}号", f"市営住宅{rng.randrange(1, 9)}-{room}"])
        return text, [text]

    def ko_road():
        gu, road = rng.choice(KO_GU)
        n = rng.randrange(1, 300)
        return f"서울특별시 {gu} {road} {n}", [f"{road} {n}"]

    def ko_apartment():
        apt = rng.choice(KO_APTS)
        dong, ho = rng.randrange(101, 120), f"{rng.randrange(1, 20)}0{rng.randrange(1, 5)}"
        text = rng.choice([f"{apt}아파트 {dong}동 {ho}호", f"{dong}동 {ho}호", f"{apt}빌라 {ho}호"])
        return text, [text]

    yield "ja", "address", "arabic house number", ja_address_arabic
    yield "ja", "address", "kanji-numeral house number", ja_address_kanji
    yield "ja", "address", "room (号室/棟/団地)", ja_room
    yield "ko", "address", "road address", ko_road
    yield "ko", "address", "apartment 동/호", ko_apartment

    yield "ja", "phone", "mobile with hyphens", phone(lambda: "-".join(_mobile(rng, rng.choice(["090", "080"]))))
    yield "ja", "phone", "full-width", phone(lambda: "－".join(_mobile(rng, "090")).translate(
        {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}))
    yield "ja", "phone", "no separators", phone(lambda: "".join(_mobile(rng, "080")))
    yield "ja", "phone", "dotted", phone(lambda: ".".join(_mobile(rng, "090")))
    yield "ja", "phone", "kanji numerals", phone(lambda: "ー".join(_kanji_digits(p) for p in _mobile(rng, "090")))
    yield "ja", "phone", "landline with brackets", phone(lambda: f"0776({rng.randrange(10, 99)}){rng.randrange(1000, 9999)}")
    yield "ko", "phone", "mobile with hyphens", phone(lambda: "-".join(_mobile(rng, "010")))
    yield "ko", "phone", "dotted", phone(lambda: ".".join(_mobile(rng, "010")))
    yield "ko", "phone", "Hangul numerals", phone(lambda: " ".join(_hangul_digits(p).replace(" ", "")
                                                                    for p in _mobile(rng, "010")))
    yield "ko", "phone", "Seoul landline", phone(lambda: f"02-{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}")

    def email(fmt):
        def make():
            text = fmt.format(u=rng.choice(HANDLES), d=rng.choice(DOMAINS))
            local = text.split("@")[0].split(" ")[0].split("(")[0].split("[")[0].split("＠")[0]
            return text, [text, local]
        return make

    def spelled_domain(d, dot):
        return d.replace(".", dot)

    yield "ja", "email", "plain", email("{u}@{d}")
    yield "ja", "email", "full-width ＠", lambda: (lambda u, d: (f"{u}＠{d}", [f"{u}＠{d}", u]))(
        rng.choice(HANDLES), rng.choice(DOMAINS))
    yield "ja", "email", "アットマーク", lambda: (lambda u, d: (f"{u} アットマーク {d}", [u]))(
        rng.choice(HANDLES), rng.choice(DOMAINS))
    yield "ja", "email", "at/dot spelled out", lambda: (lambda u, d: (f"{u} at {spelled_domain(d, ' dot ')}", [u]))(
        rng.choice(HANDLES), rng.choice(DOMAINS))
    yield "ja", "email", "(at)", lambda: (lambda u, d: (f"{u}(at){d}", [u]))(rng.choice(HANDLES), rng.choice(DOMAINS))
    yield "ko", "email", "plain", email("{u}@{d}")
    yield "ko", "email", "골뱅이", lambda: (lambda u, d: (f"{u} 골뱅이 {d}", [u]))(rng.choice(HANDLES), rng.choice(DOMAINS))
    yield "ko", "email", "[at] [dot]", lambda: (lambda u, d: (f"{u}[at]{spelled_domain(d, '[dot]')}", [u]))(
        rng.choice(HANDLES), rng.choice(DOMAINS))

    def url(*formats):
        def make():
            h = rng.choice(HANDLES)
            return rng.choice(formats).format(h=h, b=h.replace(".", "").replace("_", "-")), [h.replace(".", "")]
        return make

    yield "ja", "url", "with scheme", url("https://www.instagram.com/{h}", "https://x.com/{h}")
    yield "ja", "url", "instagram.com/ without scheme", url("instagram.com/{h}", "www.facebook.com/{h}")
    yield "ja", "url", "blog without scheme", url("ameblo.jp/{b}", "{b}.hatenablog.com")
    yield "ko", "url", "blog without scheme", url("blog.naver.com/{b}", "{b}.tistory.com")
    yield "ja", "account", "LINE ID after a cue", url("LINE ID: {h}", "LINEのIDは{h}", "ライン ID：{h}")
    yield "ja", "account", "@handle after a cue", url("インスタ @{h}", "Instagram: @{h}", "X(旧Twitter) @{h}")
    yield "ko", "account", "KakaoTalk ID", url("카톡 아이디 {h}", "카카오톡 ID: {h}", "카톡 아이디는 {h}")
    yield "ko", "account", "@handle after a cue", url("인스타 @{h}", "트위터 계정 @{h}")

    def postal(cue, code):
        def make():
            number = code()
            return f"{cue}{number}", [number]
        return make

    yield "ja", "postal_code", "〒", postal("〒", lambda: f"{rng.randrange(910, 919)}-{rng.randrange(0, 9999):04d}")
    yield "ko", "postal_code", "with cue", postal("우편번호 ", lambda: f"{rng.randrange(1000, 63000):05d}")

    def ko_postal_nocue():
        code = f"{rng.randrange(1000, 63000):05d}"
        gu, road = rng.choice(KO_GU)
        return f"{code} 서울특별시 {gu} {road} {rng.randrange(1, 300)}", [code]

    yield "ko", "postal_code", "no cue, before the address", ko_postal_nocue

    def my_number(fmt, valid=True, cue=""):
        def make():
            number = fmt(_my_number(rng, valid))
            return rng.choice(cue.split("|")).format(number), [number]
        return make

    yield "ja", "my_number", "12 digits", my_number(lambda n: n, cue="{}|個人番号{}")
    yield "ja", "my_number", "spaced 4-4-4", my_number(lambda n: f"{n[:4]} {n[4:8]} {n[8:]}", cue="{}|番号 {}")
    yield "ja", "my_number", "full-width", my_number(lambda n: n.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),
                                                      cue="{}|マイナンバー：{}")
    yield "ja", "my_number", "wrong check digit after a cue", my_number(lambda n: n, valid=False,
                                                                        cue="マイナンバーは{}|個人番号 {}|マイナンバー：{}")

    def rrn(fmt):
        def make():
            d = f"{rng.randrange(50, 99)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
            tail = f"{rng.choice('12')}{rng.randrange(0, 999999):06d}"
            text = fmt(d, tail)
            return text, [text]
        return make

    yield "ko", "rrn", "with dash", rrn(lambda d, t: f"{d}-{t}")
    yield "ko", "rrn", "spaces around the dash", rrn(lambda d, t: f"{d} - {t}")
    yield "ko", "rrn", "full-width", rrn(lambda d, t: f"{d}－{t}".translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}))
    yield "ja", "card", "grouped 4x4", simple(lambda: (lambda n: f"{n[:4]} {n[4:8]} {n[8:12]} {n[12:]}")(_luhn(rng)))
    yield "ko", "card", "hyphens", simple(lambda: (lambda n: f"{n[:4]}-{n[4:8]}-{n[8:12]}-{n[12:]}")(_luhn(rng, "5")))

    def bank(fmt):
        def make():
            number = fmt[1]()
            return fmt[0].format(n=number), [number]
        return make

    yield "ja", "bank_account", "after 口座番号", bank(("口座番号は{n}", lambda: f"{rng.randrange(1000000, 9999999)}"))
    yield "ja", "bank_account", "bank, branch, 普通", bank(("福井銀行 本店 普通 {n}", lambda: f"{rng.randrange(1000000, 9999999)}"))
    yield "ko", "bank_account", "after 계좌번호", bank(("계좌번호 {n}", lambda: f"{rng.randrange(100, 999)}-{rng.randrange(10, 99)}-{rng.randrange(100000, 999999)}"))
    yield "ko", "bank_account", "bank name", bank(("국민은행 {n}", lambda: f"{rng.randrange(100000, 999999)}-{rng.randrange(10, 99)}-{rng.randrange(100000, 999999)}"))

    yield "ja", "car_plate", "region, class, kana, serial", simple(lambda: (
        f"{rng.choice(PLATE_JA)} {rng.randrange(300, 599)} {rng.choice(PLATE_KANA)} {rng.randrange(10, 99)}-{rng.randrange(10, 99)}"))
    yield "ja", "car_plate", "glued", simple(lambda: (
        f"{rng.choice(PLATE_JA)}{rng.randrange(300, 599)}{rng.choice(PLATE_KANA)}{rng.randrange(1000, 9999)}"))
    yield "ko", "car_plate", "number, syllable, number", simple(lambda: (
        f"{rng.randrange(10, 99)}{rng.choice(PLATE_KO)} {rng.randrange(1000, 9999)}"))
    yield "ko", "car_plate", "with region", simple(lambda: (
        f"서울 {rng.randrange(10, 99)}{rng.choice(PLATE_KO)} {rng.randrange(1000, 9999)}"))


SENTENCES = {
    "ja": ["{x}です。{o}", "{o}連絡は{x}までお願いします。", "先日{x}と話しました。{o}", "{o}（{x}）",
           "私の{x}についてですが、{o}"],
    "ko": ["{x}입니다. {o}", "{o} 연락은 {x}로 주세요.", "어제 {x}와 이야기했어요. {o}", "{o} ({x})",
           "제 {x} 관련해서요. {o}"],
}
# Sentences that need no connective: a name is talked about, an address is lived at.
CONTEXT = {
    ("ja", "name"): ["{x}が公園の草刈りをしてくれて助かっています。{o}", "{o}近所の{x}も同じ意見です。",
                     "先日{x}と話しました。{o}"],
    ("ko", "name"): ["{x}가 공원 청소를 해 주셔서 고마워요. {o}", "{o} 옆집 {x}도 같은 생각이에요.",
                     "어제 {x}와 이야기했어요. {o}"],
    ("ja", "address"): ["{x}に住んでいます。{o}", "{o}自宅は{x}です。"],
    ("ko", "address"): ["{x}에 살고 있어요. {o}", "{o} 집은 {x}입니다."],
}
QUASI = [
    ("ja", "birth date", "{y}年{m}月{d}日生まれの主婦です。{o}"),
    ("ja", "role at a named institution", "東町小学校の校長の{s}です。{o}"),
    ("ko", "birth date", "{y}년 {m}월 {d}일생 주부입니다. {o}"),
    ("ko", "role at a named institution", "햇살초등학교 교장 {k}입니다. {o}"),
]
NEGATIVE = {
    "ja": ["3番のバスが1時間に1本しかないのが不便です。", "2025年4月に引っ越してきました。", "駐車場が1,000円もするのは高い。",
           "第2小学校の通学路に歩道がほしい。", "一乗谷朝倉氏遺跡と博物館がよかった。", "さばトラななちゃんのグッズを増やしてほしい。",
           "越前武生駅前ににぎわいがほしい。", "紫ゆかりの館で紫式部について知ることができた。", "みなさんのおかげで楽しく過ごせました。",
           "おばあちゃんと一緒に行きました。", "国道8号が渋滞する。", "人口は約26万人、予算は1234億円です。"],
    "ko": ["국도 3호선이 너무 막혀요.", "2025년 4월에 이사 왔어요.", "주차비가 1,500원 올랐습니다.", "제2초등학교 앞이 위험해요.",
           "버스가 30분에 1대 밖에 없어요.", "사장님이 친절했어요.", "선생님들이 고생이 많으세요.", "인구가 12345명 늘었다."],
}


def _row(rng, n, language, kind, form, identifier, secrets, template=None):
    keep = rng.choice(KEEP_JA if language == "ja" else KEEP_KO)
    opinion = rng.choice(OPINIONS_JA if language == "ja" else OPINIONS_KO).format(k=keep)
    template = template or rng.choice(CONTEXT.get((language, kind)) or SENTENCES[language])
    text = template.format(x=identifier, o=opinion)
    return {"id": f"p{n:04d}", "language": language, "kind": kind, "form": form, "text": text,
            "secrets": json.dumps(sorted(set(s for s in secrets if s)), ensure_ascii=False),
            "keep": json.dumps([keep], ensure_ascii=False),
            "年代": rng.choice(["20代", "30代", "40代", "50代", "60代"]), "地区": rng.choice(["東", "西", "南", "北"])}


def planted_rows(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    rows: list[dict] = []
    for language, kind, form, make in _forms(rng):
        for _ in range(PER_FORM):
            identifier, secrets = make()
            rows.append(_row(rng, len(rows) + 1, language, kind, form, identifier, secrets))
    for language, form, template in QUASI:
        for _ in range(PER_FORM):
            surname, ko_name = rng.choice(SURNAMES)[0], rng.choice(KO_NAMES)
            text = template.format(y=rng.randrange(1940, 2000), m=rng.randrange(1, 13), d=rng.randrange(1, 29),
                                   s=surname, k=ko_name, o="{o}")
            # The name after the role is direct (masked); the birth date and the role at a
            # named place are listed for staff, not masked.
            secrets = [surname] if "{s}" in template else [ko_name] if "{k}" in template else []
            rows.append(_row(rng, len(rows) + 1, language, "quasi", form, "", secrets, template=text))
    for language, texts in NEGATIVE.items():
        for text in texts:
            rows.append({"id": f"p{len(rows) + 1:04d}", "language": language, "kind": "none", "form": "must stay",
                         "text": text, "secrets": "[]", "keep": json.dumps([text], ensure_ascii=False),
                         "年代": rng.choice(["20代", "30代", "40代"]), "地区": rng.choice(["東", "西", "南", "北"])})
    return rows


def planted_notes(seed: int = SEED) -> tuple[str, list[str]]:
    """Hearing notes whose titles and headers hold names and phones (they become attributes)."""
    rng = random.Random(seed + 1)
    parts, secrets = [], []
    for k in range(6):
        s, g = rng.choice(SURNAMES), rng.choice(GIVEN)
        mobile = "-".join(_mobile(rng, "090"))
        name = f"{s[0]}{g[0]}"
        parts.append(f"# {name}さん宅 聞き取り {k + 1}\n代表者: {name}\n連絡先: {mobile}\n団体: 自治会{'ABC'[k % 3]}\n\n"
                     "- 3番のバスが1時間に1本しかなく、通院に困っています。\n"
                     "- 公園の草刈りを年2回から3回に増やしてほしい。\n"
                     "- 第2小学校の通学路に街灯を増やしてください。\n")
        secrets += [name, mobile]
    return "\n".join(parts), sorted(set(secrets))


def write(out: Path = OUT, seed: int = SEED) -> None:
    rows = planted_rows(seed)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (out / "answers.csv").write_bytes(buf.getvalue().encode("utf-8"))
    notes, secrets = planted_notes(seed)
    (out / "notes.md").write_bytes(notes.encode("utf-8"))
    (out / "notes_secrets.json").write_bytes(json.dumps(secrets, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")


if __name__ == "__main__":
    write()
