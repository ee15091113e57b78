"""Small helpers for staff forms: error collection with msgids translated at render time."""

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.web.templating import render


def N_(text: str) -> str:
    """Mark a msgid for extraction; it is translated when the page is rendered."""
    return text


class FormError(ValueError):
    """Invalid form input: field name -> msgid (and format arguments)."""

    def __init__(self, errors: dict[str, str], args: dict[str, dict[str, Any]] | None = None) -> None:
        super().__init__("invalid form")
        self.errors = errors
        self.args_for = args or {}


def form_page(
    request: Request,
    template: str,
    context: dict[str, Any],
    error: FormError | None = None,
) -> HTMLResponse:
    """Render a form page; with an error it answers 400 and shows each message next to its field."""
    context = {"errors": {}, "error_args": {}, **context}
    if error is not None:
        context["errors"] = error.errors
        context["error_args"] = error.args_for
    return render(request, template, context, status_code=400 if error else 200)


def see_other(url: str) -> RedirectResponse:
    """POST-redirect-GET."""
    return RedirectResponse(url, status_code=303)
