"""The results report as a Word document (python-docx), from the same plain values as the PDF.

A PAGE field in every footer, the organisation's logo in every header, headings kept with what
follows, and in a right-to-left language paragraphs and tables set right to left while each number
is wrapped in a left-to-right isolate (U+2066 … U+2069), so «4 210» never reads «210 4»."""

import io
from collections.abc import Callable
from typing import Any

from app.i18n import LANGUAGES
from app.i18n.catalogs import translations

LRI, PDI = "\u2066", "\u2069"


def _isolated(text: str) -> str:
    return f"{LRI}{text}{PDI}" if text and text != "–" else text


def _plain(text: str) -> str:
    return text


def isolate(lang: str) -> Callable[[str], str]:
    """How numbers are written in a language's report: kept left to right inside right-to-left text."""
    return _isolated if lang in LANGUAGES and LANGUAGES[lang].rtl else _plain


def _page_field(paragraph: Any, label: str) -> None:
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


def _right_to_left(doc: Any) -> None:
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


def _table(doc: Any, head: list[str], rows: list[list[str]]) -> None:
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


def build(report: dict[str, Any], lang: str, compass_png: bytes | None) -> bytes:
    """The Word document of a report (see app/admin/report_data.py for its values)."""
    import docx as word
    from docx.shared import Cm

    _, ltr = translations(lang).gettext, isolate(lang)
    doc = word.Document()
    section = doc.sections[0]
    _page_field(section.footer.paragraphs[0], _("Page"))
    brand_header(section, report["logo_png"], report["organisation"])

    def heading(text: str, level: int) -> None:
        doc.add_heading(text, level).paragraph_format.keep_with_next = True

    heading(_("Results: %(title)s") % {"title": report["title"]}, 0)
    doc.add_paragraph(f"{report['organisation']} · {ltr(report['made'])}")
    if report["demo"]:
        doc.add_paragraph(_("Demo data: these figures are synthetic."))
    heading(_("Who answered"), 1)
    doc.add_paragraph(_("Answers: %(n)s.") % {"n": ltr(report["answers"])} + " "
                      + _("Groups with fewer than %(k)s answers are not shown.") % {"k": ltr(report["k"])})
    pop = report["population"]
    if pop:
        head = [_("Age"), _("Population"), _("Share of the population"), _("Answers"),
                _("Share of those who answered")]
        rows = [[b["band"], ltr(b["population"]), ltr(b["pop_share"]), ltr(b["respondents"] or "–"),
                 ltr(b["sample_share"] or "–")] for b in pop["bands"]]
        _table(doc, head, rows)
        doc.add_paragraph(_("Representativeness: %(score)s (100 %% when those who answered mirror the "
                            "population).") % {"score": ltr(pop["score"])})
    else:
        doc.add_paragraph(_("No population figures have been uploaded for this campaign."))
    if compass_png:
        heading(_("Compass"), 1)
        doc.add_picture(io.BytesIO(compass_png), width=Cm(16))
    for part in report["sections"]:
        heading(part["area"] or _("The whole campaign"), 1)
        rows = [[r["theme"], _("Too few answers to show"), "", ""] if r["hidden"]
                else [r["theme"], ltr(r["n"]), ltr(r["mean"]), ltr(r["median"])] for r in part["rows"]]
        _table(doc, [_("Theme"), _("Answers"), _("Mean"), _("Median")], rows)
    if report["breakdowns"]:
        heading(_("Breakdowns"), 1)
    for b in report["breakdowns"]:
        heading(b["title"], 2)
        if b["groups"]:
            head = [_("Theme")] + [f"{g['label']} (n={ltr(g['n'])})" for g in b["groups"]]
            _table(doc, head, [[r["theme"], *map(ltr, r["means"])] for r in b["rows"]])
        if b["hidden"]:
            hidden = ", ".join(b["hidden"])
            doc.add_paragraph(_("Not shown (too few answers): %(groups)s") % {"groups": hidden})
    if report["quotes"]:
        heading(_("What residents said (approved quotes)"), 1)
        for quote in report["quotes"]:
            heading(quote["theme"], 2)
            for kind, label in (("good", _("Works well")), ("better", _("Could be better"))):
                for text in quote[kind]:
                    doc.add_paragraph(f"{label}: «{text}»", style="List Bullet")
    if lang in LANGUAGES and LANGUAGES[lang].rtl:
        _right_to_left(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
