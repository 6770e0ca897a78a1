"""The figures behind the pages and the CSV exports, computed in one place."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.models import HandoffRequest, NluLabel
from console.not_understood import Group, group_messages
from console.requests_queue import list_requests, mask_phone
from console.settings import Settings
from console.stats import (
    CONTACT_NAMES,
    STATUS_NAMES,
    Table,
    build_dashboard,
    not_understood,
    period_start,
    read_guide_outcomes,
)
from console.tracker import TrackerReader

PERIODS = (7, 30)


def days_or_default(days: int) -> int:
    return days if days in PERIODS else PERIODS[0]


def dashboard_tables(
    settings: Settings, db: Session, tracker: TrackerReader, days: int
) -> list[Table]:
    tz = ZoneInfo(settings.timezone)
    start = period_start(days, tz)
    return build_dashboard(
        tracker.events_since(start),
        list(db.scalars(select(HandoffRequest))),
        read_guide_outcomes(settings.guide_outcomes_file, start),
        days,
        tz,
    )


def labels(db: Session) -> dict[str, str]:
    return {label.key: label.intent for label in db.scalars(select(NluLabel))}


def not_understood_groups(
    settings: Settings, db: Session, tracker: TrackerReader, days: int
) -> list[Group]:
    start = period_start(days, ZoneInfo(settings.timezone))
    return group_messages(not_understood(tracker.events_since(start)), labels(db))


def not_understood_table(groups: list[Group]) -> Table:
    table = Table(
        "not_understood", "Câu chưa hiểu", ["Nhóm", "Số lần", "Câu tiêu biểu", "Các câu", "Nhãn"]
    )
    for group in groups:
        table.rows.append(
            [
                group.id,
                group.count,
                group.example,
                " | ".join(group.samples[k] for k in group.texts),
                group.label or "",
            ]
        )
    return table


def requests_table(db: Session) -> Table:
    """The queue for export: phone numbers masked, as in the list."""
    table = Table(
        "requests",
        "Yêu cầu gặp cán bộ",
        [
            "Số",
            "Tạo lúc (UTC)",
            "Cách liên hệ",
            "Số điện thoại",
            "Khung giờ",
            "Nội dung",
            "Mã hồ sơ",
            "Trạng thái",
            "Người xử lý",
            "Xong lúc (UTC)",
            "Số ghi chú",
        ],
    )
    for item in list_requests(db):
        table.rows.append(
            [
                item.number,
                f"{item.created_at:%Y-%m-%d %H:%M}",
                CONTACT_NAMES.get(item.contact, item.contact),
                mask_phone(item.phone),
                item.window_label or "",
                item.topic,
                item.dossier_code or "",
                STATUS_NAMES.get(item.status, item.status),
                item.assignee.display_name if item.assignee else "",
                f"{item.done_at:%Y-%m-%d %H:%M}" if item.done_at else "",
                len(item.notes),
            ]
        )
    return table
