"""The workshop report as a Word document (python-docx), from the same context as the page and PDF.

Built with the app's Word helpers (app/common/word.py): the organisation's logo and
name in the header, a PAGE field in the footer,
headings kept with what follows, rows never split, and in a right-to-left language paragraphs and
tables set right to left with each number isolated left to right, so «4 210» never reads «210 4»."""

import io
from typing import Any

from app.common.word import brand_header, isolate, page_field, right_to_left, table
from app.i18n import LANGUAGES, decimal
from app.i18n.catalogs import translations
from app.results.compass import to_png
from app.results.masking import in_language


def build(ctx: dict[str, Any], lang: str) -> bytes:
    """Method, who took part, compasses with tables, quotes, ideas, votes, worksheets, dilemmas, outcome."""
    import docx as word  # python-docx; imported here, only this download needs it
    from docx.shared import Cm

    _, ltr = translations(lang).gettext, isolate(lang)
    w, views, doc = ctx["workshop"], ctx["views"], word.Document()
    page_field(doc.sections[0].footer.paragraphs[0], _("Page"))
    brand_header(doc.sections[0], ctx["brand"].logo_png, ctx["brand"].name)  # logo and name on every page
    k = views[0].k if views else 5

    def heading(text: str, level: int) -> None:
        doc.add_heading(text, level).paragraph_format.keep_with_next = True

    def hidden(n: object) -> str:
        return _("Hidden: fewer than %(k)s answers") % {"k": ltr(str(k))} if n is None else ltr(str(n))

    heading(_("Report: %(title)s") % {"title": w.title}, 0)
    if ctx["demo"]:
        doc.add_paragraph(_("Demo data: these answers are made up, for trying Medvirk out."))
    kind = _("Youth council (ungdomsråd)") if ctx["statement"] else _("Political workshop")
    held = f", {ltr(w.held_on.isoformat())}" if w.held_on else ""
    doc.add_paragraph(f"{kind}{held}. {_('Based on:')} {', '.join(v.campaign.title for v in views)}.")
    heading(_("Method"), 1)
    if w.method:
        doc.add_paragraph(w.method)
    doc.add_paragraph(_("Residents assessed their area with the Place Standard tool (Stedskompasset): 14 themes, each scored from 1 (much to improve) to 7 (very good), with comments. At the workshop the politicians saw the results, the comments and the ideas from the bylab, and each spread %(points)s points over the themes and ideas they would give priority. Groups with fewer than %(k)s answers are never shown, so nobody can be recognised.") % {"points": ltr(str(w.points)), "k": ltr(str(k))})  # noqa: E501 (the msgid is the page's, word for word)
    heading(_("Who took part, and who is missing"), 1)
    for view in views:
        heading(view.campaign.title, 2)
        table(doc, [_("Area"), _("Answers")], [[a["name"], hidden(a["n"])] for a in view.areas])
        if len(view.groups) > 1 or (view.groups and view.groups[0].key):
            table(doc, [_("Group"), _("Answers")],
                   [[g.label, hidden(None if g.hidden else g.n)] for g in view.groups])
        rep = view.representation
        if rep:
            table(doc, [_("Age band"), _("Share of residents"), _("Share of answers")],
                   [[view.band_labels.get(b.band, b.band), ltr(f"{b.pop_share * 100:.0f} %"),
                     _("hidden") if b.hidden else ltr(f"{b.sample_share * 100:.0f} %")] for b in rep.bands])
        else:
            doc.add_paragraph(_("No population figures uploaded for this campaign, so who is missing by age "
                                "cannot be shown."))
    for r in ctx["rounds"]:
        doc.add_paragraph(f"{_('Round %(n)s') % {'n': ltr(str(r['round'].number))}}: "
                          + _("%(n)s phones have voted.") % {"n": ltr(str(r["voters"]))})
    if ctx["figures"]:
        heading(_("Context figures"), 2)
        table(doc, [_("Figure"), _("Area"), _("Value"), _("Source")],
               [[x.label, x.area, ltr(x.value), x.source] for x in ctx["figures"]])
    heading(_("The compass and the table"), 1)
    for view in views:
        for c in view.compasses:
            heading(f"{view.campaign.title}: {c['label']}", 2)
            doc.add_picture(io.BytesIO(to_png(c["svg"])), width=Cm(15))
            shown = [g for g in c["groups"] if not g.hidden]
            head = [_("Theme")] + [f"{g.label} (n={ltr(str(g.n))})" if g.n else g.label for g in shown]
            rows = [[name] + ["*" if g.themes[i].hidden else "–" if g.themes[i].mean is None
                              else ltr(decimal(g.themes[i].mean, lang)) for g in shown]
                    for i, name in enumerate(view.names)]
            table(doc, head, rows)
            gone = ", ".join(g.label for g in c["groups"] if g.hidden)
            note = _("* hidden: fewer than %(k)s answers.") % {"k": ltr(str(view.k))}
            doc.add_paragraph(note + (" " + _("Hidden groups: %(names)s.") % {"names": gone} if gone else ""))
    _quotes_ideas_votes(doc, ctx, heading, _, ltr)
    _toolbox(doc, ctx, heading, _, ltr)
    _outcome(doc, ctx, heading, _)
    if lang in LANGUAGES and LANGUAGES[lang].rtl:
        right_to_left(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _quotes_ideas_votes(doc: Any, ctx: dict[str, Any], heading: Any, _: Any, ltr: Any) -> None:
    heading(_("Quotes"), 1)
    for q in ctx["quotes"]:
        where = ctx["area_names"].get(f"{q['campaign_id']}:{q['area']}", q["area"])
        theme = ctx["themes"].get(q["theme"], q["theme"])
        doc.add_paragraph(f"«{in_language(q['text'], _)}» ({theme}, {where})")
    if not ctx["quotes"]:
        doc.add_paragraph(_("No quotes were chosen."))
    heading(_("Ideas from the bylab"), 1)
    for i in ctx["ideas"]:
        actors = ", ".join(_(ctx["actors"][a]) if a in ctx["actors"] else a for a in i.actors)
        line = f"{i.title}. " + _("Support: %(n)s") % {"n": ltr(str(ctx["supports"].get(i.id, 0)))}
        doc.add_paragraph(line + (f". {_('Who can make it happen:')} {actors}" if actors else ""),
                          style="List Bullet")
    if not ctx["ideas"]:
        doc.add_paragraph(_("No ideas were shown."))
    heading(_("The politicians' priorities"), 1)
    for v in ctx["rounds"]:
        heading(_("Round %(n)s") % {"n": ltr(str(v["round"].number))}, 2)
        table(doc, [_("Theme or idea"), _("Points"), _("Politicians who gave points")],
               [[v["names"].get(t.option, t.option), ltr(str(t.points)), ltr(str(t.voters))]
                for t in v["totals"]])
        doc.add_paragraph(_("%(n)s phones have voted.") % {"n": ltr(str(v["voters"]))})
        for c in v["comments"]:
            doc.add_paragraph(c, style="List Bullet")
    if not ctx["rounds"]:
        doc.add_paragraph(_("No votes were taken."))


def _toolbox(doc: Any, ctx: dict[str, Any], heading: Any, _: Any, ltr: Any) -> None:
    """The chosen worksheet summaries and dilemma sessions, as the page shows them."""
    if not (ctx["sheets"] or ctx["dilemmas"]):
        return
    none = _("none")
    heading(_("Sustainability assessments and dilemma training"), 1)
    for s in ctx["sheets"]:
        heading(_("Sustainability assessment: %(name)s") % {"name": s.name}, 2)
        case = f" · {_('Case number')} {s.case_number}" if s.case_number else ""
        doc.add_paragraph(s.level + case + (f" · {_('Example content')}" if s.example else ""))
        choices = ctx["choices"]
        table(doc, [_("Dimension")] + [_(label) for label in choices.values()],
               [[name] + [ltr(str(counts.get(key, 0))) for key in choices] for name, counts in s.dimensions])
        negative = "; ".join(f"{n} ({r})" if r else n for n, r in s.negative) or none
        doc.add_paragraph(f"{_('Negative:')} {negative}")
        doc.add_paragraph(f"{_('Not assessed:')} {', '.join(s.unassessed) or none}")
        heading(_("Goal conflicts (målkonflikter)"), 3)
        for c in s.conflicts:
            doc.add_paragraph(c, style="List Bullet")
        if not s.conflicts:
            doc.add_paragraph(_("No goal conflicts were found."))
    for d in ctx["dilemmas"]:
        heading(_("Dilemma training: %(title)s") % {"title": d.title}, 2)
        example = f" · {_('Example content')}" if d.example else ""
        doc.add_paragraph(f"{_('Scenario:')} {d.scenario}{example}")
        heading(_("Goal conflicts found"), 3)
        for step, group, seen in d.conflicts:
            doc.add_paragraph(f"{group} ({step}): {seen}", style="List Bullet")
        if not d.conflicts:
            doc.add_paragraph(_("No goal conflicts were found."))
        heading(_("Principles agreed"), 3)
        for p in d.principles:
            doc.add_paragraph(p, style="List Number")
        if not d.principles:
            doc.add_paragraph(_("No principles were recorded."))


def _outcome(doc: Any, ctx: dict[str, Any], heading: Any, _: Any) -> None:
    statement = ctx["statement"]
    if statement:
        heading(_("The youth council's statement"), 1)
        doc.add_paragraph(statement.text or _("No statement recorded yet."))
        heading(_("Open outcomes the council was shown"), 2)
        for o in ctx["open_outcomes"]:
            doc.add_paragraph(o.title, style="List Bullet")
        if not ctx["open_outcomes"]:
            doc.add_paragraph(_("No open outcomes in the register for these campaigns."))
    heading(_("Outcome"), 1)
    if not ctx["outcome"]:
        doc.add_paragraph(_("Nothing recorded yet."))
        return
    actors, plans, kinds = ctx["actors"], ctx["plans"], ctx["kinds"]
    rows = []
    for o in ctx["outcome"]:
        who = _(actors[o.actor]) if o.actor in actors else ""
        who += (": " if who and o.responsible else "") + o.responsible
        rows.append([_(kinds[o.kind]), o.text, ctx["options"].get(o.option, "") if o.option else "", who,
                     _(plans[o.plan])])
    table(doc, [_("Kind"), _("What was agreed"), _("Answers"), _("Who is responsible"),
                 _("The municipal plan it feeds")], rows)
