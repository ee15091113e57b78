"""The worksheet summary for the saksframlegg as DOCX (python-docx) and PDF (WeasyPrint from the same HTML
as the page), laid out like the outcome register's Medvirkning chapter."""

import io

from app.i18n import LANGUAGES, decimal
from app.outcomes.report import CSS  # the print styles the workshop report and the chapter use
from app.sustainability.summary import Summary, conflict_lines
from app.sustainability.vocab import CHOICES
from app.web.templating import environment, gettext_for


def html(s: Summary, lang: str) -> str:
    """A whole HTML document: the summary partial the page shows, on its own."""
    return environment(lang).get_template("sustainability/document.html").render(
        {"s": s, "ws": s.worksheet, "lang": lang, "language": LANGUAGES[lang], "labels": CHOICES})


def pdf(s: Summary, lang: str) -> bytes:
    """Laid out on the server; needs no database (the route read it all)."""
    import weasyprint  # imported here: loading Pango takes a moment and only this download needs it

    css = weasyprint.CSS(string=CSS.read_text(encoding="utf-8"))
    return weasyprint.HTML(string=html(s, lang)).write_pdf(stylesheets=[css])  # type: ignore[no-any-return]


def docx(s: Summary, lang: str) -> bytes:
    """The same summary as a Word document the case handler pastes into the saksframlegg."""
    import docx as word  # python-docx; imported here, only this download needs it

    _ = gettext_for(lang)
    ws, doc = s.worksheet, word.Document()
    doc.add_heading(_("Sustainability assessment"), level=1)
    doc.add_paragraph(f"{ws.name}" + (f" ({_('Case number')}: {ws.case_number})" if ws.case_number else ""))
    doc.add_paragraph(f"{_('Plan level')}: {s.level}. {s.purpose}")
    if s.example:
        doc.add_paragraph(s.note)
    doc.add_heading(_("Målkonflikter"), level=2)
    none = _("No målkonflikter found: no theme is harmed while another is helped.")
    for line in conflict_lines(s, _) or [none]:
        doc.add_paragraph(line, style="List Bullet")
    doc.add_heading(_("Negative effects"), level=2)
    for ln in s.negative or []:
        doc.add_paragraph(f"{ln.name}: {ln.reason}", style="List Bullet")
    if not s.negative:
        doc.add_paragraph(_("None."))
    doc.add_heading(_("Not assessed"), level=2)
    doc.add_paragraph(", ".join(ln.name for ln in s.unassessed) or _("None."))
    for b in s.blocks:
        doc.add_heading(b.name, level=2)
        table = doc.add_table(rows=1, cols=4)
        head = (_("Theme"), _("Assessment"), _("Reason"), _("Residents' scores (Stedskompasset)"))
        for cell, label in zip(table.rows[0].cells, head, strict=True):
            cell.text = label
        for ln in b.themes:
            row = table.add_row().cells
            row[0].text, row[1].text = ln.name, _(CHOICES.get(ln.choice or "not_assessed", ""))
            row[2].text = ln.reason
            row[3].text = "; ".join(f"{sc.name} {'–' if sc.mean is None else decimal(sc.mean, lang)}"
                                    for sc in ln.scores)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
