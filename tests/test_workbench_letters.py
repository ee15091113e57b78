"""Invitation letters: one A4 page per new code, in the chosen language (read back with pypdf);
every printed code works once on the survey."""

import io

from pypdf import PdfReader
from sqlmodel import select

from app.campaigns.invitations import is_valid
from app.models import Campaign, InvitationCode
from tests.staff_support import logged_in, post_form
from tests.workbench_support import make_campaign


def test_letters_print_one_a4_page_per_code_in_the_chosen_language(session):
    client, name = logged_in(session, role="facilitator")
    make_campaign(name, slug="sentrum-2027")
    page = "/staff/campaigns/sentrum-2027/invitations"
    bad = post_form(client, f"{page}/letters", {"letters_count": "0", "lang": "uk"}, page)
    assert bad.status_code == 400 and 'value="0"' in bad.text
    r = post_form(client, f"{page}/letters", {"letters_count": "3", "lang": "nb"}, page)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(r.content))
    assert len(pdf.pages) == 3
    for sheet in pdf.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4 in points
    texts = [sheet.extract_text() for sheet in pdf.pages]
    assert all("Invitasjon" in t or "invitasjon" in t.lower() for t in texts)
    session.rollback()
    campaign = session.exec(select(Campaign).where(Campaign.slug == "sentrum-2027")).one()
    assert len(session.exec(select(InvitationCode)).all()) == 3
    codes = [next(w for w in t.split() if w.isupper() and len(w) >= 8 and w.isalnum()) for t in texts]
    assert len(set(codes)) == 3 and all(is_valid(session, campaign, c) for c in codes)


def test_letters_in_a_resident_only_language_are_written_in_it(session):
    """A letter is for residents: in Polish every sentence is Polish (its wording lives in the
    residents' catalog, which the five resident-only languages cover; the staff one does not)."""
    client, name = logged_in(session, role="facilitator")
    make_campaign(name, slug="sentrum-2028")
    session.rollback()
    campaign = session.exec(select(Campaign).where(Campaign.slug == "sentrum-2028")).one()
    campaign.locales = ["nb", "pl"]
    session.add(campaign)
    session.commit()
    page = "/staff/campaigns/sentrum-2028/invitations"
    r = post_form(client, f"{page}/letters", {"letters_count": "1", "lang": "pl"}, page)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(r.content)).pages[0].extract_text().split())
    assert "Twój osobisty kod" in text and "Zaproszenie" in text
    assert "personal code" not in text and "Scan the code" not in text
