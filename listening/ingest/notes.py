"""Hearing notes: Markdown or plain-text minutes of meetings with local groups.

A file holds one note per level-1 heading (``# title``). Under the title come
``key: value`` header lines (ASCII or full-width colon), then the body: bullets and
free paragraphs, which :func:`split_units` cuts into opinion units.
"""
from __future__ import annotations

import re
from pathlib import PurePath

import pandas as pd

# Header keys people write in Japanese or Korean, mapped to the names the rest of
# the pipeline filters on. Compared after casefolding.
KEY_ALIASES = {
    "団体": "group", "団体名": "group", "グループ": "group", "그룹": "group", "단체": "group",
    "group": "group",
    "日付": "date", "実施日": "date", "開催日": "date", "날짜": "date", "일시": "date", "date": "date",
}
# Columns of parse_notes' frame that a header key must not overwrite.
RESERVED_COLUMNS = ("note_id", "title", "line", "body")

# Patterns end in ``(.*)$`` and callers strip: ``(.*\S)\s*$`` backtracks quadratically over a
# long run of spaces, and a notes file may hold anything.
_TITLE_RE = re.compile(r"^[#＃][ \t\u3000]+(.*)$")  # full-width ＃ from Japanese IMEs
_HEADER_RE = re.compile(r"^\s*[*_]{0,2}([^\s:：#>*_\-・•|][^:：]{0,24}?)[*_]{0,2}\s*[:：]\s*(.*)$")
_BULLET_RE = re.compile(
    r"^(\s*)(?:[-*+](?=\s)|[・•●○◦▪■□◆◇※]|\d{1,3}[.)](?=\s)|\d{1,3}[．）]|[(（]\d{1,3}[)）]"
    r"|[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])\s*(.*)$"
)
_MD_HEADING_RE = re.compile(r"^\s{0,3}[#＃]{1,6}(\s|$)")
_RULE_RE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*```")
# A table's separator row: only these characters and a run of 3 dashes. As one regex
# ("[\s:|-]*-{3,}[\s:|-]*$") it took minutes on a long line of dashes followed by text.
_TABLE_RULE_RE = re.compile(r"[\s:|-]*")
_QUOTE_RE = re.compile(r"^\s*(?:>\s?)+")

# What a span may contain excludes its own opener, so an opener without a closer stops
# at the next opener instead of rescanning the rest of the line ("_a _a _a ..." on a
# long line took seconds; any inline pattern with ".+?" is quadratic there).
_MD_INLINE = (
    (re.compile(r"<!--(?:[^<]|<(?!!--))*?-->"), ""),
    (re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)"), r"\1"),  # links and images keep their text
    (re.compile(r"<(https?://[^<>\s]+)>"), r"\1"),
    (re.compile(r"\*\*([^*]+?)\*\*"), r"\1"),
    (re.compile(r"__([^_]+?)__"), r"\1"),
    (re.compile(r"~~([^~]+?)~~"), r"\1"),
    (re.compile(r"\*(?!\s)([^*\n]+?)(?<!\s)\*"), r"\1"),
    (re.compile(r"(?<!\w)_(?!\s)([^_]+?)(?<!\s)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
)

_OPEN = {"「": "」", "『": "』", "(": ")", "（": "）", "【": "】", "“": "”", "‘": "’", "《": "》", "〈": "〉"}
_CLOSE = set(_OPEN.values())
_ENDERS = set("。！？!?．")
_TRAILERS = set("。！？!?．」』）)】”’… ")


def parse_notes(text: str, filename: str) -> pd.DataFrame:
    """Parse a notes file into one row per note.

    Columns: ``note_id`` (file stem, plus ``#n`` when the file holds several notes),
    ``title``, ``line`` (file line of the heading, 1-based), one column per header
    key (``group`` and ``date`` for their Japanese/Korean aliases, other keys as
    written), and ``body`` (the raw text under the header). A file without a
    level-1 heading is one note titled by its file name; text before the first
    heading becomes a note of its own, so nothing is silently lost.
    """
    stem = PurePath(filename).stem or filename
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    starts = [(i, m.group(1).strip()) for i, ln in enumerate(lines)
              if (m := _TITLE_RE.match(ln)) and m.group(1).strip()]
    blocks: list[tuple[int, str | None, int]] = []  # (title line index or -1, title, end)
    if not starts or any(ln.strip() for ln in lines[: starts[0][0]]):
        blocks.append((-1, None, starts[0][0] if starts else len(lines)))
    for n, (i, title) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        blocks.append((i, title, end))
    records = []
    for n, (i, title, end) in enumerate(blocks, start=1):
        fields, body_start = _read_header(lines, i + 1, end)
        body = "\n".join(lines[body_start:end]).strip("\n")
        records.append({
            "note_id": f"{stem}#{n}" if len(blocks) > 1 else stem,
            "title": title if title is not None else stem,
            "line": i + 1 if i >= 0 else 1,
            **fields,
            "body": body,
        })
    frame = pd.DataFrame.from_records(records)
    header_keys = [c for c in frame.columns if c not in RESERVED_COLUMNS]
    frame = frame[["note_id", "title", "line", *header_keys, "body"]]
    return frame.astype({c: "str" for c in frame.columns if c != "line"}).astype({"line": "int64"})


def _read_header(lines: list[str], start: int, end: int) -> tuple[dict[str, str], int]:
    """Read ``key: value`` lines from ``start``; return the fields and where the body starts."""
    i = start
    while i < end and not lines[i].strip():  # tolerate blank lines right under the title
        i += 1
    first = i
    fields: dict[str, str] = {}
    while i < end and (m := _HEADER_RE.match(lines[i])) and _is_header(m):
        raw_key, value = m.group(1).strip(), m.group(2).rstrip()
        key = KEY_ALIASES.get(raw_key.casefold(), raw_key)
        if key in RESERVED_COLUMNS:
            key = f"{key} (header)"
        fields[key] = f"{fields[key]} / {value}" if key in fields else value
        i += 1
    return fields, (i if fields else first)


def _is_header(m: re.Match[str]) -> bool:
    # "10:00 開始" and "https://..." have colons but are not header fields.
    return not m.group(1).strip().isdigit() and not m.group(2).startswith("//")


def split_units(body: str) -> list[str]:
    """Split a note body into opinion units.

    Each bullet (``-``, ``*``, ``・``, ``•``, ``●``, ``○``, ``1.``, ``1)``, ``①`` ...)
    and each line of a paragraph is a segment; a segment holding several sentences
    is split at 。！？!? and at ``. `` after Korean or Latin text. Brackets and quotes
    (「」『』()（）“”) are never split inside, and a line that leaves one open is
    joined with the next. Markdown headings and rules are dropped; emphasis and code
    markers are removed and links keep their text. Indented lines continue the
    bullet above them.
    """
    segments: list[str] = []
    current: list[str] = []  # lines of the open segment
    in_bullet = False
    depth = 0  # brackets the open segment leaves open, counted as lines arrive (not re-joined)
    for raw in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _QUOTE_RE.sub("", raw)
        if not line.strip() or _MD_HEADING_RE.match(line) or _is_rule(line):
            _flush(current, segments)
            in_bullet, depth = False, 0
            continue
        bullet = _BULLET_RE.match(line)
        if bullet:
            _flush(current, segments)
            text, in_bullet, depth = bullet.group(2), True, 0
        elif (in_bullet and line[:1] in " \t\u3000") or depth > 0:
            text = line.strip()
        else:
            _flush(current, segments)
            text, in_bullet, depth = line.strip(), False, 0
        current.append(text)
        depth = _open_after(text, depth)
    _flush(current, segments)
    units: list[str] = []
    for seg in segments:
        units.extend(s for s in _split_sentences(_strip_markdown(seg)) if s)
    return units


def _flush(current: list[str], segments: list[str]) -> None:
    if current:
        segments.append(_join_lines(current))
        current.clear()


def _join_lines(parts: list[str]) -> str:
    """Join wrapped lines: no space between Japanese characters, one space otherwise."""
    pieces = [parts[0]]
    last = parts[0][-1:]  # last character so far: an empty part leaves it unchanged
    for p in parts[1:]:
        if not (last and p and _is_cjk_nospace(last) and _is_cjk_nospace(p[0])):
            pieces.append(" ")
            last = " "
        pieces.append(p)
        last = p[-1:] or last
    return "".join(pieces)


def _is_cjk_nospace(ch: str) -> bool:
    o = ord(ch)
    return 0x3000 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF


def _open_after(text: str, depth: int) -> int:
    """Brackets still open after ``text``, starting with ``depth`` open."""
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
    return depth


def _is_rule(line: str) -> bool:
    return bool(_RULE_RE.match(line)) or ("---" in line and _TABLE_RULE_RE.fullmatch(line) is not None)


def _strip_markdown(text: str) -> str:
    for pattern, repl in _MD_INLINE:
        text = pattern.sub(repl, text)
    return text


def _split_sentences(text: str) -> list[str]:
    """Cut at sentence ends outside brackets and quotes."""
    out: list[str] = []
    stack: list[str] = []
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == '"':
            if stack and stack[-1] == '"':
                stack.pop()
            else:
                stack.append('"')
        elif ch in _OPEN:
            stack.append(_OPEN[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
        elif not stack and _ends_sentence(text, i):
            j = i + 1
            while j < n and text[j] in _TRAILERS:
                j += 1
            out.append(text[start:j].strip())
            start = i = j
            continue
        i += 1
    out.append(text[start:].strip())
    return [s for s in out if s]


def _ends_sentence(text: str, i: int) -> bool:
    ch = text[i]
    if ch in _ENDERS:
        # "!!" and "?!" end once, at the last mark; a full stop between digits is a decimal.
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch in ".．" and nxt.isdigit():
            return False
        return nxt not in _ENDERS
    if ch == ".":
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if not prev or prev.isdigit() or prev == ".":
            return False
        if "\uac00" <= prev <= "\ud7a3":
            return nxt == "" or nxt.isspace() or "\uac00" <= nxt <= "\ud7a3"
        # Latin: a full stop followed by a space and a capital/non-Latin letter.
        return nxt == "" or (nxt.isspace() and i + 2 < len(text) and not text[i + 2].islower())
    return False
