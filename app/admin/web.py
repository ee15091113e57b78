"""Staff form pages: render a form with its errors next to the fields, and POST-redirect-GET."""

from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.web.templating import render

if TYPE_CHECKING:  # only for the annotation: app.admin.forms re-exports this module's names
    from app.admin.forms import FormError


def form_page(
    request: Request,
    template: str,
    context: dict[str, Any],
    error: "FormError | None" = None,
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
