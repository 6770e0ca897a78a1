"""Dossier look-up: code + last 4 digits of the registered phone number."""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import sqlite3

from fastapi import APIRouter

from ..db import get_dossier, get_phone
from ..dependencies import ClientDep, ClockDep, DbDep, LimitsDep
from ..errors import APIError
from ..masking import mask_name
from ..models import (
    DossierStatus,
    HistoryItem,
    InvalidInputError,
    LookupRequest,
    NotFoundError,
    TooManyAttemptsError,
)
from ..seed_file import DossierRecord
from ..statuses import OVERDUE_STATUSES, status_label

logger = logging.getLogger("dossier_service")

router = APIRouter(prefix="/api/v1/dossiers", tags=["dossiers"])


def is_overdue(due_at: dt.datetime, status: int, now: dt.datetime) -> bool:
    """Quá hạn: the due date has passed and the dossier is still open (1, 2, 4, 5, 6)."""
    return status in OVERDUE_STATUSES and due_at < now


def to_status(row: DossierRecord, now: dt.datetime) -> DossierStatus:
    return DossierStatus(
        code=row.code,
        procedure_code=row.procedure_code,
        procedure_name=row.procedure_name,
        applicant_name_masked=mask_name(row.applicant_name),
        receiving_unit=row.receiving_unit,
        submitted_at=row.submitted_at,
        due_at=row.due_at,
        completed_at=row.completed_at,
        status=row.status,
        status_label=status_label(row.status),
        status_note=row.status_note,
        overdue=is_overdue(row.due_at, row.status, now),
        result_delivery=row.result_delivery,
        fee=row.fee,
        payment=row.payment,
        history=[
            HistoryItem(at=h.at, status=h.status, status_label=status_label(h.status), note=h.note)
            for h in row.history
        ],
    )


@router.post(
    "/lookup",
    response_model=DossierStatus,
    summary="Look up a dossier's status",
    description=(
        "Returns a dossier's status when the code and the last 4 digits of the phone number "
        "registered with it match. An unknown code and a wrong pair get the same 404. "
        "Failed look-ups are limited per code (after DOSSIER_LOOKUP_MAX_FAILURES failures the "
        "code is locked for DOSSIER_LOOKUP_LOCK_SECONDS, doubling with each further failure up "
        "to DOSSIER_LOOKUP_MAX_LOCK_SECONDS; a success clears them) and per client address "
        "(DOSSIER_CLIENT_MAX_FAILURES within DOSSIER_CLIENT_WINDOW_SECONDS). A locked look-up "
        "is refused with 429, a reason and Retry-After, without checking the pair."
    ),
    responses={
        400: {
            "model": InvalidInputError,
            "description": "Malformed code, phone_last4 not 4 digits, or bad JSON.",
        },
        404: {
            "model": NotFoundError,
            "description": "Unknown code, or wrong last 4 digits (same body).",
        },
        429: {
            "model": TooManyAttemptsError,
            "description": "Too many failed look-ups of this code, or from this client.",
            "headers": {
                "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
            },
        },
    },
)
def lookup(
    body: LookupRequest, conn: DbDep, limits: LimitsDep, client: ClientDep, clock: ClockDep
) -> DossierStatus:
    now = clock.now()
    code = body.code  # already normalised by the model

    # Check, verify and record in one transaction: parallel guesses cannot overshoot.
    row = None
    with limits.attempt(conn, code, client, now.timestamp()) as attempt:
        refusal = attempt.refusal()
        if refusal is None:
            row = _matching_dossier(conn, code, body.phone_last4)
            if row is None:
                attempt.failed()
            else:
                attempt.succeeded()

    if refusal is not None:
        logger.info(
            "lookup code=%s result=%s retry_after=%d", code, refusal.reason, refusal.retry_after
        )
        raise APIError(
            429,
            {
                "error": "too_many_attempts",
                "reason": refusal.reason,
                "retry_after": refusal.retry_after,
            },
            headers={"Retry-After": str(refusal.retry_after)},
        )
    if row is None:
        logger.info("lookup code=%s result=not_found", code)
        raise APIError(404, {"error": "not_found"})

    logger.info("lookup code=%s result=found status=%d", code, row.status)
    return to_status(row, now)


def _matching_dossier(
    conn: sqlite3.Connection, code: str, phone_last4: str
) -> DossierRecord | None:
    """The dossier when the pair matches. An unknown code and a wrong pair take the same
    path; the rest of the dossier is read only once the pair matches."""
    phone = get_phone(conn, code)
    expected = phone[-4:] if phone is not None else "\x00\x00\x00\x00"
    matches = hmac.compare_digest(expected.encode(), phone_last4.encode())
    return get_dossier(conn, code) if phone is not None and matches else None
