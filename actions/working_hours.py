"""The centre's working hours and public holidays: what is open now, what comes next.

Read from ``actions/working_hours.yml`` (or ``WORKING_HOURS_FILE``) on every call, so
the centre can change it without restarting the action server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Dict, List
from zoneinfo import ZoneInfo

import yaml

DEFAULT_FILE = Path(__file__).parent / "working_hours.yml"
# A call-back period is offered today only if this much of it is left.
MIN_LEFT = timedelta(minutes=30)
SEARCH_DAYS = 31


@dataclass(frozen=True)
class Period:
    """One working period on one day, e.g. Wednesday 02/12, 07:30-11:30."""

    start: datetime
    end: datetime
    label: str

    @property
    def key(self) -> str:
        """A stable value for a button payload: 2026-12-02T07:30/11:30."""
        return f"{self.start:%Y-%m-%dT%H:%M}/{self.end:%H:%M}"


@dataclass(frozen=True)
class WorkingHours:
    tz: ZoneInfo
    working_days: frozenset
    periods: tuple  # of (time, time, label)
    yearly_holidays: frozenset  # "MM-DD"
    holidays: frozenset  # date
    wording: Dict[str, Any]

    def now(self) -> datetime:
        return datetime.now(self.tz)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() in self.working_days
            and f"{day:%m-%d}" not in self.yearly_holidays
            and day not in self.holidays
        )

    def periods_on(self, day: date) -> List[Period]:
        if not self.is_working_day(day):
            return []
        return [
            Period(
                datetime.combine(day, start, self.tz), datetime.combine(day, end, self.tz), label
            )
            for start, end, label in self.periods
        ]

    def current_period(self, now: datetime | None = None) -> Period | None:
        now = now or self.now()
        return next((p for p in self.periods_on(now.date()) if p.start <= now < p.end), None)

    def next_opening(self, now: datetime | None = None) -> Period | None:
        """The next period that has not started yet."""
        now = now or self.now()
        for offset in range(SEARCH_DAYS):
            for period in self.periods_on(now.date() + timedelta(days=offset)):
                if period.start > now:
                    return period
        return None

    def callback_periods(self, now: datetime | None = None) -> List[Period]:
        """What is left of today's periods, then the next working day's periods."""
        now = now or self.now()
        today = [p for p in self.periods_on(now.date()) if p.end - max(now, p.start) >= MIN_LEFT]
        for offset in range(1, SEARCH_DAYS):
            later = self.periods_on(now.date() + timedelta(days=offset))
            if later:
                return today + later
        return today

    def period_for_key(self, key: str, now: datetime | None = None) -> Period | None:
        return next((p for p in self.callback_periods(now) if p.key == key), None)

    def day_text(self, day: date, now: datetime | None = None) -> str:
        now = now or self.now()
        if day == now.date():
            return self.wording["today"]
        return f"{self.wording['weekdays'][day.weekday()]} {day:%d/%m}"

    def describe(self, period: Period, now: datetime | None = None) -> str:
        return self.wording["period"].format(
            label=period.label,
            day=self.day_text(period.start.date(), now),
            start=f"{period.start:%H:%M}",
            end=f"{period.end:%H:%M}",
        )

    def describe_opening(self, period: Period, now: datetime | None = None) -> str:
        return self.wording["opening"].format(
            day=self.day_text(period.start.date(), now), start=f"{period.start:%H:%M}"
        )


def _clock(value: str) -> time:
    return datetime.strptime(str(value), "%H:%M").time()


def load_working_hours(path: Path | None = None) -> WorkingHours:
    path = Path(path or os.environ.get("WORKING_HOURS_FILE") or DEFAULT_FILE)
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    holidays = raw.get("public_holidays") or {}
    periods = tuple(
        (_clock(p["start"]), _clock(p["end"]), str(p.get("label", "")))
        for p in raw.get("periods") or []
    )
    return WorkingHours(
        tz=ZoneInfo(raw.get("timezone") or "Asia/Ho_Chi_Minh"),
        working_days=frozenset(int(d) for d in raw.get("working_days") or []),
        periods=periods,
        yearly_holidays=frozenset(str(d) for d in holidays.get("yearly") or []),
        holidays=frozenset(date.fromisoformat(str(d)) for d in holidays.get("dates") or []),
        wording=raw["wording"],
    )
