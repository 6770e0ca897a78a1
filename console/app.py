"""The console's FastAPI application."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.base import RequestResponseEndpoint

from console.db import init_db, make_engine
from console.dependencies import NotLoggedIn
from console.requests_queue import purge
from console.routers import auth, dashboard, exports, health, internal, not_understood, requests
from console.settings import Settings
from console.tracker import TrackerReader

logger = logging.getLogger(__name__)
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(title="Bảng điều khiển cán bộ", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.engine = make_engine(settings)
    app.state.sessionmaker = init_db(app.state.engine)
    app.state.tracker = TrackerReader(settings)
    with app.state.sessionmaker() as db:
        erased = purge(db, settings.phone_retention_days)
        if erased:
            logger.info("erased the phone numbers of %d old requests", erased)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(NotLoggedIn)
    async def to_login(request: Request, exc: NotLoggedIn) -> RedirectResponse:
        return RedirectResponse("/login", status_code=303)

    app.mount(
        "/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static"
    )
    for router in (health, auth, requests, dashboard, not_understood, exports, internal):
        app.include_router(router.router)
    return app
