"""Byte builders for the hostile corpus: workbooks taken apart and put back wrong.

Every builder is deterministic (fixed zip timestamps, fixed document dates, seeded
randomness), so the corpus is the same bytes on every machine.
"""
from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

import openpyxl

_EPOCH = (1980, 1, 1, 0, 0, 0)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"


def workbook(rows: Iterable[Iterable], *, title: str = "回答", more_sheets: int = 0) -> bytes:
    """An .xlsx made by openpyxl (as a real export would be), with fixed dates."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    for k in range(more_sheets):
        wb.create_sheet(f"Sheet{k + 2}")
    buf = io.BytesIO()
    wb.save(buf)
    return repack(buf.getvalue())


def repack(data: bytes, replace: dict[str, bytes] | None = None,
           add: dict[str, bytes] | None = None, drop: Iterable[str] = ()) -> bytes:
    """Rewrite a zip with some members replaced, added or dropped; timestamps fixed."""
    replace, add, drop = replace or {}, add or {}, set(drop)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename in drop:
                continue
            body = replace.get(item.filename, src.read(item.filename))
            if item.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-01-01T00:00:00Z", body)
            dst.writestr(zipfile.ZipInfo(item.filename, _EPOCH), body, zipfile.ZIP_DEFLATED)
        for name, body in add.items():
            dst.writestr(zipfile.ZipInfo(name, _EPOCH), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def sheet_xml(rows_xml: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{_NS}"><sheetData>'
            f"{rows_xml}</sheetData></worksheet>").encode()


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def with_sheet(sheet: bytes) -> bytes:
    """A workbook whose first sheet is the given XML."""
    return repack(workbook([["x"]]), replace={SHEET: sheet})


def formulas_workbook() -> bytes:
    """Formula cells as Excel saves them: the formula plus its cached value, and one without."""
    rows = (f'<row r="1">{cell("A1", "ID")}{cell("B1", "意見")}{cell("C1", "合計")}</row>'
            f'<row r="2"><c r="A2"><v>1</v></c>'
            '<c r="B2" t="str"><f>"公園を"&amp;"増やしてほしい"</f><v>公園を増やしてほしい</v></c>'
            '<c r="C2"><f>SUM(A2:A2)</f><v>1</v></c></row>'
            f'<row r="3"><c r="A3"><v>2</v></c>{cell("B3", "=HYPERLINK(&quot;http://x&quot;)は文字列")}'
            '<c r="C3"><f>A3*2</f></c></row>'
            f'<row r="4"><c r="A4"><v>3</v></c><c r="B4" t="str"><f>CONCAT("バス","が少ない")</f></c>'
            '<c r="C4"><f>WEBSERVICE("http://example.invalid")</f><v>0</v></c></row>')
    return with_sheet(sheet_xml(rows))


def macro_workbook() -> bytes:
    """An .xlsm: macro-enabled content type, a vbaProject.bin part and its relationship."""
    base = workbook([["ID", "意見"], [1, "マクロ付きのブックでも値だけ読む"], [2, "매크로는 실행하지 않는다"]])
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        types = zf.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
            b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject" />'
                         b"</Types>")
        rels = zf.read("xl/_rels/workbook.xml.rels").replace(
            b"</Relationships>",
            b'<Relationship Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
            b'Target="vbaProject.bin" Id="rIdVBA" /></Relationships>')
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name = \"Module1\"\r\nSub Auto_Open()\r\n" \
        b"Shell \"calc.exe\"\r\nEnd Sub\r\n" + bytes(512)
    return repack(base, replace={"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels},
                  add={"xl/vbaProject.bin": vba})


def zip_bomb(path: Path, unpacked_mb: int) -> None:
    """A valid .xlsx whose sheet is ``unpacked_mb`` MB of one repeated row (ratio ~300:1),
    streamed into the zip so that generating it never holds the sheet in memory."""
    base = workbook([["ID", "意見"], [1, "x"]])
    row = ('<row><c t="inlineStr"><is><t>圧縮爆弾</t></is></c>'
           '<c t="inlineStr"><is><t>bomb</t></is></c></row>').encode()
    chunk = row * (4_000_000 // len(row))
    with zipfile.ZipFile(io.BytesIO(base)) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, _EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            if item.filename != SHEET:
                dst.writestr(info, src.read(item.filename))
                continue
            with dst.open(info, "w") as out:
                out.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}"><sheetData>'
                          .encode())
                for _ in range(unpacked_mb * 1_000_000 // len(chunk) + 1):
                    out.write(chunk)
                out.write(b"</sheetData></worksheet>")


def lying_sizes(data: bytes, member: str, claimed: int) -> bytes:
    """The zip with ``member``'s uncompressed size in the central directory set to ``claimed``:
    a header that lies, as a crafted bomb's does."""
    name = member.encode()
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_len] == name:
            return data[:at + 24] + struct.pack("<I", claimed) + data[at + 28:]
        at += 46


def flip_bytes(data: bytes, start: int, count: int, seed: int) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(count):
        out[rng.randrange(start, len(out))] ^= rng.randrange(1, 256)
    return bytes(out)


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(zipfile.ZipInfo(name, _EPOCH), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()
