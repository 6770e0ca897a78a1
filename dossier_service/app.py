"""Application factory."""

from __future__ import annotations

import logging
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Sequence

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from . import __version__
from .body_limit import BodySizeLimit
from .clients import parse_networks
from .clock import Clock, SystemClock
from .db import Database
from .errors import install_error_handlers
from .models import ErrorBody
from .ratelimit import LimitPolicy, LookupLimits, install
from .routers import dossiers, health
from .seed_file import DossierRecord, load_seed
from .settings import Settings

logger = logging.getLogger("dossier_service")

#: A look-up body is under 200 bytes; anything much larger is refused unread.
MAX_BODY_BYTES = 4096

DESCRIPTION = """\
Mock of the dossier-status look-up (tra cứu hồ sơ) used by the assistant "Trợ lý Dịch vụ công".

A dossier's details are returned only for the pair *dossier code* + *last 4 digits of the
phone number registered with it*. An unknown code and a wrong pair get the same answer,
failures are limited per code (exponential back-off) and per client address (trusting
X-Forwarded-For only from `TRUSTED_PROXIES`), the applicant's name is masked and the phone
number is never returned. Data comes from a seed file (`DOSSIER_SEED_FILE`, see
spec/dossier-seed.md)
loaded into SQLite at start-up.

Every response, errors included, is JSON: `{"error": "..."}` plus details.
"""


def create_app(
    settings: Settings | None = None,
    *,
    records: Sequence[DossierRecord] | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """Build the app. Loads and validates the seed now (raises ``seed.SeedError``)
    unless ``records`` are given already validated."""
    settings = settings or Settings()
    if records is None:
        records = load_seed(settings.seed_file)
    database = Database(settings.db)
    count = database.load(records)
    conn = database.connect()
    try:
        client_secret = install(conn)
    finally:
        conn.close()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        logger.info("serving %d dossiers from %s", count, settings.seed_file)
        yield
        database.close()

    app = FastAPI(
        title="Dossier status service (mock)",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs" if settings.docs else None,
        redoc_url=None,
        responses={
            413: {"model": ErrorBody, "description": f"Body over {MAX_BODY_BYTES} bytes."},
            500: {"model": ErrorBody, "description": "Unexpected error."},
        },
    )
    app.state.settings = settings
    app.state.database = database
    app.state.limits = LookupLimits(
        LimitPolicy(
            max_failures=settings.lookup_max_failures,
            window_seconds=settings.lookup_window_seconds,
            lock_seconds=settings.lookup_lock_seconds,
            max_lock_seconds=settings.lookup_max_lock_seconds,
            client_max_failures=settings.client_max_failures,
            client_window_seconds=settings.client_window_seconds,
        )
    )
    app.state.trusted_proxies = parse_networks(settings.trusted_proxies)
    app.state.client_secret = client_secret
    app.state.clock = clock or SystemClock()

    install_error_handlers(app)

    @app.middleware("http")
    async def log_requests(request: Request, call_next: Any) -> Any:
        # Logs method, path and status only: bodies (phone digits) are never logged.
        started = time.perf_counter()
        try:
            response = await call_next(request)
        except Exception as exc:  # noqa: BLE001 - turned into a JSON 500
            logger.error(
                "internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__
            )
            response = JSONResponse({"error": "internal_error"}, status_code=500)
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.info(
            "%s %s -> %d (%.1f ms)",
            request.method,
            request.url.path,
            response.status_code,
            elapsed_ms,
        )
        return response

    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    app.include_router(health.router)
    app.include_router(dossiers.router)

    def openapi() -> dict[str, Any]:
        # Request-validation errors are answered 400 (see errors.py), never 422.
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            for path_item in schema.get("paths", {}).values():
                for operation in path_item.values():
                    operation.get("responses", {}).pop("422", None)
            for name in ("HTTPValidationError", "ValidationError"):
                schema.get("components", {}).get("schemas", {}).pop(name, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
