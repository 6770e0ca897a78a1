"""Jinja2 templates of the console's pages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi.templating import Jinja2Templates

from console.charts import chart
from console.requests_queue import mask_phone
from console.security import as_utc
from console.stats import CONTACT_NAMES, STATUS_NAMES

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def _local(value: datetime | None, tz: str = "Asia/Ho_Chi_Minh") -> str:
    if value is None:
        return ""
    return as_utc(value).astimezone(ZoneInfo(tz)).strftime("%d/%m/%Y %H:%M")


templates.env.filters["local"] = _local
templates.env.filters["masked"] = mask_phone
templates.env.globals.update(chart=chart, STATUS_NAMES=STATUS_NAMES, CONTACT_NAMES=CONTACT_NAMES)
