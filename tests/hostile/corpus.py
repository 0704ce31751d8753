"""A corpus of hostile and broken input files, generated (never committed).

``build_corpus(dir)`` writes every file and returns its :class:`Case` list: what
the file is, and whether importing it must succeed or fail with which error code.
Run ``python -m tests.hostile.corpus OUTDIR`` to write the files for a look.

Big cases stay cheap: the zip bomb streams a 200 MB sheet that compresses ~300:1
(the reader refuses it by its ratio, unopened), a zip with a lying central
directory claims 4 GB (refused by declared size), the one-million-row CSV is
refused by the row limit after reading half of it, and the file over the default
200 MB limit is sparse on disk.
"""
from __future__ import annotations

import gzip
import io
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from . import files as F

Outcome = Literal["imports", "error"]


@dataclass(frozen=True)
class Case:
    name: str
    filename: str  # written in the corpus folder
    expected: Outcome
    code: str | None = None  # InputError.code when expected == "error"
    text: tuple[str, ...] = ("意見",)  # free-text columns chosen on import (ignored for notes)
    id: str | None = None
    attributes: tuple[str, ...] = ()
    upload_name: str | None = None  # the name as a browser sends it, when not the file's own
    env: tuple[tuple[str, str | None], ...] = ()  # settings while importing (None: unset)
    kept: int | None = None  # exact number of kept answers, when it matters
    dropped: dict[str, int] = field(default_factory=dict)  # drop reasons that must be counted
    contains: str | None = None  # a kept answer must contain this
    note: str = ""


JA = ["公園の遊具が古いので新しくしてほしい", "バスの本数が少なくて通勤に困る", "駅前の駐輪場が狭い",
      "図書館の開館時間を延ばしてほしい"]
KO = ["놀이터가 부족합니다", "버스 배차 간격이 너무 깁니다", "도서관 운영 시간을 늘려 주세요"]


def _csv(answers: list[str], header: str = "ID,意見,年代", sep: str = ",", nl: str = "\r\n") -> str:
    rows = [header] + [sep.join([str(i), a, f"{20 + 10 * (i % 4)}代"]) for i, a in enumerate(answers, 1)]
    return nl.join(rows) + nl


def _write(data: bytes | str | Callable[[], bytes], encoding: str = "utf-8") -> Callable[[Path], None]:
    """A writer of ``data``; workbooks come as builders so listing the cases stays instant."""
    def write(path: Path) -> None:
        raw = data() if callable(data) else data
        path.write_bytes(raw.encode(encoding) if isinstance(raw, str) else raw)
    return write


