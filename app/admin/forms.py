"""Form errors for staff forms: field name -> msgid, translated when the page is rendered.

Services raise FormError; pages render it with `form_page` (app/admin/web.py).
"""

from typing import Any

# Re-exported until every page imports them from app.admin.web (campaigns and fieldwork still
# import them from here).
from app.admin.web import form_page, see_other
from app.i18n import N_


class FormError(ValueError):
    """Invalid form input: field name -> msgid (and format arguments)."""

    def __init__(self, errors: dict[str, str], args: dict[str, dict[str, Any]] | None = None) -> None:
        super().__init__("invalid form")
        self.errors = errors
        self.args_for = args or {}


__all__ = ["N_", "FormError", "form_page", "see_other"]
