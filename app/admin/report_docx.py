"""The results report as a Word document (python-docx), from the same plain values as the PDF
(page numbers, logo, right-to-left: app/common/word.py; headings kept with what follows)."""

import io
from typing import Any

from app.common.word import brand_header, isolate, page_field, right_to_left, table
from app.i18n import LANGUAGES
from app.i18n.catalogs import translations
from app.results.masking import in_language


def build(report: dict[str, Any], lang: str, compass_png: bytes | None) -> bytes:
    """The Word document of a report (see app/admin/report_data.py for its values)."""
    import docx as word
    from docx.shared import Cm

    _, ltr = translations(lang).gettext, isolate(lang)
    doc = word.Document()
    section = doc.sections[0]
    page_field(section.footer.paragraphs[0], _("Page"))
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
        table(doc, head, rows)
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
        table(doc, [_("Theme"), _("Answers"), _("Mean"), _("Median")], rows)
    if report["breakdowns"]:
        heading(_("Breakdowns"), 1)
    for b in report["breakdowns"]:
        heading(b["title"], 2)
        if b["groups"]:
            head = [_("Theme")] + [f"{g['label']} (n={ltr(g['n'])})" for g in b["groups"]]
            table(doc, head, [[r["theme"], *map(ltr, r["means"])] for r in b["rows"]])
        if b["hidden"]:
            hidden = ", ".join(b["hidden"])
            doc.add_paragraph(_("Not shown (too few answers): %(groups)s") % {"groups": hidden})
    if report["quotes"]:
        heading(_("What residents said (approved quotes)"), 1)
        for quote in report["quotes"]:
            heading(quote["theme"], 2)
            for kind, label in (("good", _("Works well")), ("better", _("Could be better"))):
                for text in quote[kind]:
                    doc.add_paragraph(f"{label}: «{in_language(text, _)}»", style="List Bullet")
    if lang in LANGUAGES and LANGUAGES[lang].rtl:
        right_to_left(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
