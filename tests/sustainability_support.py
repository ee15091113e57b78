"""Shared by the sustainability tests: open a worksheet and answer it through the real pages."""

from tests.client import TestClient
from tests.staff_support import post_form

# A saksbehandling case where housing and jobs are helped while nature and emissions are harmed.
ANSWERS = {
    "natur": ("negative", "Bygger ned 40 dekar myr ved elva"),
    "utslipp": ("negative", "Mer biltrafikk til feltet"),
    "bolig": ("positive", "120 nye boliger for unge"),
    "naering": ("positive", "Plass til to nye bedrifter"),
    "inkludering": ("neutral", ""),
    "kommuneokonomi": ("not_assessed", ""),
}


def open_worksheet(
    client: TestClient,
    name: str = "Boligfelt Myrvoll",
    level: str = "saksbehandling",
    case: str = "2027/123",
    campaign: str = "",
) -> int:
    """Open a worksheet through the form; returns its id."""
    r = post_form(
        client,
        "/staff/sustainability",
        {"name": name, "plan_level": level, "case_number": case, "campaign": campaign},
    )
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def answer(client: TestClient, ws: int, answers: dict[str, tuple[str, str]] | None = None):  # type: ignore[no-untyped-def]
    data = []
    for theme, (choice, reason) in (answers or ANSWERS).items():
        data += [(f"choice-{theme}", choice), (f"reason-{theme}", reason)]
    return post_form(client, f"/staff/sustainability/worksheets/{ws}", data)
