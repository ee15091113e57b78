"""Word documents (python-docx): what every report of the app needs, so a report module only lays
out its own content. A PAGE field in the footer, the organisation's logo in the header, rows that
never split, and in a right-to-left language paragraphs and tables set right to left while each
number is wrapped in a left-to-right isolate (U+2066 … U+2069), so «4 210» never reads «210 4»."""

import io
from collections.abc import Callable
from typing import Any

from app.i18n import LANGUAGES

LRI, PDI = "\u2066", "\u2069"


def _isolated(text: str) -> str:
    return f"{LRI}{text}{PDI}" if text and text != "–" else text


def _plain(text: str) -> str:
    return text


def isolate(lang: str) -> Callable[[str], str]:
    """How numbers are written in a language's report: kept left to right inside right-to-left text."""
    return _isolated if lang in LANGUAGES and LANGUAGES[lang].rtl else _plain


def page_field(paragraph: Any, label: str) -> None:
    """`label` and the page number (a Word PAGE field) in a paragraph, e.g. the footer's."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run(label + " ")
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def brand_header(section: Any, logo_png: bytes | None, name: str) -> None:
    """The organisation's logo and name in a section's header, so they head every page."""
    from docx.shared import Cm

    header = section.header.paragraphs[0]
    if logo_png:
        header.add_run().add_picture(io.BytesIO(logo_png), height=Cm(1.4))
    header.add_run(("  " if logo_png else "") + name)


def right_to_left(doc: Any) -> None:
    """Set every paragraph and table of the document right to left (Word's bidi)."""
    from docx.oxml import OxmlElement

    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for section in doc.sections:
        paragraphs += list(section.header.paragraphs) + list(section.footer.paragraphs)
    for p in paragraphs:
        p._p.get_or_add_pPr().insert(0, OxmlElement("w:bidi"))


def table(doc: Any, head: list[str], rows: list[list[str]]) -> None:
    """A table with a header row that repeats on every page and rows that never split."""
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    from docx.oxml import OxmlElement

    for i, row in enumerate(table.rows):  # a row never splits over two pages; the header repeats
        props = row._tr.get_or_add_trPr()
        props.append(OxmlElement("w:cantSplit"))
        if i == 0:
            props.append(OxmlElement("w:tblHeader"))
