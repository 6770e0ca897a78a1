"""Dashboard figures against counts computed directly from the tracker store."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support.console_app import csrf_of, new_request, now

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def rows(client, name, days=7):
    response = client.get(f"/export/{name}.csv?days={days}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))[1:]


@pytest.fixture
def filled(tracker, settings):
    """Conversations over the last days: questions, a fallback, lookups, a guide."""
    t = now()
    tracker.user("a", "quên mật khẩu vneid", "vneid_forgot_password", t - timedelta(days=2))
    tracker.action("a", "utter_vneid_forgot_password", t - timedelta(days=2))
    tracker.user("a", "tra cứu hồ sơ", "check_dossier_status", t - timedelta(days=2))
    tracker.slot("a", "lookup_outcome", "found:4", t - timedelta(days=2))
    tracker.user("b", "asdf qwer zxcv", "nlu_fallback", t - timedelta(hours=1), 0.2)
    tracker.action("b", "action_two_stage_fallback", t - timedelta(hours=1))
    tracker.user("b", "con mèo màu gì", "out_of_scope", t - timedelta(minutes=30))
    tracker.action("b", "action_default_fallback", t - timedelta(minutes=30))
    tracker.user("b", "tra cứu hồ sơ", "check_dossier_status", t - timedelta(minutes=20))
    tracker.slot("b", "lookup_outcome", "not_found", t - timedelta(minutes=20))
    tracker.user("c", "/volunteer_mode", "volunteer_mode", t - timedelta(minutes=10))
    tracker.slot("c", "guide", "vneid_activate", t - timedelta(minutes=10))
    # Too old for 7 days, inside 30.
    tracker.user("d", "xin chào", "greet", t - timedelta(days=20))
    outcomes = [
        {
            "at": (t - timedelta(minutes=5)).isoformat(),
            "conversation": "c",
            "guide": "vneid_activate",
            "outcome": "abandoned",
            "step": 3,
            "steps": 7,
        },
    ]
    settings.guide_outcomes_file.write_text(
        "\n".join(json.dumps(o) for o in outcomes) + "\n", encoding="utf-8"
    )
    return tracker


def direct(tracker, sql, *params):
    with sqlite3.connect(tracker.path) as db:
        return db.execute(sql, params).fetchall()


def start_of(days):
    today = datetime.now(VN).date()
    return datetime.combine(today - timedelta(days=days - 1), datetime.min.time(), VN).timestamp()


@pytest.mark.parametrize("days", [7, 30])
def test_conversations_per_day_equal_distinct_senders_per_day(client, filled, days):
    expected = {}
    for sender, stamp in direct(
        filled,
        "SELECT sender_id, timestamp FROM events WHERE type_name='user' AND timestamp >= ?",
        start_of(days),
    ):
        day = datetime.fromtimestamp(stamp, VN).strftime("%d/%m")
        expected.setdefault(day, set()).add(sender)
    figures = {day: int(count) for day, count in rows(client, "conversations", days)}
    assert len(figures) == days
    assert {d: c for d, c in figures.items() if c} == {d: len(s) for d, s in expected.items()}


def test_top_intents_and_fallback_rate_equal_direct_counts(client, filled):
    counted = dict(
        direct(
            filled,
            "SELECT intent_name, COUNT(*) FROM events WHERE type_name='user' "
            "AND timestamp >= ? GROUP BY intent_name",
            start_of(7),
        )
    )
    assert {i: int(c) for i, c in rows(client, "intents")} == counted
    total = sum(counted.values())
    fallback = dict(rows(client, "fallback"))
    assert int(fallback["Tin nhắn của người dân"]) == total
    # nlu_fallback, and the message the policies could not place (action_default_fallback).
    assert int(fallback["Tin nhắn chưa hiểu"]) == 2
    assert float(fallback["Tỉ lệ chưa hiểu (%)"]) == round(100 * 2 / total, 1)


def test_lookups_guides_and_handoffs(client, filled):
    assert dict(rows(client, "lookups")) == {"Tìm thấy – Đang xử lý": "1", "Không tìm thấy": "1"}
    [guide] = rows(client, "guides")
    assert guide == ["vneid_activate", "1", "0", "1", "bước 3: 1"]
    done = new_request(client)
    new_request(client, phone=None)
    token = csrf_of(client, "/requests")
    client.post(f"/requests/{done['id']}/status", data={"status": "done", "csrf_token": token})
    assert dict(rows(client, "handoffs")) == {"Mới": "1", "Đang xử lý": "0", "Đã xong": "1"}
    assert dict(rows(client, "closing"))["Yêu cầu đã xong"] == "1"


def test_dashboard_page_draws_each_chart_with_its_numbers(client, filled):
    page = client.get("/dashboard").text
    assert page.count("<svg") >= 4
    assert 'aria-label="Số cuộc trò chuyện mỗi ngày"' in page
    assert 'data-table="intents"' in page and "check_dossier_status" in page


def test_empty_tracker_store_gives_zeros_not_errors(client):
    assert client.get("/dashboard?days=30").status_code == 200
    assert all(count == "0" for _, count in rows(client, "conversations", 30))
