"""A teacher runs a class session in real Chromium (issue 16's "done when"): a session with a
code, 25 pupils on the children's 3-point version (21 through the plain forms, four in Chromium:
two with JavaScript off, one going offline and back), the teacher's progress view with counts
only, and the class compass at the end. Every page the teacher and pupils see passes axe."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from app.models import Response
from app.models.classes import ClassPupil
from tests.browser.conftest import axe_violations, new_context
from tests.classes_support import Pupil, children_campaign, n_themes
from tests.conftest import make_staff
from tests.staff_support import PASSWORD

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1280, "height": 900}


def _login(page, live_server, username):
    page.goto(f"{live_server}/staff/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/staff")


def _pupil_in_chromium(browser, live_server, code, score, javascript=True, offline_at=None, audit=False):
    """One pupil on a phone: type the code, start, answer every theme, send. Returns axe findings."""
    context = new_context(browser, javascript=javascript)
    page = context.new_page()
    found = {}
    page.goto(f"{live_server}/klasse?lang=nb")
    if audit:
        found["join"] = axe_violations(page)
    page.fill("#code", code.lower())
    page.click("main form button[type=submit]")
    page.locator("h1").filter(has_text="5C").wait_for()
    if audit:
        found["welcome"] = axe_violations(page)
    page.click("main form button[type=submit]")
    for n in range(1, n_themes("children") + 1):
        page.wait_for_url(re.compile(rf".*/k/barn/tema/{n}(\?.*)?$"))
        if audit and n == 1:
            found["theme"] = axe_violations(page)
        page.locator(f"input[name=score][value='{score}']").check(force=True)
        if n == offline_at:  # the bus enters a tunnel: the screen stays, and goes when back online
            context.set_offline(True)
            page.click("button[value=next] >> nth=0")
            page.locator("#net").wait_for(state="visible")
            assert re.search(rf"/tema/{n}(\?.*)?$", page.url)
            context.set_offline(False)
            continue
        page.click("button[value=next] >> nth=0")
    page.wait_for_url(re.compile(r".*/k/barn/om-deg(\?.*)?$"))
    page.click("button[value=send]")
    page.wait_for_url(re.compile(r".*/k/barn/takk(\?.*)?$"))
    if audit:
        found["thanks"] = axe_violations(page)
    context.close()
    return {k: v for k, v in found.items() if v}


def test_a_class_of_25_on_the_childrens_version(browser, live_server, session):
    children_campaign(session)
    username, _ = make_staff(session, role="facilitator")
    teacher_context = new_context(browser, viewport=LAPTOP)
    teacher = teacher_context.new_page()
    _login(teacher, live_server, username)
    problems = {}
    teacher.goto(f"{live_server}/staff/classes/new")
    problems["new"] = axe_violations(teacher)
    teacher.select_option("#place", label="Sentrum")
    teacher.fill("#title", "5C Nordby skole")
    teacher.click("form[action='/staff/classes/new'] button[type=submit]")
    teacher.wait_for_url(re.compile(r".*/staff/classes/\d+$"))
    code = teacher.locator(".code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    problems["session"] = axe_violations(teacher)

    for i in range(21):  # most of the class through the plain forms, to keep the test fast
        Pupil("barn").whole_class_answer(code, score=str(i % 3 + 1), themes=n_themes("children"))
    problems.update({f"pupil js {k}": v for k, v in
                     _pupil_in_chromium(browser, live_server, code, 3, audit=True).items()})
    _pupil_in_chromium(browser, live_server, code, 2, javascript=False)
    _pupil_in_chromium(browser, live_server, code, 1, javascript=False)
    _pupil_in_chromium(browser, live_server, code, 3, offline_at=4)

    teacher.reload()  # the progress view: two counts, nothing else about the pupils
    assert teacher.locator("[data-count=started]").inner_text() == "25"
    assert teacher.locator("[data-count=done]").inner_text() == "25"
    problems["progress"] = axe_violations(teacher)
    teacher.click("#end-button")
    teacher.wait_for_url("**/kompass")
    expect(teacher.locator("figure.compass svg")).to_be_visible()
    assert "25" in teacher.locator("main").inner_text()
    problems["compass"] = axe_violations(teacher)
    teacher_context.close()
    assert {k: v for k, v in problems.items() if v} == {}

    session.rollback()
    stored = session.exec(select(Response)).all()
    assert len(stored) == 25  # each pupil once, on the campaign's own survey: the children's version
    assert {r.survey_slug for r in stored} == {None} and {r.survey_version for r in stored} == {1}
    assert len(session.exec(select(ClassPupil)).all()) == 25
