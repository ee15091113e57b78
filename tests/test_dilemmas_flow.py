"""The issue's dilemma "Done when" over HTTP: three groups on phones over three injects, the
facilitator records principles, and the report (HTML, PDF, DOCX) lists their conflicts and principles."""

import io
import re

import docx
from pypdf import PdfReader
from sqlmodel import Session

from tests.dilemmas_support import (
    answer,
    answers,
    code_in,
    facilitator,
    group_ids,
    move,
    phone,
    row_of,
    start,
)
from tests.helpers import page_weight
from tests.staff_support import csrf_of

CONFLICTS = ["Boliger på dyrka mark mot matjord", "Flomvoll betalt av kommunen mot budsjettet",
             "Arbeidsplasser mot idrettsbanen"]


def test_three_groups_three_injects_and_the_report(session: Session) -> None:
    staff = facilitator(session)
    sid = start(staff)
    base = f"/staff/dilemmas/{sid}"
    manage = staff.get(base)
    assert manage.status_code == 200
    assert "Example scenario written for Medvirk" in manage.text  # the example is marked as one
    code = code_in(manage.text)
    assert code == row_of(session, sid).code
    present = staff.get(f"{base}/present")
    assert present.status_code == 200 and code in present.text and "<svg" in present.text  # code and QR
    assert "Nye boliger på elvesletta" in present.text or "New homes on the river plain" in present.text

    gids = group_ids(session, sid)
    phones = [phone(code, sid) for _ in gids]
    assert all(f"/d/{sid}/{g}" in phones[0].get(f"/d/{sid}").text for g in gids)  # the group chooser
    for step in (1, 2, 3):
        move(staff, sid, step)
        assert f"{step + 1} of 5" in staff.get(f"{base}/present").text.replace("Step ", "")
        for i, (client, gid) in enumerate(zip(phones, gids, strict=True)):
            url = f"/d/{sid}/{gid}"
            shown = client.get(url).text
            assert f"Inject {step}" in shown  # the phone shows the step on the screen
            r = answer(client, url, step, {"bolig": "+", "natur_areal": "-", "okonomisk": "+" if i else "-"},
                       conflicts=f"{CONFLICTS[i]} (steg {step})",
                       winwin=f"Vinn-vinn {i}{step}" if i == 0 else "")
            assert r.status_code == 303 and r.headers["location"] == f"{url}?m=saved", r.text
        assert "3 of 3 groups have answered this step." in staff.get(f"{base}/present").text
        assert "3 of 3 groups" in staff.get(f"{base}/count").text  # what the projector fetches
    assert len(answers(session, sid)) == 9

    move(staff, sid, 4)  # the principles step
    present = staff.get(f"{base}/present").text
    assert "Principles for priorities" in present and CONFLICTS[1] in present
    token = csrf_of(staff.get(base).text)
    for n, text in enumerate(("Matjord vernes før nye boligfelt", "Beslutningen tas av kommunestyret")):
        pid = f"00000000-0000-4000-8000-00000000000{n}"
        r = staff.post(f"{base}/principles", data={"csrf": token, "id": pid, "text": text},
                       follow_redirects=False)
        assert r.status_code == 303, r.text

    report = staff.get(f"{base}/report")
    assert report.status_code == 200
    for text in (*CONFLICTS, "Matjord vernes før nye boligfelt", "Beslutningen tas av kommunestyret",
                 "Vinn-vinn 01", "Gruppe 1", "Gruppe 3"):
        assert text in report.text, text
    # Groups 2 and 3 saw the economy as a whole as positive, group 1 as negative: seen differently.
    assert "Seen differently" in report.text and "negative for Gruppe 1" in report.text

    pdf = staff.get(f"{base}/report.pdf?lang=nb")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = re.sub(r"\s+", " ", text)
    for needle in ("Matjord vernes før nye boligfelt", "Prinsipper vi ble enige om", "Arbeidsplasser mot"):
        assert needle in flat, needle
    word = staff.get(f"{base}/report.docx?lang=nn")
    assert word.status_code == 200
    document = docx.Document(io.BytesIO(word.content))
    body = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    for needle in (*CONFLICTS, "Beslutningen tas av kommunestyret", "Prinsipp vi vart samde om"):
        assert needle in body, needle


def test_the_facilitator_records_for_a_group_without_phones(session: Session) -> None:
    staff = facilitator(session)
    sid = start(staff, groups="Helse\nTeknisk")
    gid = group_ids(session, sid)[1]
    url = f"/staff/dilemmas/{sid}/groups/{gid}"
    page = staff.get(url)
    assert page.status_code == 200 and "Record for Teknisk" in page.text
    r = answer(staff, url, 0, {"klimatilpasning": "-"}, conflicts="Flom mot boliger")
    assert r.status_code == 303 and r.headers["location"] == f"{url}?step=0&m=saved"
    stored = answers(session, sid)
    assert [(a.group_id, a.step, a.effects, a.conflicts) for a in stored] == [
        (gid, 0, {"klimatilpasning": "-"}, "Flom mot boliger")]
    assert stored[0].recorded_by is not None  # typed by staff, and it says so
    assert "✓" in staff.get(f"/staff/dilemmas/{sid}").text


def test_pages_render_in_every_staff_language(session: Session) -> None:
    staff = facilitator(session)
    sid = start(staff)
    code = row_of(session, sid).code
    client = phone(code, sid)
    gid = group_ids(session, sid)[0]
    expected = {"nb": "Dilemmatrening", "nn": "Dilemmatrening", "en": "Dilemma training",
                "se": "Dilemmahárjehallan", "uk": "Тренування з дилем", "ar": "التدريب على المعضلات"}
    for lang, word in expected.items():
        for url in ("/staff/dilemmas", "/staff/dilemmas/new", f"/staff/dilemmas/{sid}",
                    f"/staff/dilemmas/{sid}/present", f"/staff/dilemmas/{sid}/report",
                    f"/staff/dilemmas/{sid}/groups/{gid}"):
            r = staff.get(f"{url}?lang={lang}")
            assert r.status_code == 200, (url, lang)
        assert word in staff.get(f"/staff/dilemmas?lang={lang}").text, lang
        for url in ("/d", f"/d/{sid}", f"/d/{sid}/{gid}"):
            assert client.get(f"{url}?lang={lang}").status_code == 200, (url, lang)
    # Scenario text in a language it lacks: the nearest one, marked with its language.
    uk = client.get(f"/d/{sid}/{gid}?lang=uk").text
    assert 'lang="en"' in uk and "The situation" in uk
    se = client.get(f"/d/{sid}/{gid}?lang=se").text
    assert 'lang="nb"' in se and "Situasjonen" in se


def test_phone_pages_are_small_and_need_no_script(session: Session) -> None:
    staff = facilitator(session)
    sid = start(staff)
    client = phone(row_of(session, sid).code, sid)
    gid = group_ids(session, sid)[0]
    for url in ("/d", f"/d/{sid}", f"/d/{sid}/{gid}"):
        assert page_weight(client, url) <= 12 * 1024, url
        html = client.get(url).text
        assert "<script" not in html  # plain forms: nothing needs JavaScript
    form = client.get(f"/d/{sid}/{gid}").text
    assert 'method="post"' in form and 'name="csrf"' in form
