"""Not-understood messages: groups, staff labels, export as Rasa NLU YAML."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from console.dependencies import (
    CsrfChecked,
    DbDep,
    LoggedIn,
    SettingsDep,
    TrackerDep,
)
from console.models import NluLabel, utcnow
from console.not_understood import OUT_OF_SCOPE, contract_intents, message_key, nlu_yaml
from console.reports import PERIODS, days_or_default, labels, not_understood_groups
from console.templating import templates

router = APIRouter()
NO_LABEL = ""


@router.get("/not-understood")
def page(
    request: Request,
    session: LoggedIn,
    db: DbDep,
    settings: SettingsDep,
    tracker: TrackerDep,
    days: int = 30,
) -> HTMLResponse:
    days = days_or_default(days)
    return templates.TemplateResponse(
        request,
        "not_understood.html",
        {
            "session": session,
            "nav": "not_understood",
            "days": days,
            "periods": PERIODS,
            "groups": not_understood_groups(settings, db, tracker, days),
            "intents": [i for i in contract_intents(settings.domain_dir) if i != OUT_OF_SCOPE],
            "out_of_scope": OUT_OF_SCOPE,
            "labelled": len(labels(db)),
        },
    )


@router.post("/not-understood/label")
def label(
    session: CsrfChecked,
    db: DbDep,
    settings: SettingsDep,
    texts: Annotated[list[str] | None, Form()] = None,
    intent: Annotated[str, Form()] = NO_LABEL,
    days: Annotated[int, Form()] = 30,
) -> RedirectResponse:
    if intent != NO_LABEL and intent not in contract_intents(settings.domain_dir):
        raise HTTPException(422, "Ý định không có trong danh sách.")
    for text in (texts or [])[:500]:
        key = message_key(text)
        found = db.get(NluLabel, key)
        if intent == NO_LABEL:
            if found:
                db.delete(found)
        elif found:
            found.intent, found.staff_id, found.at = intent, session.staff_id, utcnow()
        else:
            db.add(NluLabel(key=key, text=text, intent=intent, staff_id=session.staff_id))
    db.commit()
    return RedirectResponse(f"/not-understood?days={days_or_default(days)}", status_code=303)


@router.get("/not-understood/export.yml")
def export(
    session: LoggedIn,
    db: DbDep,
) -> Response:
    examples: dict[str, list[str]] = {}
    for item in db.query(NluLabel).all():
        examples.setdefault(item.intent, []).append(item.text)
    return Response(
        nlu_yaml(examples),
        media_type="application/x-yaml; charset=utf-8",
        headers={
            "Content-Disposition": (
                f'attachment; filename="nlu-tu-bang-dieu-khien-{date.today():%Y%m%d}.yml"'
            )
        },
    )
