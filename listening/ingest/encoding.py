"""Text encoding detection for user files: BOMs, UTF-8, then scored legacy CJK codecs."""
from __future__ import annotations

from functools import lru_cache

from listening.types import InputError

_SAMPLE = 65_536  # bytes scored per candidate: enough to decide, cheap on 200 MB files
_LEGACY = ("cp932", "euc_jp", "cp949")
_CODEC_NAMES = {"cp932": "Shift_JIS (CP932)", "euc_jp": "EUC-JP", "cp949": "EUC-KR (CP949)"}
_MIN_PLAUSIBILITY = 0.1  # score per byte below which bytes are not text in any candidate
# UTF-8 lead bytes seen before the first invalid byte that make a file UTF-8 gone wrong
# rather than a legacy file whose first characters happen to be valid UTF-8.
_MIXED_MIN_CHARS = 8
# Legacy characters decoded before the first bad byte that say which codec a damaged file is in
# (a Japanese header line such as 回答者,年代,意見 has 7).
_DAMAGED_MIN_CHARS = 4
_CHINESE_MIN_KANJI = 30  # Japanese prose has kana; this many kanji without one is not Japanese

# Frequent Korean syllables, written from knowledge of the language. EUC-JP kanji read
# as CP949 become valid but mostly rare syllables; real Korean is ~90 % these.
_COMMON_HANGUL = frozenset(
    "가각간갈감강같개거건걸것게겠겨격견결경계고곡곳공과관광교구국군굴권귀규그극근글금급기길김까깊께꼭꽃끝"
    "나난날남내냈너널넣네년노논놓누눈뉴느는늘능니님다단달담답당대댁더덕던덜데도독돌동돼되된될됨됐두둘뒤드든"
    "듣들등디따때또뜻라락란람랑래략량러런럼렇레려력련렬령례로록론료루류률르른를름리린림립마막만많말망매머먹"
    "메며면명모목몸못무문물뭐미민밀및바박반받발밝방배백버번벌범법변별병보복본봉봐부북분불비빌빠사산살삼상새"
    "색생서석선설성세센소속손송수순술쉽스습승시식신실심십싶써쓰씨씩아악안않알았앞애야약양어억언얼업없었에여"
    "역연열염영예오온올완왔왜외요용우운울움워원월위유육으은을음응의이인일임입있자작잘장재저적전절점접정제져조"
    "족존좀종좋죠주죽준줘중즈즉즘증지직진질집짜쪽쯤차착찰참창찾채책처천철청체초총최추축출충취측층치친칙카커"
    "컴코크큰키타탈태터테토통투트특티파판팀퍼편평포표품프피필하학한할함합항해했행향허험현혀협형호혹화확환활회"
    "획효후훈휴흐희히힘높낮늦넘"
)


