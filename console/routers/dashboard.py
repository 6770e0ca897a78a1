"""Dashboard of the last 7 or 30 days."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from console.dependencies import (
    DbDep,
    LoggedIn,
    SettingsDep,
    TrackerDep,
)
from console.reports import PERIODS, dashboard_tables, days_or_default
from console.templating import templates

router = APIRouter()


@router.get("/dashboard")
def dashboard(
    request: Request,
    session: LoggedIn,
    db: DbDep,
    settings: SettingsDep,
    tracker: TrackerDep,
    days: int = 7,
) -> HTMLResponse:
    days = days_or_default(days)
    return templates.TemplateResponse(
        request,
        "dashboard.html",
        {
            "session": session,
            "nav": "dashboard",
            "days": days,
            "periods": PERIODS,
            "tables": dashboard_tables(settings, db, tracker, days),
        },
    )
