"""Organisation branding: an admin sets the display name, logo and accent colour; hostile or
unusable uploads and unreadable colours are refused with a message and nothing changed; the logo is
always served as our own PNG, and only the organisation's admins may change it."""

import io

from PIL import Image
from sqlmodel import select

from app.admin.branding import contrast_with_white
from app.db import unit_of_work
from app.models import Organisation
from app.models.branding import OrganisationBrand
from tests.staff_support import csrf_of, logged_in

PAGE = "/staff/admin/branding"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="200" height="80">'
       b'<rect width="200" height="80" fill="#1a5276"/><script>alert(1)</script>'
       b'<text x="10" y="50" fill="#fff" onload="alert(2)">Testby</text></svg>')


def png_bytes(size=(120, 60), colour=(20, 80, 120), extra: bytes = b"") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue() + extra


def send(client, data: dict, logo: tuple[str, bytes, str] | None = None):
    token = csrf_of(client.get(PAGE).text)
    files = {"logo": logo} if logo else {"logo": ("", b"", "application/octet-stream")}
    return client.post(PAGE, data={**data, "csrf": token}, files=files, follow_redirects=False)


def stored(org: str = "testby") -> OrganisationBrand | None:
    with unit_of_work() as s:
        o = s.exec(select(Organisation).where(Organisation.slug == org)).one()
        row = s.get(OrganisationBrand, o.id)
        if row is not None:
            s.expunge(row)
        return row


def test_an_admin_sets_name_png_logo_and_colour_and_the_logo_is_served_as_png(session):
    client, _ = logged_in(session, role="admin")
    r = send(client, {"display_name": "Testby kommune", "accent": "1A5276"},
             ("logo.png", png_bytes(extra=b"<script>trailing</script>"), "image/png"))
    assert r.status_code == 303 and r.headers["location"].endswith("done=saved")
    row = stored()
    assert row.display_name == "Testby kommune" and row.accent == "#1a5276"
    assert b"<script>" not in row.logo_png  # written again, the trailing bytes are gone
    page = client.get(PAGE + "?done=saved").text
    assert "The branding was saved." in page and f"/brand/testby/logo.png?v={row.logo_sha[:16]}" in page
    logo = client.get(f"/brand/testby/logo.png?v={row.logo_sha[:16]}")
    assert logo.status_code == 200 and logo.headers["content-type"] == "image/png"
    assert logo.content.startswith(b"\x89PNG") and "immutable" in logo.headers["cache-control"]
    assert "sandbox" in logo.headers["content-security-policy"]
    assert logo.headers["x-content-type-options"] == "nosniff"
    again = client.get("/brand/testby/logo.png", headers={"If-None-Match": logo.headers["etag"]})
    assert again.status_code == 304 and "immutable" not in again.headers["cache-control"]
    assert client.get("/brand/nowhere/logo.png").status_code == 404


def test_an_svg_with_scripts_is_drawn_to_a_png_and_never_served_as_svg(session):
    client, _ = logged_in(session, role="admin")
    r = send(client, {"display_name": "", "accent": ""}, ("innocent.png", SVG, "image/png"))
    assert r.status_code == 303
    row = stored()
    assert row.logo_png.startswith(b"\x89PNG") and b"script" not in row.logo_png
    with Image.open(io.BytesIO(row.logo_png)) as img:
        assert img.format == "PNG" and img.width <= 600 and img.height <= 240
        assert img.convert("RGB").getpixel((2, 2)) == (26, 82, 118)  # the SVG's own rectangle
    served = client.get("/brand/testby/logo.png")
    assert served.headers["content-type"] == "image/png" and b"<svg" not in served.content


