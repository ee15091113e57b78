"""The session report for the case papers: one HTML template for the page and the PDF, and a DOCX.

Laid out the way app/outcomes lays out its documents: the page's Jinja environment and WeasyPrint
for the PDF, python-docx for Word, both after the route's read has ended.
"""

import io

from app.config import ROOT
from app.dilemmas.scenarios import pick
from app.dilemmas.summary import Report
from app.dilemmas.vocab import EXAMPLE_NOTE
from app.i18n import LANGUAGES
from app.web.templating import environment, gettext_for

CSS = ROOT / "static" / "css" / "workshops.css"  # the print styles the other reports use


def context(report: Report, lang: str, pdf: bool) -> dict:
    return {"r": report, "lang": lang, "language": LANGUAGES[lang], "pdf": pdf, "example_note": EXAMPLE_NOTE,
            "title": pick(report.scenario.title, lang, report.scenario.default_locale)}


def html(report: Report, lang: str) -> str:
    return environment(lang).get_template("dilemmas/report.html").render(context(report, lang, True))


def pdf(report: Report, lang: str) -> bytes:
    import weasyprint  # imported here: loading Pango takes a moment and only this download needs it

    css = weasyprint.CSS(string=CSS.read_text(encoding="utf-8"))
    return weasyprint.HTML(string=html(report, lang)).write_pdf(stylesheets=[css])  # type: ignore[no-any-return]


def docx(report: Report, lang: str) -> bytes:
    """The same report as a Word document, to paste into a saksframlegg or a plan."""
    import docx as word  # python-docx; imported here, only this download needs it

    _ = gettext_for(lang)
    r, doc = report, word.Document()
    doc.add_heading(f"{_('Dilemma training')}: {r.session.title}", level=1)
    scenario = pick(r.scenario.title, lang, r.scenario.default_locale)
    version = r.session.scenario_version
    doc.add_paragraph(_("Scenario: %(title)s (version %(v)s)") % {"title": scenario, "v": version})
    if r.scenario.example:
        doc.add_paragraph(_(EXAMPLE_NOTE))
    doc.add_paragraph(_("Groups: %(names)s") % {"names": ", ".join(g.name for g in r.groups)})
    doc.add_heading(_("Principles agreed"), level=2)
    if not r.principles:
        doc.add_paragraph(_("No principles were recorded."))
    for p in r.principles:
        doc.add_paragraph(p.text, style="List Number")
    doc.add_heading(_("Goal conflicts found (målkonflikter)"), level=2)
    if not r.conflicts:
        doc.add_paragraph(_("No goal conflicts were recorded."))
    table = doc.add_table(rows=1, cols=4)
    head = (_("Step"), _("Group"), _("Helped / harmed"), _("Goal conflict as the group saw it"))
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for step, a in r.conflicts:
        row = table.add_row().cells
        row[0].text, row[1].text, row[3].text = step.title, a.group, a.conflicts
        row[2].text = f"+ {', '.join(a.helped) or '–'} / − {', '.join(a.harmed) or '–'}"
    doc.add_heading(_("Possible win-win"), level=2)
    if not r.winwins:
        doc.add_paragraph(_("No win-win was recorded."))
    for step, a in r.winwins:
        doc.add_paragraph(f"{step.title}, {a.group}: {a.winwin}", style="List Bullet")
    splits = [(s, name, plus, minus) for s in r.steps for name, plus, minus in s.split]
    if splits:
        doc.add_heading(_("Seen differently"), level=2)
        for s, name, plus, minus in splits:
            doc.add_paragraph(_("%(step)s: %(theme)s: positive for %(plus)s, negative for %(minus)s") % {
                "step": s.title, "theme": name, "plus": ", ".join(plus), "minus": ", ".join(minus)},
                style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
