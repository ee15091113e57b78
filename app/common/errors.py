"""One JSON error shape for the API: a code, a message, and the fields at fault."""

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    """An error the client can act on; never a 500."""

    def __init__(
        self, status: int, code: str, message: str, errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors or []


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

    @app.exception_handler(ApiError)
    async def _api_error(_req: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(_body(exc.code, exc.message, exc.errors), status_code=exc.status)

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


_CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "too_large"}
