"""The response table as a Word document, the format cities publish through (python-docx).

A4 landscape (eight columns need the width), the table's header row repeated on every page,
fonts a Japanese or Korean office has (MS Mincho / Malgun Gothic for East Asian text), page
numbers in the footer, and the appendix with the full text of every opinion on new pages.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from .model import ResponseTable
from .publish import appendix_frame, document_words, published_rows, table_frame

FONTS = {"ja": ("MS Mincho", "Century"), "ko": ("Malgun Gothic", "Malgun Gothic"), "en": ("MS Mincho", "Calibri")}
# Relative widths of the eight columns (number, item, summary, count, numbers, response, disposition, location).
_WIDTHS_MM = (10, 28, 62, 18, 22, 78, 22, 27)
# XML 1.0 cannot hold these; python-docx refuses them.
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_docx(table: ResponseTable, path: str | Path, public: bool, include_drafts: bool = False) -> Path:
    path = Path(path)
    _document(table, public, include_drafts).save(path)
    return path


def docx_bytes(table: ResponseTable, public: bool, include_drafts: bool = False) -> bytes:
    out = io.BytesIO()
    _document(table, public, include_drafts).save(out)
    return out.getvalue()


def _document(table: ResponseTable, public: bool, include_drafts: bool):
    rows = published_rows(table, public, include_drafts)
    words = document_words(table, rows, public, include_drafts)
    doc = Document()
    _page(doc, table.language)
    if words["banner"]:
        doc.add_paragraph(_text(words["banner"])).runs[0].bold = True
    doc.add_heading(_text(words["title"]), level=1)
    doc.add_paragraph(_text(words["facts"]))
    doc.add_paragraph(_text(words["note"]))
    frame = table_frame(table, rows, with_status=False)
    _grid(doc, list(frame.columns), frame.itertuples(index=False), len(frame), _WIDTHS_MM)
    appendix = appendix_frame(table, rows, public)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading(_text(words["appendix"]), level=2)
    _grid(doc, list(appendix.columns[:2]), zip(appendix.iloc[:, 0], appendix.iloc[:, 1]), len(appendix), (20, 240))
    return doc


def _grid(doc, titles: list[str], values, n_rows: int, widths_mm) -> None:
    """A bordered table made in one go. Cell text goes straight into the XML: python-docx's add_row,
    row.cells and add_run cost about a millisecond each, which made 500 rows take half a minute."""
    grid = doc.add_table(rows=n_rows + 1, cols=len(titles))
    grid.style = "Table Grid"
    grid.autofit = False
    _repeat_header(grid.rows[0])
    for column, width in zip(grid.columns, widths_mm):
        column.width = Mm(width)
    rows = iter(grid._tbl.tr_lst)
    for tc, title in zip(next(rows).tc_lst, titles):
        _put(tc, title, bold=True)
    for tr, row in zip(rows, values):
        for tc, value in zip(tr.tc_lst, row):
            _put(tc, value)


def _put(tc, value: object, bold: bool = False) -> None:
    """One run of text in a cell's paragraph, line breaks kept."""
    run = etree.SubElement(tc.find(qn("w:p")), qn("w:r"))
    if bold:
        etree.SubElement(etree.SubElement(run, qn("w:rPr")), qn("w:b"))
    for i, line in enumerate(_text(value).split("\n")):
        if i:
            etree.SubElement(run, qn("w:br"))
        text = etree.SubElement(run, qn("w:t"))
        text.text = line
        text.set(_SPACE, "preserve")


def _page(doc, lang: str) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    east_asian, western = FONTS[lang]
    for name in ("Normal", "Heading 1", "Heading 2", "Table Grid"):
        style = doc.styles[name]
        style.font.name = western
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), east_asian)
    doc.styles["Normal"].font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = 1  # centred
    _field(footer, "PAGE")


def _field(paragraph, code: str) -> None:
    """A field Word computes when it lays out the page (the page number)."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _repeat_header(row) -> None:
    """Word repeats this row at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _text(value: object) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))
