"""FastAPI dependencies: settings, database session, tracker reader, the logged-in
staff member, CSRF check, internal API authentication."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, cast

from fastapi import Depends, Form, HTTPException, Request
from sqlalchemy.orm import Session

from console.models import StaffSession
from console.security import SESSION_COOKIE, find_session, same
from console.settings import Settings
from console.tracker import TrackerReader


class NotLoggedIn(Exception):
    """Raised by pages without a valid session; answered with a redirect to /login."""


def get_settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.sessionmaker() as db:
        yield db


def get_tracker(request: Request) -> TrackerReader:
    return cast(TrackerReader, request.app.state.tracker)


DbDep = Annotated[Session, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TrackerDep = Annotated[TrackerReader, Depends(get_tracker)]


def current_session(request: Request, db: DbDep) -> StaffSession:
    found = find_session(db, request.cookies.get(SESSION_COOKIE))
    if found is None:
        raise NotLoggedIn()
    return found


LoggedIn = Annotated[StaffSession, Depends(current_session)]


def checked_csrf(session: LoggedIn, csrf_token: Annotated[str, Form()] = "") -> StaffSession:
    """Every form of a logged-in page carries the session's CSRF token."""
    if not same(csrf_token, session.csrf_token):
        raise HTTPException(403, "Phiên làm việc không hợp lệ: tải lại trang rồi thử lại.")
    return session


CsrfChecked = Annotated[StaffSession, Depends(checked_csrf)]


def internal_caller(request: Request, settings: SettingsDep) -> None:
    """The internal API: loopback (or the configured hosts) and the shared secret."""
    if not settings.api_token:
        raise HTTPException(503, "internal API disabled: CONSOLE_API_TOKEN is not set")
    client = request.client.host if request.client else ""
    if client not in settings.internal_host_set:
        raise HTTPException(403, "internal API: caller not allowed")
    header = request.headers.get("authorization", "")
    if not same(header.removeprefix("Bearer ").strip(), settings.api_token):
        raise HTTPException(401, "internal API: bad token")
