"""The queue of hand-off requests: list, one request, take, close, notes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from console.dependencies import (
    CsrfChecked,
    DbDep,
    LoggedIn,
    SettingsDep,
    TrackerDep,
)
from console.models import STATUSES, HandoffRequest
from console.requests_queue import add_note, list_requests, purge, set_status
from console.templating import templates

router = APIRouter()
MAX_NOTE = 2000


@router.get("/")
def home(session: LoggedIn) -> RedirectResponse:
    return RedirectResponse("/requests", status_code=303)


@router.get("/requests")
def queue(
    request: Request,
    session: LoggedIn,
    db: DbDep,
    settings: SettingsDep,
    status: str = "open",
) -> HTMLResponse:
    purge(db, settings.phone_retention_days)
    chosen = status if status in STATUSES else None
    return templates.TemplateResponse(
        request,
        "requests.html",
        {
            "session": session,
            "nav": "requests",
            "status": chosen or "all",
            "requests": list_requests(db, chosen),
            "counts": {s: len(list_requests(db, s)) for s in STATUSES},
        },
    )


def _request(db: Session, request_id: int) -> HandoffRequest:
    found = db.get(HandoffRequest, request_id)
    if found is None:
        raise HTTPException(404, "Không có yêu cầu này.")
    return found


@router.get("/requests/{request_id}")
def show(
    request: Request,
    request_id: int,
    session: LoggedIn,
    db: DbDep,
    tracker: TrackerDep,
) -> HTMLResponse:
    found = _request(db, request_id)
    return templates.TemplateResponse(
        request,
        "request.html",
        {
            "session": session,
            "nav": "requests",
            "item": found,
            "messages": tracker.last_messages(found.conversation_id),
        },
    )


@router.post("/requests/{request_id}/status")
def change_status(
    request_id: int,
    status: Annotated[str, Form()],
    session: CsrfChecked,
    db: DbDep,
) -> RedirectResponse:
    if status not in STATUSES:
        raise HTTPException(422, "Trạng thái không hợp lệ.")
    set_status(db, _request(db, request_id), status, session.staff)
    return RedirectResponse(f"/requests/{request_id}", status_code=303)


@router.post("/requests/{request_id}/notes")
def note(
    request_id: int,
    session: CsrfChecked,
    db: DbDep,
    text: Annotated[str, Form()] = "",
) -> RedirectResponse:
    text = text.strip()[:MAX_NOTE]
    if text:
        add_note(db, _request(db, request_id), session.staff, text)
    return RedirectResponse(f"/requests/{request_id}#notes", status_code=303)
