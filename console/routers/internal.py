"""The internal API the assistant's hand-off action calls (shared secret, loopback)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import BaseModel, Field, field_validator

from console.dependencies import (
    DbDep,
    internal_caller,
)
from console.requests_queue import create_request, drop_hold, hold_phone, take_hold
from dvc_common.redact import redact

router = APIRouter(prefix="/internal", dependencies=[Depends(internal_caller)])
PHONE = re.compile(r"0\d{9,10}")


class PhoneIn(BaseModel):
    phone: str

    @field_validator("phone")
    @classmethod
    def phone_format(cls, value: str) -> str:
        if not PHONE.fullmatch(value):
            raise ValueError("phone: 10 or 11 digits starting with 0")
        return value


class HoldOut(BaseModel):
    hold: str


class RequestIn(BaseModel):
    conversation_id: str = Field(min_length=1, max_length=255)
    channel: str | None = Field(None, max_length=64)
    contact: Literal["callback", "visit"]
    phone_hold: str | None = Field(None, max_length=64)
    window_start: datetime | None = None
    window_end: datetime | None = None
    window_label: str | None = Field(None, max_length=128)
    topic: str = Field("", max_length=1000)
    dossier_code: str | None = Field(None, max_length=64)
    timezone: str | None = None


class RequestOut(BaseModel):
    id: int
    number: str


@router.post("/phone-holds", status_code=201)
def new_hold(body: PhoneIn, db: DbDep) -> HoldOut:
    return HoldOut(hold=hold_phone(db, body.phone))


@router.delete("/phone-holds/{token}", status_code=204)
def delete_hold(token: str, db: DbDep) -> Response:
    drop_hold(db, token)
    return Response(status_code=204)


@router.post("/requests", status_code=201)
def new_request(body: RequestIn, db: DbDep) -> RequestOut:
    phone = take_hold(db, body.phone_hold)
    if body.contact == "callback" and not phone:
        raise HTTPException(422, "callback request without a valid phone hold")
    window_start, window_end = body.window_start, body.window_end
    if window_start and window_start.tzinfo is None and body.timezone:
        from zoneinfo import ZoneInfo

        window_start = window_start.replace(tzinfo=ZoneInfo(body.timezone))
        window_end = window_end.replace(tzinfo=ZoneInfo(body.timezone)) if window_end else None
    request = create_request(
        db,
        conversation_id=body.conversation_id,
        channel=body.channel,
        contact=body.contact,
        phone=phone,
        window_start=window_start,
        window_end=window_end,
        window_label=body.window_label,
        topic=redact(body.topic),
        dossier_code=body.dossier_code,
    )
    return RequestOut(id=request.id, number=request.number)
