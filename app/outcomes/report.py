"""The «Medvirkning» chapter as DOCX (python-docx) and PDF (WeasyPrint from the same HTML as the page)."""

import io
from typing import Any

from app.config import ROOT
from app.i18n import LANGUAGES, decimal
from app.outcomes.chapter import Chapter, labels
from app.results.masking import in_language
from app.web.templating import environment, gettext_for

CSS = ROOT / "static" / "css" / "workshops.css"  # the print styles the workshop report uses


def html(chapter: Chapter, lang: str) -> str:
    return environment(lang).get_template("outcomes/chapter.html").render(
        {"c": chapter, "lang": lang, "language": LANGUAGES[lang], **labels()})


def pdf(chapter: Chapter, lang: str) -> bytes:
    """Laid out on the server like the workshop report; needs no database (the route read it all)."""
    import weasyprint  # imported here: loading Pango takes a moment and only this download needs it

    css = weasyprint.CSS(string=CSS.read_text(encoding="utf-8"))
    return weasyprint.HTML(string=html(chapter, lang)).write_pdf(stylesheets=[css])  # type: ignore[no-any-return]


def docx(chapter: Chapter, lang: str) -> bytes:
    """The same chapter as a Word document the planner pastes into the planbeskrivelse."""
    import docx as word  # python-docx; imported here, only this download needs it

    _ = gettext_for(lang)
    v: dict[str, Any] = labels()
    c, doc = chapter, word.Document()
    doc.add_heading(_("Participation (medvirkning)"), level=1)
    doc.add_heading(_("What was asked"), level=2)
    period = " – ".join(d.isoformat() for d in (c.opens, c.closes) if d)
    asked = _("%(org)s asked residents about %(title)s, in the areas %(areas)s.") % {
        "org": c.organisation, "title": c.campaign.title, "areas": ", ".join(c.areas)}
    doc.add_paragraph(asked + (f" ({period})" if period else ""))
    doc.add_heading(_("Who answered"), level=2)
    doc.add_paragraph(_("Answers: %(n)s.") % {"n": c.n if c.n is not None else "–"})
    if c.population is not None:
        table = doc.add_table(rows=1, cols=3)
        head = (_("Age"), _("Share of the population"), _("Share of those who answered"))
        for cell, text in zip(table.rows[0].cells, head, strict=True):
            cell.text = text
        for b in c.population.bands:
            row = table.add_row().cells
            row[0].text, row[1].text = c.bands.get(b.band, b.band), f"{b.pop_share:.0%}"
            row[2].text = "–" if b.hidden else f"{b.sample_share:.0%}"
    doc.add_heading(_("What was heard"), level=2)
    table = doc.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, (_("Theme"), _("Score"), _("What people said")), strict=True):
        cell.text = text
    for t in c.lines:
        row = table.add_row().cells
        row[0].text, row[1].text = t.name, "–" if t.mean is None else decimal(t.mean, lang)
        row[2].text = " / ".join(in_language(q, _) for q in t.quotes)
    doc.add_heading(_("How the input was used"), level=2)
    if not c.outcomes:
        doc.add_paragraph(_("Nothing has been decided yet. This page is updated when it is."))
    for p in c.outcomes:
        o = p.outcome
        doc.add_heading(o.title, level=3)
        why = f": {o.status_reason}" if o.status == "not_done" and o.status_reason else ""
        status = _(v["statuses"][o.status]) + why
        doc.add_paragraph(f"{_('Status')}: {status}")
        if o.plan_step in v["plans"]:
            doc.add_paragraph(f"{_('Plan step')}: {_(v['plans'][o.plan_step])}")
        if o.case_number or o.decision:
            doc.add_paragraph(f"{_('Decision')}: {o.case_number} {o.decision} {o.decision_url}".strip())
        for s in p.sources:
            doc.add_paragraph(f"{_(v['kinds'][s.kind])}: {s.label}", style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