def _sparse(prefix: bytes, size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with open(path, "wb") as f:
            f.write(prefix)
            f.truncate(size)  # a hole, not 200 MB of writes
    return write


def _million_rows(path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("ID,意見\n")
        f.writelines(f"{i},はい{i % 7}\n" for i in range(1_000_000))


def _flipped_sheet() -> bytes:
    data = F.workbook([["ID", "意見"], *[[i, a] for i, a in enumerate(JA * 50, 1)]])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(F.SHEET)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len  # the sheet's deflated bytes
    body = F.flip_bytes(data[start:start + info.compress_size], 0, 6, seed=3)
    return data[:start] + body + data[start + info.compress_size:]


def _cases() -> list[tuple[Case, Callable[[Path], None]]]:
    rng = random.Random(20250614)
    mixed = _csv(JA * 5).encode() + "21,道路が狭くて危ない,30代\r\n".encode("cp932")
    ctrl = JA + ["\x07ベルが鳴る", "\x1b[31m赤い字\x1b[0mで書いた", "改\x0b行の入った回答",
                 "ゼロ幅\u200bスペース", "DEL\x7f文字", "C1\x85文字", "改ページ\x0c後"] + JA * 20
    rtl = ["الحديقة صغيرة جدا", "הפארק קטן מדי", "\u202e評価\u202cが逆向き", "🚌が少ない😢",
           "👨\u200d👩\u200d👧\u200d👦で公園に行きたい", "🇯🇵🇰🇷 交流イベント", "👍🏽 良い取り組み"]
    inject = ["=cmd|' /C calc'!A0", "+1+1 駐車場が足りない", "-2+3 歩道が狭い", "@SUM(A1) 図書館",
              '"=HYPERLINK(""http://evil.invalid"",""クリック"")"']
    wide_rows = "".join(f'<row r="{r}">{F.cell(f"A{r}", str(r))}{F.cell(f"XFD{r}", "x")}</row>'
                        for r in range(2, 1302))
    laughs = ('<!DOCTYPE worksheet [<!ENTITY a "lollollollollollollollollollol">'
              + "".join(f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">' for k in range(9))
              + "]>")
    header_row = f'<row r="1">{F.cell("A1", "ID")}{F.cell("B1", "意見")}</row>'
    notes_redos = ("# " + " " * 100_000 + "\n# 会議メモ\n団体：ひだまり\n\n" + "-" * 50_000 + "x\n"
                   + "key: a" + " " * 100_000 + "b\n" + "_a " * 100_000 + "\n"
                   + "（開いたままの括弧\n" + "続き\n" * 20_000 + "\n- 最後に公園の話が出ました。\n")
    C = Case
    return [
        # Encodings
        (C("utf8_bom", "utf8_bom.csv", "imports", kept=4), _write(_csv(JA), "utf-8-sig")),
        (C("shift_jis", "shift_jis.csv", "imports", kept=4), _write(_csv(JA), "cp932")),
        (C("euc_jp", "euc_jp.csv", "imports", kept=4), _write(_csv(JA), "euc_jp")),
        (C("euc_kr", "euc_kr.csv", "imports", text=("의견",), kept=3),
         _write(_csv(KO, header="ID,의견,연령대"), "cp949")),
        (C("excel_unicode_text", "unicode_text.txt", "imports", kept=4),
         _write(_csv(JA, sep="\t", header="ID\t意見\t年代"), "utf-16")),
        (C("utf16be_no_bom", "utf16be.csv", "imports", kept=4), _write(_csv(JA), "utf-16-be")),
        (C("utf32_bom", "utf32.csv", "imports", kept=4), _write(_csv(JA), "utf-32")),
        (C("portuguese_utf8", "portuguese.csv", "imports", contains="Não há ônibus",
           note="2-byte UTF-8 only: once read as CP949 mojibake"),
         _write(_csv(["Não há ônibus à noite", "Preciso de informação em português"]))),
        (C("utf8_then_cp932", "mixed.csv", "error", "mixed_encoding"), _write(mixed)),
        (C("cp932_then_utf8", "mixed2.csv", "error", "invalid_bytes", note="line 22, where UTF-8 begins"),
         _write(_csv(JA * 5).encode("cp932") + "21,道路が狭い,30代\r\n".encode())),
        (C("gbk_chinese", "gbk.csv", "error", "unsupported_encoding",
           note="decodes as EUC-JP kanji mojibake"),
         _write(_csv(["公园里的儿童游乐设施太旧了", "公交车班次太少上下班很不方便", "希望增加图书馆的开放时间"] * 3,
                     header="编号,意见,年龄"), "gbk")),
        (C("latin1", "latin1.csv", "error", "not_text"),
         _write("id,avis\r\n1,Le café est très cher à côté de la gare\r\n", "latin-1")),
        (C("truncated_utf8", "truncated.csv", "error", "truncated_file"),
         _write(_csv(JA).encode()[:-4])),
        (C("stray_nul", "stray_nul.csv", "imports", kept=4), _write(_csv(JA).replace("狭い", "狭\x00い"))),
        # Not text at all
        (C("png_as_csv", "image.csv", "error", "binary_file"),
         _write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)),
        (C("pdf_as_csv", "report.csv", "error", "binary_file"),
         _write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n"
                + zlib.compress(bytes(rng.randrange(256) for _ in range(3000)), 0) + b"\nendstream\n")),
        (C("gzip_as_csv", "survey.csv.csv", "error", "binary_file"),
         _write(gzip.compress(_csv(JA * 10).encode(), mtime=0))),
        (C("random_bytes", "random.csv", "error", "binary_file"), _write(rng.randbytes(8192))),
        (C("elf_as_csv", "program.csv", "error", "binary_file"),
         _write(b"\x7fELF\x02\x01\x01" + bytes(9) + rng.randbytes(2000))),
        (C("sqlite_as_csv", "db.csv", "error", "binary_file"),
         _write(b"SQLite format 3\x00" + bytes(84) + rng.randbytes(4000))),
        (C("zip_as_csv", "archive.csv", "error", "zip_archive"),
         _write(lambda: F.zip_of({"data.csv": _csv(JA).encode()}))),
        (C("legacy_xls", "old.xls", "error", "legacy_excel"),
         _write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(4000))),
        (C("encrypted_xlsx", "locked.xlsx", "error", "legacy_excel"),
         _write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"EncryptedPackage" + rng.randbytes(3000))),
        (C("html_as_xls", "web_export.xls", "error", "legacy_excel"),
         _write("<html><body><table><tr><td>ID</td><td>意見</td></tr>"
                "<tr><td>1</td><td>公園</td></tr></table></body></html>")),
        (C("csv_as_xlsx", "really_csv.xlsx", "error", "not_a_workbook"), _write(_csv(JA))),
        (C("docx_as_xlsx", "letter.xlsx", "error", "not_a_workbook"),
         _write(lambda: F.zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}))),
        (C("ods_as_xlsx", "calc.xlsx", "error", "not_a_workbook"),
         _write(lambda: F.zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                          "content.xml": b"<office:document-content/>"}))),
        (C("pdf_extension", "report.pdf", "error", "unsupported_type"), _write(_csv(JA))),
        (C("no_extension", "answers", "error", "unsupported_type"), _write(_csv(JA))),
        # Excel
        (C("xlsx_ok", "good.xlsx", "imports", kept=3, contains="🚌"),
         _write(lambda: F.workbook([["ID", "意見", "年代"], [1, "公園の遊具が古い😢", "30代"],
                            [2, "버스가 적어요 🚌", "40代"], [3, "الحديقة صغيرة", "50代"]]))),
        (C("xlsx_truncated", "truncated.xlsx", "error", "workbook_damaged"),
         _write(lambda: F.workbook([["ID", "意見"], *[[i, a] for i, a in enumerate(JA, 1)]])[:1500])),
        (C("xlsx_flipped_bytes", "flipped.xlsx", "error", "workbook_damaged"), _write(_flipped_sheet)),
        (C("xlsx_malformed_xml", "malformed.xlsx", "error", "workbook_damaged"),
         _write(lambda: F.with_sheet(F.sheet_xml(header_row + '<row r="2"><c r="A2"><v>1</v>')[:-30]))),
        (C("xlsx_zip_bomb", "bomb.xlsx", "error", "workbook_zip_bomb",
           note="200 MB sheet in a 0.7 MB file; refused by ratio before openpyxl"),
         lambda path: F.zip_bomb(path, 200)),
        (C("xlsx_lying_sizes", "lying.xlsx", "error", "workbook_too_large_unpacked",
           note="central directory claims a 4 GB sheet"),
         _write(lambda: F.lying_sizes(F.workbook([["ID", "意見"], [1, "x"]]), F.SHEET, 0xF000_0000))),
        (C("xlsx_formulas", "formulas.xlsx", "imports", kept=2, dropped={"empty": 1},
           contains="公園を増やしてほしい", note="cached values read, never computed; no cache: empty"),
         _write(lambda: F.formulas_workbook())),
        (C("xlsm_macros", "macros.xlsm", "imports", kept=2), _write(lambda: F.macro_workbook())),
        (C("xlsx_billion_laughs", "laughs.xlsx", "error", "workbook_damaged",
           note="expat refuses the entity expansion"),
         _write(lambda: F.with_sheet(F.sheet_xml(header_row + f'<row r="2">{F.cell("A2", "1")}'
                                         f'{F.cell("B2", "&j;")}</row>', prolog=laughs)))),
        (C("xlsx_external_entity", "xxe.xlsx", "error", "workbook_damaged",
           note="external entity never fetched"),
         _write(lambda: F.with_sheet(F.sheet_xml(header_row + f'<row r="2">{F.cell("A2", "1")}'
                                         f'{F.cell("B2", "&xxe;")}</row>',
                                         prolog='<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM '
                                                '"file:///etc/passwd">]>')))),
        (C("xlsx_far_right_cells", "wide.xlsx", "error", "sheet_too_large",
           note="a cell in column XFD on 1,300 rows: 21 M cells for openpyxl"),
         _write(lambda: F.with_sheet(F.sheet_xml(header_row + wide_rows)))),
        (C("xlsx_stray_cell_far_down", "stray.xlsx", "error", "too_many_rows"),
         _write(lambda: F.with_sheet(F.sheet_xml(header_row + f'<row r="2">{F.cell("A2", "1")}{F.cell("B2", JA[0])}'
                                         f'</row><row r="1048576">{F.cell("A1048576", "x")}</row>')))),
        (C("xlsx_header_only", "header_only.xlsx", "error", "no_data_rows"),
         _write(lambda: F.workbook([["ID", "意見"]]))),
        (C("xlsx_empty", "empty.xlsx", "error", "no_sheet_with_data"),
         _write(lambda: F.workbook([], more_sheets=2))),
        (C("xlsx_duplicate_empty_headers", "headers.xlsx", "imports", text=("意見", "意見 (2)", "列3"),
           kept=6), _write(lambda: F.workbook([["ID", "意見", None, "意見"],
                                       *[[i, a, "追記", a + "！"] for i, a in enumerate(JA[:2], 1)]]))),
        # Delimited text: structure
        (C("ragged_rows", "ragged.csv", "imports", kept=3, dropped={"empty": 1}),
         _write("ID,意見,年代\r\n1,公園が狭い\r\n2\r\n3,バスが少ない,30代,,\r\n4,駅が遠い,40代\r\n")),
        (C("extra_fields", "extra.csv", "error", "too_many_fields"),
         _write("ID,意見\r\n1,公園が狭い\r\n2,バス,少ない,困る\r\n")),
        (C("duplicate_headers", "dup_headers.csv", "imports", text=("意見", "意見 (2)"), kept=4),
         _write("ID,意見,意見\r\n1,公園が狭い,バスが少ない\r\n2,駅が遠い,図書館が古い\r\n")),
        (C("empty_headers", "empty_headers.csv", "imports", text=("意見", "列3"), kept=3),
         _write("ID,意見,,\r\n1,公園が狭い,追記です,\r\n2,バスが少ない,,\r\n")),
        (C("thousand_equal_headers", "same_headers.csv", "imports", kept=2,
           note="renaming 1,000 equal headers was cubic"),
         _write("ID," + ",".join(["意見"] * 1000) + "\r\n"
                + "".join(f"{i}," + ",".join([JA[i]] * 1000) + "\r\n" for i in (1, 2)))),
        (C("no_text_column", "numbers.csv", "error", "no_text_column", text=()),
         _write("ID,年代,点数\r\n1,30代,4\r\n2,40代,5\r\n")),
        (C("missing_column", "survey.csv", "error", "no_such_column", text=("自由記述",)), _write(_csv(JA))),
        (C("all_empty_answers", "all_empty.csv", "imports", kept=0, dropped={"empty": 3}),
         _write("ID,意見\r\n1,\r\n2,　\r\n3, \r\n")),
        (C("all_no_content", "no_content.csv", "imports", kept=0, dropped={"no_content": 3}),
         _write("ID,意見\r\n1,特になし\r\n2,없음\r\n3,-\r\n")),
        (C("million_char_cell", "long_cell.csv", "imports", kept=1, dropped={"too_long": 1}),
         _write('ID,意見\r\n1,"' + "長" * 1_000_000 + '"\r\n2,普通の長さの回答です\r\n')),
        (C("control_characters", "control.csv", "imports", kept=len(ctrl)),
         _write(_csv(ctrl))),
        (C("rtl_and_emoji", "rtl_emoji.csv", "imports", kept=len(rtl), contains="👍"), _write(_csv(rtl))),
        (C("formula_injection", "formulas.csv", "imports", kept=len(inject), contains="=cmd|"),
         _write(_csv(inject))),
        (C("header_only", "header_only.csv", "error", "no_data_rows"), _write("ID,意見\r\n")),
        (C("empty", "empty.csv", "error", "empty_file"), _write(b"")),
        (C("bom_only", "bom.csv", "error", "empty_file"), _write(b"\xef\xbb\xbf")),
        (C("whitespace_only", "blank.csv", "error", "empty_file"), _write(" \r\n\t\r\n　\r\n")),
        (C("unclosed_quote", "quote.csv", "error", "unclosed_quote"),
         _write("ID,意見\r\n1,公園が狭い\r\n2,\"バスが\r\n3,図書館が古い\r\n4,駅が遠い\r\n")),
        (C("one_million_rows", "million.csv", "error", "too_many_rows",
           note="refused once row 500,001 is reached"), _million_rows),
        (C("over_default_size_limit", "huge.csv", "error", "file_too_large",
           env=(("LISTENING_MAX_UPLOAD_MB", None),), note="sparse 200 MB + 1 byte"),
         _sparse(_csv(JA).encode(), 200_000_001)),
        (C("over_configured_size_limit", "big.csv", "error", "file_too_large",
           env=(("LISTENING_MAX_UPLOAD_MB", "1"),)), _write(_csv(JA * 8000))),
        (C("semicolons", "semicolon.csv", "imports", kept=2),
         _write("ID;意見;年代\r\n1;公園, 遊具が古い;30代\r\n2;バスが少ない;40代\r\n")),
        (C("tsv_quotes", "quotes.tsv", "imports", kept=2, contains='彼は"良い"と'),
         _write('ID\t意見\n1\t"引用""付き"の回答\n2\t彼は"良い"と言った\n')),
        (C("cr_line_endings", "old_mac.csv", "imports", kept=4), _write(_csv(JA, nl="\r"))),
        (C("duplicate_ids", "dup_ids.csv", "error", "duplicate_id", id="ID"),
         _write("ID,意見\r\n1,公園が狭い\r\n2,図書館が遠い\r\n1,バスが少ない\r\n")),
        # One person's opinions on rows that follow each other (a public comment sheet): imported.
        (C("one_person_several_rows", "one_person_rows.csv", "imports", kept=3, id="ID"),
         _write("ID,意見\r\n1,公園が狭い\r\n1,バスが少ない\r\n2,図書館が遠い\r\n")),
        (C("empty_ids", "empty_ids.csv", "error", "empty_id", id="ID"),
         _write("ID,意見\r\n1,公園が狭い\r\n,バスが少ない\r\n")),
        (C("attribute_name_clash", "clash.csv", "error", "attribute_name_clash", attributes=("text",)),
         _write("ID,意見,text\r\n1,公園が狭い,x\r\n")),
        (C("browser_fakepath_name", "fakepath.csv", "imports", kept=4,
           upload_name="C:\\fakepath\\回答.csv"), _write(_csv(JA))),
        (C("path_traversal_name", "traversal.csv", "imports", kept=4,
           upload_name="../../../etc/passwd.csv"), _write(_csv(JA))),
        (C("quoted_newline_header", "nl_header.csv", "imports", text=("意見\n（自由記述）",), kept=2),
         _write('ID,"意見\n（自由記述）"\r\n1,公園が狭い\r\n2,バスが少ない\r\n')),
        # Hearing notes
        (C("notes_ok", "hearing.md", "imports", text=(), kept=2),
         _write("# 東校区ヒアリング\n団体：ひだまり\n日付：2025-06-01\n\n- 公園の遊具が古い。\n- バスが少ない。\n")),
        (C("notes_headings_only", "headings.md", "error", "no_notes", text=()),
         _write("# 見出し\n団体: A\n# 見出し2\n")),
        (C("notes_regex_traps", "traps.md", "imports", text=(), contains="最後に公園の話",
           note="lines that made title, rule, emphasis and bracket handling quadratic or worse"),
         _write(notes_redos)),
        (C("notes_million_char_line", "long_line.md", "imports", text=(), kept=1, dropped={"too_long": 1}),
         _write("# 長い行\n- " + "長" * 1_000_000 + "\n- 普通の意見です。\n")),
        (C("notes_korean_cp949", "간담회.txt", "imports", text=(), kept=2),
         _write("주민 간담회에서 놀이터가 부족하다는 이야기가 많았습니다.\n"
                "버스 배차 간격이 길어서 출퇴근이 힘들다는 의견도 있었습니다.\n", "cp949")),
        (C("notes_binary", "notes.md", "error", "binary_file"),
         _write(b"# x\n" + bytes(range(256)) * 4)),
    ]


def list_cases() -> list[Case]:
    """The cases, without writing anything."""
    return [case for case, _ in _cases()]


def build_corpus(dir: Path, only: Collection[str] | None = None) -> list[Case]:  # noqa: A002
    """Write every corpus file (or the cases named in ``only``) into ``dir``; return the cases."""
    dir = Path(dir)
    dir.mkdir(parents=True, exist_ok=True)
    cases = []
    for case, write in _cases():
        if only is not None and case.name not in only:
            continue
        write(dir / case.filename)
        cases.append(case)
    names = [c.filename for c in cases]
    assert len(set(names)) == len(names), "two cases share a file name"
    return cases


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.hostile.corpus OUTDIR", file=sys.stderr)
        return 2
    for case in build_corpus(Path(argv[0])):
        print(f"{case.name:32s} {case.filename:24s} {case.expected:8s} {case.code or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
