"""One JSON error shape for the API: a code, a message, and the fields at fault."""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    """An error the client can act on; never a 500."""

    def __init__(
        self, status: int, code: str, message: str, errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors or []


class FieldErrorOut(BaseModel):
    """One field at fault."""

    field: str
    message: str


class ErrorOut(BaseModel):
    """Every error the API answers: a code, a message, and for 422 the fields at fault."""

    error: str
    message: str
    errors: list[FieldErrorOut] | None = None


_MEANINGS = {
    400: "The request cannot be read.",
    401: "No valid staff token, where one is needed.",
    403: "The token's role may not do this.",
    404: "Nothing at this address (or not published).",
    409: "The request conflicts with what is stored.",
    413: "The request body is larger than the limit.",
    422: "Invalid fields, control characters or an out-of-range value; the body names each field.",
    429: "Too many requests; try again later.",
}


def documented(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of an API route: the error statuses it may answer, in the one error shape.
    413 and 422 come with every route (the body limit and input checks sit in front of them all)."""
    return {code: {"model": ErrorOut, "description": _MEANINGS[code]} for code in sorted({*codes, 413, 422})}


def invalid(errors: list[dict[str, str]]) -> ApiError:
    """A 422 listing each field at fault."""
    return ApiError(422, "invalid", "The request has invalid fields.", errors)


def field_error(field: str, message: str) -> dict[str, str]:
    """One entry of an error list."""
    return {"field": field, "message": message}


def _body(code: str, message: str, errors: list[dict[str, str]] | None = None) -> dict:
    body: dict = {"error": code, "message": message}
    if errors:
        body["errors"] = errors
    return body


def _loc(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def install(app: FastAPI, html_page: Callable[[Request, int, str], Response] | None = None) -> None:
    """Register the handlers that turn every error into the shape above."""

    def _html(req: Request) -> bool:
        return html_page is not None and not req.url.path.startswith(("/api/", "/healthz", "/readyz"))

    @app.exception_handler(ApiError)
    async def _api_error(req: Request, exc: ApiError) -> Response:
        if _html(req) and html_page is not None:  # a page's service refused: a page says why
            return html_page(req, exc.status, exc.message)
        return JSONResponse(_body(exc.code, exc.message, exc.errors), status_code=exc.status)

    # The last net under input checks: a number the database cannot hold (an id beyond 2^31 on
    # PostgreSQL, 2^63 on SQLite) or text it refuses. The transaction has been rolled back already.
    @app.exception_handler(DataError)
    @app.exception_handler(OverflowError)
    async def _out_of_range(req: Request, _exc: Exception) -> Response:
        if _html(req) and html_page is not None:
            return html_page(req, 404, "Page not found")
        body = _body("invalid", OUT_OF_RANGE, [field_error("body", OUT_OF_RANGE)])
        return JSONResponse(body, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def _validation(_req: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for err in exc.errors():
            if err["type"] == "json_invalid":
                errors.append(field_error("body", "The body is not valid JSON."))
            else:
                errors.append(field_error(_loc(tuple(err["loc"])), err["msg"]))
        return JSONResponse(
            _body("invalid", "The request has invalid fields.", errors), status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(req: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "Request failed."
        if html_page is not None and not req.url.path.startswith(("/api/", "/healthz")):
            return html_page(req, exc.status_code, message)
        return JSONResponse(
            _body(_CODES.get(exc.status_code, "error"), message),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )


OUT_OF_RANGE = "A value is out of range or holds characters that cannot be stored."
_CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "too_large"}
