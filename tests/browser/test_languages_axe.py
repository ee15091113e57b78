"""axe-core on every public page (front page, errors, board, idea, results, follow-up, voting) in
the five resident-only languages, on a 360 px phone; one browser profile loops the languages.
The six staff languages are checked by each part's own browser test, the survey by test_resident_axe,
the follow-up page (in every language, with one more outcome in progress) by test_outcomes_flow: here
it is only read for its language and its review note."""

import pytest

from app.i18n import LANGUAGES
from tests.browser.conftest import axe_violations
from tests.outcomes_support import two_rounds
from tests.workshops_support import create_workshop, facilitator

pytestmark = pytest.mark.browser
NEW = [code for code, lang in LANGUAGES.items() if not lang.staff]


def test_every_public_page_passes_axe_in_the_resident_only_languages(page, live_server, session):
    from app.models import Workshop

    rounds = two_rounds(session)
    workshop_id = create_workshop(facilitator(session), rounds.second)
    session.rollback()
    code = session.get(Workshop, workshop_id).code  # type: ignore[union-attr]
    board = rounds.second.board.slug
    paths = ["/", "/finnes-ikke", "/r/sentrum-2027", "/oppfolging/sentrum-2027", f"/b/{board}",
             f"/b/{board}/new", f"/b/{board}/i/{rounds.second.ideas[0].id}", "/v", f"/v/{code}"]
    page.goto(f"{live_server}/v/{code}")  # the voting phone's device cookie, once
    found = {}
    assert len(NEW) == 5
    for lang in NEW:
        for path in paths:
            page.goto(f"{live_server}{path}?lang={lang}")
            assert page.locator("html").get_attribute("lang") == LANGUAGES[lang].tag, (lang, path)
            assert page.locator("p.review[role=note]").count() == 1, (lang, path)
            if not path.startswith("/oppfolging/"):
                found[(lang, path)] = axe_violations(page)
    # the language menu opens and names every language in its own script, current one marked
    page.goto(f"{live_server}/?lang=ti")
    page.click("details.langs summary")
    names = page.locator("details.langs a").all_inner_texts()
    assert names == [lang.name for lang in LANGUAGES.values()]
    assert page.locator("details.langs a[aria-current]").inner_text() == "ትግርኛ"
    found[("ti", "menu open")] = axe_violations(page)
    assert {k: v for k, v in found.items() if v} == {}
    assert len(found) == 5 * (len(paths) - 1) + 1
