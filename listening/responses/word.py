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

from .model import ResponseTable
from .publish import appendix_frame, document_words, published_rows, table_frame

FONTS = {"ja": ("MS Mincho", "Century"), "ko": ("Malgun Gothic", "Malgun Gothic"), "en": ("MS Mincho", "Calibri")}
# Relative widths of the eight columns (number, item, summary, count, numbers, response, disposition, location).
_WIDTHS_MM = (10, 28, 62, 18, 22, 78, 22, 27)
# XML 1.0 cannot hold these; python-docx refuses them.
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
    grid = doc.add_table(rows=1, cols=len(frame.columns))
    grid.style = "Table Grid"
    grid.autofit = False
    _repeat_header(grid.rows[0])
    for cell, title, width in zip(grid.rows[0].cells, frame.columns, _WIDTHS_MM):
        cell.width = Mm(width)
        cell.paragraphs[0].add_run(_text(title)).bold = True
    for values in frame.itertuples(index=False):
        cells = grid.add_row().cells
        for cell, value, width in zip(cells, values, _WIDTHS_MM):
            cell.width = Mm(width)
            cell.paragraphs[0].add_run(_text(value))
    appendix = appendix_frame(table, rows, public)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading(_text(words["appendix"]), level=2)
    listing = doc.add_table(rows=1, cols=2)
    listing.style = "Table Grid"
    listing.autofit = False
    _repeat_header(listing.rows[0])
    for cell, title, width in zip(listing.rows[0].cells, appendix.columns[:2], (20, 240)):
        cell.width = Mm(width)
        cell.paragraphs[0].add_run(_text(title)).bold = True
    for number, text in zip(appendix.iloc[:, 0], appendix.iloc[:, 1]):
        cells = listing.add_row().cells
        cells[0].width, cells[1].width = Mm(20), Mm(240)
        cells[0].paragraphs[0].add_run(_text(number))
        cells[1].paragraphs[0].add_run(_text(text))
    return doc


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
