"""Growing lists on results pages cost the same number of SQL statements at any length."""

import re

from app.results.comments import PAGE, review
from tests.helpers import statements
from tests.results_helpers import add, campaign, login

T0 = "moving_around"


def _with_comments(session, slug: str, n: int, approve: bool = False):
    session.rollback()  # a stale SQLite read snapshot (from reading `u` after a commit) cannot write
    c, u = campaign(session, slug, results_public=True)
    for i in range(n):
        rid = add(session, c, u, {T0: 4}, good=f"Kommentar nummer {i}")
        if approve:
            review(session, c, rid, T0, "good", "approved", u)
            session.commit()
    return c, u


def test_comment_moderation_is_paged_with_a_fixed_statement_count(client, session):
    counts, pages = {}, {}
    for n in (10, 100):
        _, u = _with_comments(session, f"c{n}", n)
        login(client, u)
        url = f"/staff/results/c{n}/comments"
        client.get(url, params={"theme": T0, "kind": "good"})  # warm caches (survey definitions)
        with statements() as seen:
            page = client.get(url, params={"theme": T0, "kind": "good"})
        assert page.status_code == 200
        counts[n], pages[n] = len(seen), page.text
    assert counts[10] == counts[100], counts
    assert pages[10].count('name="status" value="approved"') == 10 and 'rel="next"' not in pages[10]
    assert pages[100].count('name="status" value="approved"') == PAGE
    nxt = re.search(r'href="([^"]+)" rel="next"', pages[100]).group(1).replace("&amp;", "&")
    assert "page=2" in nxt and "theme=moving_around" in nxt and "kind=good" in nxt
    second = client.get(nxt).text
    assert second.count('name="status" value="approved"') == 100 - PAGE and 'rel="prev"' in second
    shown = set(re.findall(r"Kommentar nummer \d+", pages[100] + second))
    assert len(shown) == 100  # every comment on exactly one of the two pages


def test_review_returns_to_the_same_page(client, session):
    _, u = _with_comments(session, "c60", 60)
    login(client, u)
    page = client.get("/staff/results/c60/comments", params={"theme": T0, "kind": "good", "page": 2})
    back = re.search(r'name="back" value="([^"]*)"', page.text).group(1).replace("&amp;", "&")
    assert "page=2" in back


def test_public_page_statement_count_does_not_grow_with_comments(client, session):
    counts = {}
    for n in (10, 100):
        _with_comments(session, f"p{n}", n, approve=True)
        client.get(f"/r/p{n}")
        with statements() as seen:
            page = client.get(f"/r/p{n}")
        assert page.status_code == 200
        assert page.text.count("Kommentar nummer") == 3  # the newest three of the theme
        counts[n] = len(seen)
    assert counts[10] == counts[100], counts
