"""An organisation's branding: display name, logo and accent colour, checked before anything is stored.

A logo is never kept or served as uploaded. Its type is read from its first bytes (not its name);
a PNG is decoded and written again, an SVG is drawn to a PNG with external files refused, so what
is served is always a plain PNG that can carry no script, link or hidden metadata."""

import base64
import hashlib
import io
import re
from dataclasses import dataclass

from sqlmodel import Session

from app.admin import audit
from app.admin.forms import N_, FormError
from app.models import Organisation, User
from app.models.branding import OrganisationBrand
from app.models.common import utcnow

MAX_LOGO_BYTES = 200 * 1024  # below the app's 256 KB body limit, so the form can say why
MAX_SOURCE_PIXELS = 4000 * 4000  # refuses decompression bombs before a pixel is decoded
LOGO_BOX = (600, 240)  # the stored logo fits in this box: a letterhead needs no more
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
AA_NORMAL_TEXT = 4.5  # WCAG 2.x AA contrast for body text


class LogoError(ValueError):
    """An uploaded logo that cannot be used; the message is a msgid."""


@dataclass(frozen=True)
class Brand:
    """What documents and pages show for an organisation."""

    name: str
    accent: str
    logo_png: bytes | None
    version: str
    slug: str

    @property
    def logo_data_uri(self) -> str:
        """The logo inline, for PDFs laid out without a request (WeasyPrint)."""
        if not self.logo_png:
            return ""
        return "data:image/png;base64," + base64.b64encode(self.logo_png).decode()

    @property
    def swatch_uri(self) -> str:
        """A small sample of white text on the accent colour (an image: the CSP allows no inline style)."""
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="96" height="32"><rect width="96" height="32" '
               f'fill="{self.accent}"/><text x="10" y="22" fill="#fff" font-family="sans-serif" '
               f'font-size="16">Aa 123</text></svg>')
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode() if self.accent else ""

    @property
    def logo_url(self) -> str:
        """Where browsers fetch the logo; the version changes with the logo, so it may be cached long."""
        return f"/brand/{self.slug}/logo.png?v={self.version}" if self.logo_png else ""


def brand_of(session: Session, organisation_id: int) -> Brand:
    """The organisation's branding, falling back to its own name and no logo or colour."""
    org = session.get(Organisation, organisation_id)
    row = session.get(OrganisationBrand, organisation_id)
    name = (row.display_name if row and row.display_name else None) or (org.name if org else "")
    if row is None:
        return Brand(name, "", None, "", org.slug if org else "")
    return Brand(name, row.accent, row.logo_png, row.logo_sha[:16], org.slug if org else "")


def sniff(data: bytes) -> str:
    """'png', 'svg' or '' from the bytes themselves (a file's name and declared type are ignored)."""
    if data.startswith(PNG_MAGIC):
        return "png"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096]:
        return "svg"
    return ""


def clean_logo(data: bytes) -> bytes:
    """The logo as a fresh PNG fitted in LOGO_BOX; raises LogoError with a msgid when unusable."""
    if not data:
        raise LogoError(N_("Choose a PNG or SVG file."))
    if len(data) > MAX_LOGO_BYTES:
        raise LogoError(N_("The logo file is too large: at most 200 KB."))
    kind = sniff(data)
    if kind == "svg":
        data = _rasterise(data)
    elif kind != "png":
        raise LogoError(N_("The file is not a PNG or SVG image."))
    return _reencode(data)


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> None:
    raise LogoError(N_("The SVG refers to other files or addresses; embed everything in the SVG."))


def _rasterise(data: bytes) -> bytes:
    """Draw an SVG to PNG. Entities and DTDs are refused outright (XXE, billion laughs), and so is
    any outside file or address: only what is inside the SVG itself is drawn."""
    import cairosvg.surface  # imported here: only a logo upload needs it

    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise LogoError(N_("The SVG may not contain a DOCTYPE or entities."))
    try:
        png = cairosvg.surface.PNGSurface.convert(bytestring=data, output_width=LOGO_BOX[0], unsafe=False,
                                                  url_fetcher=_refuse_fetch)
    except LogoError:
        raise
    except Exception:  # any parse or drawing failure of an untrusted file is the file's fault
        raise LogoError(N_("The SVG could not be read as an image.")) from None
    return png  # type: ignore[no-any-return]


def _reencode(data: bytes) -> bytes:
    """Decode the PNG and write it again (no text chunks, no trailing bytes), fitted in LOGO_BOX."""
    from PIL import Image  # Pillow, installed with WeasyPrint

    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format != "PNG":
                raise LogoError(N_("The file is not a PNG or SVG image."))
            if img.width * img.height > MAX_SOURCE_PIXELS or not img.width or not img.height:
                raise LogoError(N_("The image is too large: at most 4000 × 4000 pixels."))
            img.load()
            picture = img.convert("RGBA")
    except LogoError:
        raise
    except Exception:  # a broken or hostile PNG: refused, never a 500
        raise LogoError(N_("The PNG could not be read as an image.")) from None
    picture.thumbnail(LOGO_BOX)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def contrast_with_white(hex_colour: str) -> float:
    """The WCAG contrast ratio between white text and a '#rrggbb' background."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)
    return 1.05 / (luminance + 0.05)


def clean_accent(text: str) -> str:
    """'' or a lower-case '#rrggbb' that white text on it reads at WCAG AA; else FormError."""
    text = text.strip()
    if not text:
        return ""
    found = HEX.match(text)
    if not found:
        raise FormError({"accent": N_("Write the colour as # and six hexadecimal digits, like #1a5276.")})
    colour = "#" + found.group(1).lower()
    ratio = contrast_with_white(colour)
    if ratio < AA_NORMAL_TEXT:
        raise FormError(
            {"accent": N_("White text on %(colour)s has a contrast of %(ratio)s:1; WCAG AA needs at "
                          "least 4.5:1. Choose a darker colour.")},
            {"accent": {"colour": colour, "ratio": f"{int(ratio * 100) / 100:.2f}"}},
        )
    return colour


def save(session: Session, admin: User, display_name: str, accent: str, logo: bytes | None,
         remove_logo: bool = False) -> None:
    """Check everything first, then store it: a refused field changes nothing."""
    errors: dict[str, str] = {}
    args: dict[str, dict] = {}
    name = display_name.strip()
    if len(name) > 200:
        errors["display_name"] = N_("Write at most 200 characters.")
    try:
        colour = clean_accent(accent)
    except FormError as error:
        errors.update(error.errors)
        args.update(error.args_for)
        colour = ""
    png = None
    if logo:
        try:
            png = clean_logo(logo)
        except LogoError as error:
            errors["logo"] = str(error)
    if errors:
        raise FormError(errors, args)
    row = session.get(OrganisationBrand, admin.organisation_id) or OrganisationBrand(
        organisation_id=admin.organisation_id)
    row.display_name, row.accent, row.updated_at = name, colour, utcnow()
    if png is not None:
        row.logo_base64, row.logo_sha = base64.b64encode(png).decode(), hashlib.sha256(png).hexdigest()
    elif remove_logo:
        row.logo_base64, row.logo_sha = "", ""
    session.add(row)
    audit.record(session, admin, "organisation.brand", name or "", organisation_id=admin.organisation_id)
