"""The Atom feed of a campaign's public outcomes: one entry per dated status change (RFC 4287)."""

from collections.abc import Callable
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from app.models import Campaign
from app.outcomes.reading import PublicOutcome
from app.outcomes.vocab import PLAN_STEPS, STATUSES

NS = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 200


def atom(campaign: Campaign, found: list[PublicOutcome], lang: str, base: str, author: str,
         _: Callable[[str], str]) -> bytes:
    """The feed as UTF-8 XML; built with ElementTree, so every text is escaped."""
    page = f"{base}/oppfolging/{campaign.public_slug}"
    host = urlsplit(base).hostname or "localhost"
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    _text(root, "id", f"{page}/feed.atom")
    _text(root, "title", _("What happened to the input? %(title)s") % {"title": campaign.title})
    ET.SubElement(root, f"{{{NS}}}link", {"rel": "self", "href": f"{page}/feed.atom"})
    ET.SubElement(root, f"{{{NS}}}link", {"rel": "alternate", "type": "text/html", "href": page})
    _text(ET.SubElement(root, f"{{{NS}}}author"), "name", author)
    entries = [(e, p) for p in found for e in p.history]
    entries.sort(key=lambda x: (x[0].created_at, x[0].id or 0), reverse=True)
    updated = entries[0][0].created_at if entries else campaign.created_at
    _text(root, "updated", updated.isoformat())
    for event, p in entries[:MAX_ENTRIES]:
        o = p.outcome
        entry = ET.SubElement(root, f"{{{NS}}}entry")
        _text(entry, "id", f"tag:{host},2026:outcome-{o.id}-event-{event.id}")
        _text(entry, "title", f"{o.title}: {_(STATUSES.get(event.status, event.status))}")
        _text(entry, "updated", event.created_at.isoformat())
        ET.SubElement(entry, f"{{{NS}}}link", {"rel": "alternate", "type": "text/html",
                                               "href": f"{page}#outcome-{o.id}"})
        parts = [event.note, o.public_note]
        if o.plan_step in PLAN_STEPS:
            parts.append(_("Plan step") + ": " + _(PLAN_STEPS[o.plan_step]))
        if o.case_number:
            parts.append(_("Case number") + ": " + o.case_number)
        _text(entry, "summary", "\n".join(x for x in parts if x))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)  # type: ignore[no-any-return]


def _text(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, f"{{{NS}}}{name}").text = value
