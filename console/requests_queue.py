"""Hand-off requests: created by the assistant, taken and closed by staff.

Phone numbers are shown masked in lists and in full only on a request's own page;
done requests lose their phone number after the retention period.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import delete, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from console.models import HandoffRequest, PhoneHold, RequestNote, Staff, utcnow
from console.security import as_utc, new_token

HOLD_LIFETIME = timedelta(hours=1)


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    return phone[:2] + "*" * (len(phone) - 5) + phone[-3:]


def hold_phone(db: Session, phone: str) -> str:
    token = new_token()
    db.add(PhoneHold(token=token, phone=phone))
    db.commit()
    return token


def drop_hold(db: Session, token: str) -> None:
    db.execute(delete(PhoneHold).where(PhoneHold.token == token))
    db.commit()


def take_hold(db: Session, token: str | None) -> str | None:
    """The held number, removed from the holds; None if unknown or expired."""
    if not token:
        return None
    hold = db.get(PhoneHold, token)
    if hold is None:
        return None
    db.delete(hold)

    if as_utc(hold.created_at) < utcnow() - HOLD_LIFETIME:
        return None
    return hold.phone


def create_request(db: Session, **fields: Any) -> HandoffRequest:
    request = HandoffRequest(**fields)
    db.add(request)
    db.commit()
    return request


def list_requests(db: Session, status: str | None = None) -> list[HandoffRequest]:
    query = select(HandoffRequest).order_by(HandoffRequest.created_at.desc())
    if status:
        query = query.where(HandoffRequest.status == status)
    return list(db.scalars(query))


def set_status(db: Session, request: HandoffRequest, status: str, staff: Staff) -> None:
    now = utcnow()
    request.status = status
    if status == "in_progress":
        request.assignee_id = staff.id
        request.taken_at = now
        request.done_at = None
    elif status == "done":
        request.assignee_id = request.assignee_id or staff.id
        request.done_at = now
    else:
        request.done_at = None
    db.commit()


def add_note(db: Session, request: HandoffRequest, staff: Staff, text: str) -> None:
    db.add(RequestNote(request_id=request.id, staff_id=staff.id, text=text))
    db.commit()
    db.refresh(request)


def purge(db: Session, retention_days: int, now: datetime | None = None) -> int:
    """Erases the phone numbers of requests done more than ``retention_days`` ago, and
    holds never used. Returns how many requests lost their number."""
    now = now or utcnow()
    # An UPDATE gives a CursorResult (with rowcount); Session.execute is typed as Result.
    result = cast(
        "CursorResult[Any]",
        db.execute(
            update(HandoffRequest)
            .where(
                HandoffRequest.status == "done",
                HandoffRequest.done_at < now - timedelta(days=retention_days),
                HandoffRequest.phone.is_not(None),
            )
            .values(phone=None, phone_erased_at=now)
        ),
    )
    db.execute(delete(PhoneHold).where(PhoneHold.created_at < now - HOLD_LIFETIME))
    db.commit()
    return result.rowcount or 0
