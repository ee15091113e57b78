"""Static files under content-hashed names, cached for a year and never revalidated."""

import hashlib
import mimetypes
from functools import lru_cache
from pathlib import Path

from fastapi import HTTPException
from fastapi.responses import Response

from app.config import ROOT
from app.web.routing import Router

STATIC_DIR = ROOT / "static"
router = Router(include_in_schema=False)


@lru_cache
def manifest() -> dict[str, str]:
    """Logical name (`css/site.css`) to hashed name (`css/site.1a2b3c4d.css`)."""
    names = {}
    for path in sorted(p for p in STATIC_DIR.rglob("*") if p.is_file()):
        logical = path.relative_to(STATIC_DIR).as_posix()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        stem, dot, ext = logical.rpartition(".")
        names[logical] = f"{stem}.{digest}.{ext}" if dot else f"{logical}.{digest}"
    return names


@lru_cache
def _reverse() -> dict[str, Path]:
    return {hashed: STATIC_DIR / logical for logical, hashed in manifest().items()}


def static_url(logical: str) -> str:
    """The URL of a static file by its logical name; fails loudly on a typo."""
    return f"/static/{manifest()[logical]}"


@lru_cache
def inline(logical: str) -> str:
    """A static file's text, for the few bytes worth inlining (never scripts: CSP forbids)."""
    return (STATIC_DIR / logical).read_text(encoding="utf-8")


@router.get("/static/{name:path}")
def serve(name: str) -> Response:
    """Serve a hashed static file with immutable caching."""
    path = _reverse().get(name)
    if path is None:
        raise HTTPException(404, "No such file.")
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if media.startswith("text/") or media.endswith("javascript"):
        media += "; charset=utf-8"
    return Response(path.read_bytes(), media_type=media,
                    headers={"Cache-Control": "public, max-age=31536000, immutable"})


@router.get("/favicon.ico")
def favicon() -> Response:
    """The site icon where browsers look for it by themselves (static/favicon.ico, under 1 KB)."""
    return Response((STATIC_DIR / "favicon.ico").read_bytes(), media_type="image/x-icon",
                    headers={"Cache-Control": "public, max-age=86400"})