def detect_encoding(data: bytes) -> str:
    """Name the text encoding of ``data``.

    One of ``utf-8-sig``, ``utf-8``, ``utf-16`` (with BOM; ``utf-16-le`` when a
    BOM-less file has the UTF-16LE pattern), ``cp932`` (covers Shift_JIS),
    ``euc_jp`` or ``cp949`` (covers EUC-KR). BOMs decide first, then strict UTF-8,
    then each legacy codec that decodes a sample strictly is scored by how
    plausible its text is (kana, common kanji, common hangul syllables, ASCII and
    CJK punctuation score; half-width katakana floods, jamo, hanja in Korean,
    private-use and control characters cost). Raises InputError when the bytes are
    not text in any of these. Very short all-kanji EUC-JP text is inherently
    ambiguous with EUC-KR and may come back as ``cp949``.
    """
    return decode_bytes(data, "data")[1]


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode ``data`` with the detected encoding; return the text and the encoding.

    Raises InputError naming ``name`` for binary or undecodable bytes, for UTF-8
    that switches to another encoding part-way, for UTF-8 cut off inside a
    character, and for kanji-only text that is really Chinese (GBK/Big5) read as
    Japanese.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        candidates = ["utf-32"]
    elif data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif b"\x00" in data[:_SAMPLE] and (wide := _bomless_utf16(data[:_SAMPLE])) is not None:
        candidates = [wide]
    elif data[:_SAMPLE].count(0) > max(1, len(data[:_SAMPLE]) // 1000):
        raise InputError("this is a binary file, not text (it contains NUL bytes). "
                         "Export the data as CSV (UTF-8) or .xlsx.", file=name, code="binary_file")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            _refuse_broken_utf8(data, err, name)
            utf8_line = _line_of(data, err.start)
            candidates = _rank_legacy(data)
        else:
            if text.isascii() or not _only_two_byte_utf8(text, data):
                return _check_text(text, name), "utf-8"
            candidates = [*_rank_legacy(data), "utf-8"]
    errors = []
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as err:
            errors.append(f"{enc}: invalid bytes at line {_line_of(data, err.start)}")
            continue
        if enc in ("cp932", "euc_jp"):
            _refuse_chinese(text, name)
        return _check_text(text, name), enc
    _refuse_damaged_legacy(data, name)
    if not candidates:
        raise InputError(f"the file is not readable text: not valid UTF-8 (invalid bytes at line "
                         f"{utf8_line}), nor Shift_JIS, EUC-JP or EUC-KR. Save it as CSV UTF-8 or "
                         ".xlsx.", file=name, code="not_text", params={"line": utf8_line})
    raise InputError(f"the file cannot be decoded ({'; '.join(errors)}). Save it as CSV UTF-8 or "
                     ".xlsx.", file=name, code="decode_failed", params={"detail": "; ".join(errors)})


def _bomless_utf16(head: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NUL bytes fall on odd/even offsets as ASCII in UTF-16 does."""
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(head):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(head):
        return "utf-16-be"
    return None


def _refuse_broken_utf8(data: bytes, err: UnicodeDecodeError, name: str) -> None:
    """Explain UTF-8 that breaks after many good characters: not a legacy file, a damaged one."""
    line = _line_of(data, err.start)
    prefix = data[max(0, err.start - _SAMPLE):err.start]
    leads = sum(1 for b in prefix if b >= 0xC0)
    if leads and err.end >= len(data) and "unexpected end" in err.reason:
        raise InputError("the file ends in the middle of a character: it was cut off (an incomplete "
                         "download or copy). Export it again.", file=name, code="truncated_file")
    if leads >= _MIXED_MIN_CHARS:
        raise InputError(f"the file is UTF-8 up to line {line}, where bytes in another encoding (or "
                         "damaged bytes) begin. Open it in a text editor and save the whole file as "
                         "UTF-8.", file=name, code="mixed_encoding", params={"line": line})


def _refuse_damaged_legacy(data: bytes, name: str) -> None:
    """Name the line of a legacy file's first bad byte, when the file reads as that codec up to there.

    A Shift_JIS file with one damaged byte on line 3 fails every codec: UTF-8 already on
    line 1 (its first kanji), CP932 only on line 3. The line to report is where the
    encoding the file is really in breaks: the codec that decodes furthest, provided what
    it decoded before the break is plausible text with at least a few non-ASCII characters
    (else nothing says which codec the file is in, and the caller's generic error stands).
    """
    best = None
    for enc in _LEGACY:
        try:
            data.decode(enc)
            continue  # decodes fully: not a damaged file in this codec (the caller refused it for its text)
        except UnicodeDecodeError as err:
            stop = err.start
        prefix = data[:stop].decode(enc)
        if sum(1 for ch in prefix if ch >= "\x80") < _DAMAGED_MIN_CHARS:
            continue
        score = _plausibility(prefix[-_SAMPLE:], enc) / max(1, len(prefix[-_SAMPLE:].encode(enc)))
        if score >= _MIN_PLAUSIBILITY and (best is None or (stop, score) > best[:2]):
            best = (stop, score, enc)
    if best is not None:
        stop, _, enc = best
        line = _line_of(data, stop)
        label = _CODEC_NAMES[enc]
        raise InputError(f"the file is {label}, but line {line} has bytes that are not valid {label}. Fix or "
                         "delete the characters on that line and save the file as CSV UTF-8.", file=name,
                         code="invalid_bytes", params={"encoding": label, "line": line})


def _refuse_chinese(text: str, name: str) -> None:
    head = text[:_SAMPLE]
    kanji = sum(1 for ch in head if "\u4e00" <= ch <= "\u9fff")
    kana = sum(1 for ch in head if "\u3041" <= ch <= "\u30fa")
    if kanji >= _CHINESE_MIN_KANJI and kana == 0:
        raise InputError("the text has kanji but no kana at all: it is probably Chinese (GBK, Big5) "
                         "or another encoding this app does not read. Save it as CSV UTF-8.",
                         file=name, code="unsupported_encoding")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _only_two_byte_utf8(text: str, data: bytes) -> bool:
    """True when short UTF-8-valid bytes are better read as a legacy CJK encoding.

    A few EUC-JP or EUC-KR characters can form valid two-byte UTF-8 (道路 in EUC-JP
    reads as "ƻϩ"); real UTF-8 Japanese or Korean uses three-byte sequences.
    """
    head = text[:_SAMPLE]
    if any(ch >= "\u0800" for ch in head) or _accents_in_words(head):
        return False
    legacy = _rank_legacy(data)
    if not legacy:
        return False
    sample = data[:_SAMPLE]
    own = _plausibility(sample.decode("utf-8", errors="ignore"), "utf-8") / len(sample)
    return _plausibility(sample.decode(legacy[0], errors="ignore"), legacy[0]) / len(sample) > own


def _accents_in_words(head: str) -> bool:
    """Whether most non-ASCII characters are letters touching an ASCII letter (não, café,
    Müller): European text in UTF-8. CJK read through the wrong codec gives runs of
    symbols and letters that do not sit inside Latin words."""
    def ascii_letter(i: int) -> bool:
        return 0 <= i < len(head) and head[i].isascii() and head[i].isalpha()

    spots = [i for i, ch in enumerate(head) if ch >= "\x80"]
    inside = sum(1 for i in spots if head[i].isalpha() and (ascii_letter(i - 1) or ascii_letter(i + 1)))
    return bool(spots) and inside >= 0.8 * len(spots)


def _check_text(text: str, name: str) -> str:
    head = text[:_SAMPLE]
    # VT is a line break inside cells in FileMaker and old Mac exports.
    controls = sum(1 for ch in head if ch < " " and ch not in "\t\r\n\f\v")
    if controls > max(2, len(head) // 200):
        raise InputError("this looks like a binary file, not text. "
                         "Export the data as CSV (UTF-8) or .xlsx.", file=name, code="binary_file")
    return text


def _rank_legacy(data: bytes) -> list[str]:
    """Legacy codecs that decode a sample strictly, best plausibility first."""
    sample = data[:_SAMPLE]
    scored = []
    for enc in _LEGACY:
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError as err:
            if len(data) <= _SAMPLE or err.start < len(sample) - 3:
                continue
            text = sample[: err.start].decode(enc)  # the sample cut a character in two
        score = _plausibility(text, enc) / max(1, len(sample))
        if score >= _MIN_PLAUSIBILITY:
            scored.append((score, -_LEGACY.index(enc), enc))
    return [enc for *_, enc in sorted(scored, reverse=True)]


def _plausibility(text: str, enc: str) -> float:
    kana = sum(1 for ch in text if "\u3041" <= ch <= "\u30fa" and ch not in "\u30a0\u30fb")
    kanji = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    # Korean in EUC-KR read as EUC-JP is all kanji; real Japanese mixes in kana.
    kanji_weight = 1.5 if kana * 5 >= kanji else 1.2
    if kana == 0 and enc == "euc_jp":
        # EUC-KR hangul read as EUC-JP is kanji without a single kana. Kana-less Japanese
        # is rare and EUC-JP files rarer still (Japanese Excel writes CP932), while Korean
        # Excel writes EUC-KR/CP949: in a close call, side with Korean.
        kanji_weight = 0.4
    total = 0.0
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            total += 1.0 if (o >= 0x20 or ch in "\t\r\n") else -3.0
        elif 0x3041 <= o <= 0x30FA and o not in (0x30A0, 0x30FB):
            total += 2.0
        elif 0xAC00 <= o <= 0xD7A3:
            total += _hangul_weight(ch)
        elif 0x4E00 <= o <= 0x9FFF:
            total += 0.0 if enc == "cp949" else kanji_weight * _kanji_commonness(ch)
        elif 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E:
            total += 1.0
        elif 0x2010 <= o <= 0x206F or o == 0xB7:
            total += 0.5
        elif 0x3131 <= o <= 0x318E:
            total -= 0.5  # lone jamo: EUC-JP kana read as CP949
        elif 0xE000 <= o <= 0xF8FF:
            total -= 3.0
        else:
            total -= 1.0  # half-width katakana floods, Greek, box drawing ...
    return total


@lru_cache(maxsize=8192)
def _hangul_weight(ch: str) -> float:
    b = ch.encode("cp949")
    if not (b[0] >= 0xB0 and b[1] >= 0xA1):
        return -1.0  # only in Microsoft's extension: cp932 bytes read as cp949 land here
    return 2.0 if ch in _COMMON_HANGUL else 0.5


@lru_cache(maxsize=8192)
def _kanji_commonness(ch: str) -> float:
    try:
        lead = ch.encode("cp932")[0]
    except UnicodeEncodeError:
        return -0.7
    return 1.0 if lead <= 0x98 else 0.2  # JIS level 1 holds the common kanji
