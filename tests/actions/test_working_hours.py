"""Working hours: current period, next opening, call-back periods, holidays."""

from __future__ import annotations

from datetime import datetime

from actions.working_hours import DEFAULT_FILE, load_working_hours

HOURS = load_working_hours(DEFAULT_FILE)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HOURS.tz)


def test_inside_a_period():
    now = at("2026-12-02T09:00")  # a Wednesday
    assert HOURS.current_period(now).start == at("2026-12-02T07:30")
    periods = HOURS.callback_periods(now)
    assert [p.key for p in periods] == [
        "2026-12-02T07:30/11:30",
        "2026-12-02T13:30/17:00",
        "2026-12-03T07:30/11:30",
        "2026-12-03T13:30/17:00",
    ]
    assert HOURS.describe(periods[1], now) == "chiều hôm nay (13:30–17:00)"
    assert HOURS.describe(periods[2], now) == "sáng thứ Năm 03/12 (07:30–11:30)"


def test_a_period_nearly_over_is_not_offered():
    now = at("2026-12-02T16:45")
    assert [p.key for p in HOURS.callback_periods(now)][0] == "2026-12-03T07:30/11:30"


def test_friday_evening_opens_on_monday():
    now = at("2026-12-04T18:00")  # Friday
    assert HOURS.current_period(now) is None
    opening = HOURS.next_opening(now)
    assert opening.start == at("2026-12-07T07:30")
    assert HOURS.describe_opening(opening, now) == "lúc 07:30 thứ Hai 07/12"


def test_public_holidays_are_closed():
    now = at("2026-04-29T18:00")  # the next two days are 30/4 and 1/5
    assert HOURS.next_opening(now).start == at("2026-05-04T07:30")
    assert HOURS.current_period(at("2026-09-02T09:00")) is None
