"""Dashboard figures for the last N days, from the tracker store and the console's data.

Each figure is a ``Table`` (title, headers, rows) so that the page, its chart and the
CSV export show the same numbers.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from console.models import HandoffRequest
from console.security import as_utc
from console.tracker import Event
from dossier_service.statuses import STATUS_LABELS

logger = logging.getLogger(__name__)

FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = {"action_default_fallback"}
TOP_INTENTS = 10
LOOKUP_LABELS = {
    "not_found": "Không tìm thấy",
    "rate_limited": "Bị giới hạn (tra sai nhiều lần)",
    "limited": "Bị giới hạn (tra sai nhiều lần)",
    "unavailable": "Dịch vụ tra cứu không phản hồi",
    "incomplete": "Thiếu mã hoặc 4 số cuối",
}
STATUS_NAMES = {"open": "Mới", "in_progress": "Đang xử lý", "done": "Đã xong"}
CONTACT_NAMES = {"callback": "Gọi lại", "visit": "Đến trung tâm"}


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    chart: str = "bars"  # bars | columns | none


def period_start(days: int, tz: ZoneInfo, now: datetime | None = None) -> datetime:
    """Local midnight ``days - 1`` days ago: the period includes today."""
    now = (now or datetime.now(timezone.utc)).astimezone(tz)
    first = now.date() - timedelta(days=days - 1)
    return datetime.combine(first, time(0), tz)


def not_understood(events: list[Event]) -> list[Event]:
    """User messages that ended in the fallback: NLU below threshold or no action fitted."""
    found = []
    for index, event in enumerate(events):
        if event.type_name != "user" or event.text.startswith("/"):
            continue
        if event.intent == FALLBACK_INTENT:
            found.append(event)
            continue
        for later in events[index + 1 :]:
            if later.sender_id != event.sender_id or later.type_name == "user":
                break
            if later.type_name == "action" and later.action != "action_listen":
                if later.action in FALLBACK_ACTIONS:
                    found.append(event)
                break
    return found


def lookup_label(value: str) -> str:
    if value.startswith("found:"):
        try:
            status = STATUS_LABELS[int(value.split(":", 1)[1])]
        except (KeyError, ValueError):
            status = value.split(":", 1)[1]
        return f"Tìm thấy – {status}"
    return LOOKUP_LABELS.get(value, value)


def read_guide_outcomes(path: Path, since: datetime) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    outcomes = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        logger.warning("guide outcomes unreadable: %s", exc)
        return []
    for line in lines:
        try:
            entry = json.loads(line)
            at = datetime.fromisoformat(entry["at"])
        except (ValueError, KeyError, TypeError):
            continue
        if as_utc(at) >= since:
            outcomes.append(entry)
    return outcomes


def build_dashboard(
    events: list[Event],
    requests: list[HandoffRequest],
    guide_outcomes: list[dict[str, Any]],
    days: int,
    tz: ZoneInfo,
    now: datetime | None = None,
) -> list[Table]:
    start = period_start(days, tz, now)
    events = [e for e in events if e.at >= start]
    users = [e for e in events if e.type_name == "user"]

    per_day: dict[date, set[str]] = {}
    for event in users:
        per_day.setdefault(event.at.astimezone(tz).date(), set()).add(event.sender_id)
    conversations = Table(
        "conversations",
        "Số cuộc trò chuyện mỗi ngày",
        ["Ngày", "Số cuộc trò chuyện"],
        chart="columns",
    )
    for offset in range(days):
        day = start.date() + timedelta(days=offset)
        conversations.rows.append([f"{day:%d/%m}", len(per_day.get(day, ()))])

    intents = Table("intents", "Ý định được hỏi nhiều nhất", ["Ý định", "Số tin nhắn"])
    counts = Counter(e.intent for e in users if e.intent)
    intents.rows = [[name, count] for name, count in counts.most_common(TOP_INTENTS)]

    missed = not_understood(events)
    rate = len(missed) / len(users) if users else 0.0
    fallback = Table("fallback", "Tỉ lệ câu chưa hiểu", ["Chỉ số", "Giá trị"], chart="none")
    fallback.rows = [
        ["Tin nhắn của người dân", len(users)],
        ["Tin nhắn chưa hiểu", len(missed)],
        ["Tỉ lệ chưa hiểu (%)", round(100 * rate, 1)],
    ]

    lookups = Table("lookups", "Tra cứu hồ sơ theo kết quả", ["Kết quả", "Số lần"])
    outcomes = Counter(
        lookup_label(str(e.data.get("value")))
        for e in events
        if e.type_name == "slot" and e.data.get("name") == "lookup_outcome" and e.data.get("value")
    )
    lookups.rows = [[label, count] for label, count in sorted(outcomes.items())]

    guides = Table(
        "guides",
        "Hướng dẫn từng bước: bắt đầu, hoàn thành, bỏ dở (theo bước)",
        ["Hướng dẫn", "Bắt đầu", "Hoàn thành", "Bỏ dở", "Bỏ dở ở bước"],
    )
    started = Counter(
        str(e.data.get("value"))
        for e in events
        if e.type_name == "slot" and e.data.get("name") == "guide" and e.data.get("value")
    )
    # Guide names and steps as read from the JSON lines: not checked, counted as they are.
    finished: Counter[Any] = Counter()
    abandoned: dict[Any, Counter[Any]] = {}
    for entry in guide_outcomes:
        if entry.get("outcome") == "finished":
            finished[entry.get("guide")] += 1
        elif entry.get("outcome") == "abandoned":
            abandoned.setdefault(entry.get("guide"), Counter())[entry.get("step")] += 1
    for guide in sorted(set(started) | set(finished) | set(abandoned)):
        steps = abandoned.get(guide, Counter())
        guides.rows.append(
            [
                guide,
                started.get(guide, 0),
                finished.get(guide, 0),
                sum(steps.values()),
                ", ".join(
                    f"bước {s}: {n}" for s, n in sorted(steps.items(), key=lambda x: str(x[0]))
                ),
            ]
        )

    handoffs = Table("handoffs", "Yêu cầu gặp cán bộ", ["Trạng thái", "Số yêu cầu"])
    recent = [r for r in requests if as_utc(r.created_at) >= start]
    by_status = Counter(r.status for r in recent)
    handoffs.rows = [[STATUS_NAMES[s], by_status.get(s, 0)] for s in STATUS_NAMES]
    hours = [
        (as_utc(r.done_at) - as_utc(r.created_at)).total_seconds() / 3600
        for r in recent
        if r.status == "done" and r.done_at
    ]
    closing = Table("closing", "Thời gian xử lý yêu cầu", ["Chỉ số", "Giá trị"], chart="none")
    closing.rows = [
        ["Yêu cầu đã xong", len(hours)],
        ["Thời gian trung bình (giờ)", round(sum(hours) / len(hours), 1) if hours else 0],
        ["Thời gian trung vị (giờ)", round(median(hours), 1) if hours else 0],
    ]
    return [conversations, intents, fallback, lookups, guides, handoffs, closing]
