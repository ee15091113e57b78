"""Spreadsheet formulas are neutralised in CSV and XLSX exports, also behind leading spaces."""

import io

import pytest
from openpyxl import load_workbook

from app.common.text import neutralise_formula
from app.ideas.export import safe_cell
from app.results.comments import review
from app.results.exports import safe
from tests.results_helpers import add, campaign, login

SNEAKY = [" =1+1", "  +SUM(A1)", "\t=cmd", "\u00a0-2+3", "\u3000@SUM(A1)", "\ufeff=HYPERLINK(\"x\")",
          "\uff1d1+1", "\r\n=1", " \u200b=1"]


@pytest.mark.parametrize("value", SNEAKY + ["=1", "+1", "-1", "@A1", "\t1", "\r1"])
def test_every_formula_start_is_neutralised_in_both_exports(value):
    for neutralise in (neutralise_formula, safe, safe_cell):
        assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Benk ved elva", "1-2 ganger", "e-post: a@b.no", "", " ", 3, None, 4.5])
def test_plain_values_are_kept(value):
    assert neutralise_formula(value) == value


def test_a_comment_behind_spaces_is_neutralised_in_the_real_csv_and_xlsx(client, session):
    c, user = campaign(session)
    rid = add(session, c, user, 4, better=" =HYPERLINK(\"http://x\")", group="  +Gruppe")
    review(session, c, rid, "moving_around", "better", "approved", user)
    session.commit()
    login(client, user)
    body = client.get("/staff/results/res/export.csv").content.decode("utf-8-sig")
    assert "' =HYPERLINK" in body and "'  +Gruppe" in body
    wb = load_workbook(io.BytesIO(client.get("/staff/results/res/export.xlsx").content), read_only=True)
    cells = [v for row in wb["Responses"].iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert "' =HYPERLINK(\"http://x\")" in cells and "'  +Gruppe" in cells
    assert not [v for v in cells if v.lstrip()[:1] in "=+@" and not v.startswith("'")]
