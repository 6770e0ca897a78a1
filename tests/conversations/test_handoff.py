"""Hand-off to a person over the REST channel, against the real stack and console:
the request lands in the console's database; the phone number never in the tracker store."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from tests.support.console import (
    StaffSession,
    console_requests,
    phone_holds,
    tracker_rows,
)
from tests.support.stack import VN, code_of, payloads, write_working_hours

CALLBACK = '/inform{"handoff_contact": "callback"}'
VISIT = '/inform{"handoff_contact": "visit"}'
PHONE = "0978 123 456"
PHONE_DIGITS = "0978123456"
MASKED = "09*****456"


@pytest.fixture(autouse=True)
def open_hours(stack):
    write_working_hours(stack.working_hours_file, open_now=True)
    yield
    write_working_hours(stack.working_hours_file, open_now=True)


def assert_no_phone_in_tracker(stack, sender):
    rows = tracker_rows(stack.tracker_db, sender)
    assert rows, "the conversation was not stored"
    for row in rows:
        for form in (PHONE_DIGITS, PHONE, PHONE_DIGITS[1:], "123 456"):
            assert form not in (row["data"] or ""), (form, row["type_name"], row["data"])


def request_of(stack, sender):
    [found] = [r for r in console_requests(stack.console_db) if r["conversation_id"] == sender]
    return found


def not_understood(tracker_db, start) -> int:
    """User messages (not buttons) classified nlu_fallback, or answered by
    action_default_fallback, counted straight from the events table."""
    with sqlite3.connect(tracker_db) as db:
        rows = db.execute(
            "SELECT sender_id, type_name, intent_name, action_name, data FROM events "
            "WHERE timestamp >= ? ORDER BY sender_id, id",
            (start.timestamp(),),
        ).fetchall()
    count = 0
    for i, (sender, kind, intent, _, data) in enumerate(rows):
        if kind != "user" or json.loads(data)["text"].startswith("/"):
            continue
        if intent == "nlu_fallback":
            count += 1
            continue
        for later in rows[i + 1 :]:
            if later[0] != sender or later[1] == "user":
                break
            if later[1] == "action" and later[3] != "action_listen":
                count += later[3] == "action_default_fallback"
                break
    return count


def start_callback(chat):
    messages = chat.say("cho tôi gặp cán bộ")
    assert CALLBACK in payloads(messages) and VISIT in payloads(messages)
    assert "10 chữ số" in chat.text(CALLBACK)


def test_callback_request_reaches_the_console_and_the_phone_stays_out_of_the_tracker(chat, stack):
    start_callback(chat)
    messages = chat.say(PHONE)
    windows = [p for p in payloads(messages) if "handoff_window" in p]
    assert windows, messages
    assert "/stop" in payloads(messages)
    assert "việc gì" in chat.text(windows[0])
    confirm = chat.text("hồ sơ khai sinh của con tôi quá hẹn")
    assert MASKED in confirm and "hồ sơ khai sinh của con tôi quá hẹn" in confirm
    assert PHONE_DIGITS not in confirm
    done = chat.text("/affirm")
    request = request_of(stack, chat.sender)
    assert f"YC-{request['id']:06d}" in done
    # Less than 30 minutes before midnight (Vietnam), the window offered is tomorrow's.
    tomorrow = datetime.now(VN).date() + timedelta(days=1)
    days = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
    late = f"cả ngày {days[tomorrow.weekday()]} {tomorrow:%d/%m}"
    assert MASKED in done and ("cả ngày hôm nay" in done or late in done), done
    assert request["contact"] == "callback" and request["phone"] == PHONE_DIGITS
    assert request["topic"] == "hồ sơ khai sinh của con tôi quá hẹn"
    assert request["status"] == "open" and request["window_start"]
    assert_no_phone_in_tracker(stack, chat.sender)


def test_visit_request_prefills_the_topic_from_the_last_question(chat, stack):
    chat.text("quên mật khẩu vneid")
    chat.say("/human_handoff")
    confirm = chat.text(VISIT)
    assert "Quên mật khẩu / passcode VNeID" in confirm and "đến trung tâm" in confirm
    done = chat.text("/affirm")
    request = request_of(stack, chat.sender)
    assert f"YC-{request['id']:06d}" in done and "đang làm việc đến 23:59" in done
    assert request["contact"] == "visit" and request["phone"] is None
    assert request["topic"] == "Quên mật khẩu / passcode VNeID"


def test_edit_the_topic_before_sending(chat, stack):
    chat.text("quên mật khẩu vneid")
    chat.say("/human_handoff")
    chat.text(VISIT)
    assert "việc gì" in chat.text('/inform{"handoff_confirm": "edit"}')
    assert "đổi số điện thoại trên VNeID" in chat.text("đổi số điện thoại trên VNeID")
    chat.text("/affirm")
    assert request_of(stack, chat.sender)["topic"] == "đổi số điện thoại trên VNeID"


def test_declining_sends_nothing(chat, stack):
    chat.say("/human_handoff")
    reply = chat.text("/deny")
    assert "không gửi yêu cầu nào" in reply
    assert not [
        r for r in console_requests(stack.console_db) if r["conversation_id"] == chat.sender
    ]


def test_cancelling_after_the_phone_drops_it_from_the_console(chat, stack):
    start_callback(chat)
    holds = phone_holds(stack.console_db)
    messages = chat.say(PHONE)
    assert phone_holds(stack.console_db) == holds + 1
    reply = chat.text("/stop")
    assert "không gửi yêu cầu nào" in reply
    assert phone_holds(stack.console_db) == holds
    assert not [
        r for r in console_requests(stack.console_db) if r["conversation_id"] == chat.sender
    ]
    assert_no_phone_in_tracker(stack, chat.sender)
    assert messages


def test_invalid_phone_is_asked_again_with_the_format(chat, stack):
    start_callback(chat)
    reply = chat.text("12345")
    assert "chưa đúng" in reply and "10 chữ số" in reply and "0912 345 678" in reply
    reply = chat.text("số tôi là 0987 654")
    assert "chưa đúng" in reply
    messages = chat.say("0987 654 321")
    assert any("handoff_window" in p for p in payloads(messages))
    assert_no_phone_in_tracker(stack, chat.sender)


def test_outside_working_hours_says_the_next_working_time(chat, stack):
    write_working_hours(stack.working_hours_file, open_now=False)
    tomorrow = datetime.now(VN).date() + timedelta(days=1)
    start_callback(chat)
    messages = chat.say(PHONE)
    text = "\n".join(m.get("text", "") for m in messages)
    assert "ngoài giờ làm việc" in text and "lúc 00:00" in text and f"{tomorrow:%d/%m}" in text
    windows = [p for p in payloads(messages) if "handoff_window" in p]
    assert windows and all(tomorrow.isoformat() in p for p in windows)
    chat.text(windows[0])
    chat.text("cần hỏi về hồ sơ đất đai")
    done = chat.text("/affirm")
    assert f"{tomorrow:%d/%m}" in done and "YC-" in done

    visitor = type(chat)(stack.rasa_url)
    visitor.say("/human_handoff")
    visitor.text(VISIT)
    visitor.text("nộp hồ sơ khai sinh")
    done = visitor.text("/affirm")
    assert "hết giờ làm việc" in done and f"{tomorrow:%d/%m}" in done


def test_handoff_offered_by_the_fallback(chat, stack):
    messages = chat.say("xkcd qwzx blorf")
    assert "/human_handoff" in payloads(messages)
    assert CALLBACK in payloads(chat.say("/human_handoff"))
    confirm = chat.text(VISIT)
    assert "xkcd qwzx blorf" in confirm
    chat.text("/affirm")
    assert "xkcd qwzx blorf" in request_of(stack, chat.sender)["topic"]


def test_handoff_from_the_lookups_way_out_carries_the_dossier_code(chat, stack, seed):
    code = code_of(seed, 0)
    chat.text("tra cứu hồ sơ")
    chat.text(code)
    messages = chat.say("/lookup_way_out")  # "Không nhớ số điện thoại"
    assert "/human_handoff" in payloads(messages)
    chat.say("/human_handoff")
    confirm = chat.text(VISIT)
    assert code in confirm and "Tra cứu hồ sơ" in confirm
    chat.text("/affirm")
    request = request_of(stack, chat.sender)
    assert request["dossier_code"] == code and code in request["topic"]


def test_handoff_from_inside_the_lookup_form(chat):
    assert "mã hồ sơ" in chat.text("tra cứu hồ sơ")
    assert CALLBACK in payloads(chat.say("/human_handoff"))
    assert "10 chữ số" in chat.text(CALLBACK)


def test_console_down_gets_an_apology_and_the_hotline(chat, stack):
    console = next(s for s in stack.services if s.name == "staff console")
    start_callback(chat)
    console.stop()
    try:
        reply = chat.text(PHONE)
        assert "sự cố" in reply and "18001096" in reply
    finally:
        console.start(stack.env)
        console.wait_healthy()
    assert_no_phone_in_tracker(stack, chat.sender)


def test_dashboard_counts_equal_the_tracker_store(chat, stack):
    """The console's figures against counts computed here from the same tracker store."""
    chat.text("quên mật khẩu vneid")
    chat.say("/human_handoff")
    chat.text(VISIT)
    chat.text("/affirm")
    staff = StaffSession(stack.console_url, stack.console_db)

    start = datetime.combine(datetime.now(VN).date() - timedelta(days=6), datetime.min.time(), VN)
    users = [
        r
        for r in tracker_rows(stack.tracker_db)
        if r["type_name"] == "user" and r["timestamp"] >= start.timestamp()
    ]
    intents = Counter(r["intent_name"] for r in users)
    top = {name: int(count) for name, count in staff.csv("intents")}
    assert all(intents[name] == count for name, count in top.items())
    assert len(top) == min(10, len(intents))
    assert all(count <= min(top.values()) for name, count in intents.items() if name not in top)
    assert top["human_handoff"] == intents["human_handoff"] >= 1

    today = datetime.now(VN).strftime("%d/%m")
    senders_today = {
        r["sender_id"]
        for r in users
        if datetime.fromtimestamp(r["timestamp"], timezone.utc).astimezone(VN).strftime("%d/%m")
        == today
    }
    assert dict(staff.csv("conversations"))[today] == str(len(senders_today))

    fallback = dict(staff.csv("fallback"))
    assert int(fallback["Tin nhắn của người dân"]) == len(users)
    missed = sum(
        1
        for r in users
        if r["intent_name"] == "nlu_fallback" and not json.loads(r["data"])["text"].startswith("/")
    )
    assert int(fallback["Tin nhắn chưa hiểu"]) >= missed

    statuses = Counter(r["status"] for r in console_requests(stack.console_db))
    handoffs = dict(staff.csv("handoffs"))
    assert int(handoffs["Mới"]) == statuses["open"] >= 1
