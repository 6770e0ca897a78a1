"""JSON error responses: every error is a small JSON object, never HTML."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger("dossier_service")


class APIError(Exception):
    """An error answered with ``body`` as JSON."""

    def __init__(self, status_code: int, body: dict, headers: dict[str, str] | None = None):
        self.status_code = status_code
        self.body = body
        self.headers = headers
        super().__init__(body.get("error", "error"))


def invalid_input(exc: RequestValidationError) -> dict:
    """The 400 body for a request-validation error (never echoes the input)."""
    errors = exc.errors()
    if not errors:
        return {"error": "invalid_input", "field": "body", "reason": "invalid request"}
    first = errors[0]
    loc = [str(part) for part in first.get("loc", ()) if part != "body"]
    if first.get("type") == "json_invalid" or not loc:
        field = "body"
    else:
        field = ".".join(loc)
    if first.get("type") == "json_invalid":
        reason = "request body is not valid JSON"
    elif first.get("type") == "missing":
        reason = "required" if field != "body" else "a JSON body is required"
    else:
        reason = str(first.get("msg", "invalid value"))
        reason = reason.removeprefix("Value error, ")
        if field == "body" and first.get("type") in ("model_attributes_type", "dict_type"):
            reason = 'must be a JSON object {"code": ..., "phone_last4": ...}'
    return {"error": "invalid_input", "field": field, "reason": reason}


def _error_name(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(APIError)
    async def api_error(request: Request, exc: APIError) -> JSONResponse:
        return JSONResponse(exc.body, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(invalid_input(exc), status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # a body FastAPI could not parse (e.g. invalid UTF-8)
            return JSONResponse(
                {
                    "error": "invalid_input",
                    "field": "body",
                    "reason": "request body is not valid JSON",
                },
                status_code=400,
            )
        return JSONResponse(
            {"error": _error_name(exc.status_code)},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        logger.error(
            "internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__
        )
        return JSONResponse({"error": "internal_error"}, status_code=500)