def test_hostile_and_unusable_logos_are_refused_and_nothing_changes(session):
    client, _ = logged_in(session, role="admin")
    assert send(client, {"display_name": "Før", "accent": "#1a5276"}, ("a.png", png_bytes(), "image/png")
                ).status_code == 303
    before = stored()
    cases = [
        (("logo.png", b"GIF89a" + b"\0" * 100, "image/png"), "The file is not a PNG or SVG image."),
        (("logo.svg", b"<html><script>alert(1)</script></html>", "image/svg+xml"),
         "The file is not a PNG or SVG image."),
        (("x.svg", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                   b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>', "image/svg+xml"),
         "The SVG may not contain a DOCTYPE or entities."),
        (("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                   b'width="10" height="10"><image xlink:href="file:///etc/passwd" width="10" height="10"/>'
                   b'</svg>', "image/svg+xml"),
         "The SVG refers to other files or addresses; embed everything in the SVG."),
        (("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "image/svg+xml"),
         "The SVG could not be read as an image."),
        (("x.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, "image/png"),
         "The PNG could not be read as an image."),
        (("big.png", png_bytes((5000, 3300)), "image/png"), "at most 4000 × 4000 pixels"),
        (("huge.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (201 * 1024), "image/png"), "at most 200 KB"),
    ]
    for logo, message in cases:
        r = send(client, {"display_name": "Etter", "accent": "#1a5276"}, logo)
        assert r.status_code == 400, (logo[0], r.status_code)
        assert message in r.text.replace("&#39;", "'"), (logo[0], message)
        assert 'value="Etter"' in r.text  # the typed values are kept
        after = stored()
        assert (after.display_name, after.logo_sha) == (before.display_name, before.logo_sha)


def test_an_accent_colour_white_text_cannot_be_read_on_is_refused_with_its_contrast(session):
    client, _ = logged_in(session, role="admin")
    assert round(contrast_with_white("#767676"), 2) >= 4.5 > contrast_with_white("#777777")
    r = send(client, {"display_name": "Testby", "accent": "#ffcc00"})
    assert r.status_code == 400 and "White text on #ffcc00 has a contrast of 1.51:1" in r.text
    assert 'value="#ffcc00"' in r.text and stored() is None
    r = send(client, {"display_name": "Testby", "accent": "blue"})
    assert r.status_code == 400 and "six hexadecimal digits" in r.text and stored() is None
    assert send(client, {"display_name": "Testby", "accent": "#767676"}).status_code == 303
    assert stored().accent == "#767676"


def test_only_admins_brand_and_only_their_own_organisation(session):
    facilitator, _ = logged_in(session, role="facilitator")
    assert facilitator.get(PAGE).status_code == 403
    mine, _ = logged_in(session, role="admin")
    other, _ = logged_in(session, role="admin", org="annenby")
    assert send(other, {"display_name": "Annenby kommune", "accent": ""}).status_code == 303
    assert stored("testby") is None and stored("annenby").display_name == "Annenby kommune"
    assert "Annenby kommune" not in mine.get(PAGE).text


def test_posters_and_letters_carry_the_logo_and_display_name(session):
    from pypdf import PdfReader

    from tests.staff_support import post_form
    from tests.workbench_support import make_campaign

    client, name = logged_in(session, role="admin")
    make_campaign(name, slug="sentrum-2027")
    plain = client.get("/staff/campaigns/sentrum-2027/poster")
    assert plain.status_code == 200 and "/brand/" not in plain.text  # no logo yet: none shown
    assert send(client, {"display_name": "Testby kommune", "accent": "#1a5276"},
                ("logo.png", png_bytes(), "image/png")).status_code == 303
    version = stored().logo_sha[:16]
    poster = client.get("/staff/campaigns/sentrum-2027/poster?area=sentrum").text
    assert f'src="/brand/testby/logo.png?v={version}"' in poster and "Testby kommune" in poster
    assert 'alt="Logo of Testby kommune"' in poster
    page = "/staff/campaigns/sentrum-2027/invitations"
    r = post_form(client, f"{page}/letters", {"letters_count": "2", "lang": "nb"}, page)
    assert r.status_code == 200
    sheets = PdfReader(io.BytesIO(r.content)).pages
    assert len(sheets) == 2
    for sheet in sheets:
        assert "Testby kommune" in sheet.extract_text()
        assert any(image.data.startswith(b"\x89PNG") for image in sheet.images)


def test_a_logo_can_be_removed_and_an_empty_name_falls_back_to_the_organisations(session):
    client, _ = logged_in(session, role="admin")
    assert send(client, {"display_name": "Testby kommune", "accent": ""},
                ("logo.png", png_bytes(), "image/png")).status_code == 303
    assert 'name="remove_logo"' in client.get(PAGE).text
    assert send(client, {"display_name": "", "accent": "", "remove_logo": "1"}).status_code == 303
    row = stored()
    assert row.logo_png is None and row.logo_sha == "" and row.display_name == ""
    assert client.get("/brand/testby/logo.png").status_code == 404
    page = client.get(PAGE).text
    assert "No logo yet" in page and 'name="remove_logo"' not in page


def test_the_poster_takes_the_accent_colour_from_a_stylesheet_of_validated_colour_only(session):
    from tests.workbench_support import make_campaign

    client, name = logged_in(session, role="admin")
    make_campaign(name, slug="sentrum-2027")
    assert "brand.css" not in client.get("/staff/campaigns/sentrum-2027/poster").text
    assert client.get("/brand/testby/brand.css").text == ""
    assert send(client, {"display_name": "", "accent": "#1A5276"}).status_code == 303
    poster = client.get("/staff/campaigns/sentrum-2027/poster").text
    assert 'href="/brand/testby/brand.css?c=1a5276"' in poster
    css = client.get("/brand/testby/brand.css")
    assert css.headers["content-type"].startswith("text/css") and "color:#1a5276" in css.text
    assert send(client, {"display_name": "", "accent": "#1a5276}body{display:none"}).status_code == 400
    assert "display:none" not in client.get("/brand/testby/brand.css").text
