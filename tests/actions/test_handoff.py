"""Hand-off form and actions, against a fake console (a real HTTP server)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.callback_phone import mask_phone, normalise_phone
from actions.handoff import (
    ActionAskHandoffWindow,
    ActionHandoffCancel,
    ActionHandoffSubmit,
    ValidateHandoffForm,
)
from actions.handoff_topic import last_dossier_code, prefill_topic
from tests.support.http import QuietHandler, send, serve, stop

FORM = ValidateHandoffForm()
DOMAIN = {
    "forms": {
        "handoff_form": {
            "required_slots": [
                "handoff_contact",
                "handoff_phone",
                "handoff_window",
                "handoff_topic",
                "handoff_confirm",
            ]
        }
    }
}
ALWAYS_OPEN = """
timezone: Asia/Ho_Chi_Minh
working_days: [0, 1, 2, 3, 4, 5, 6]
periods:
  - {start: "00:00", end: "23:59", label: "cả ngày"}
public_holidays: {yearly: [], dates: []}
wording:
  today: "hôm nay"
  weekdays: ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
  period: "{label} {day} ({start}–{end})"
  opening: "lúc {start} {day}"
"""


class FakeConsole:
    def __init__(self) -> None:
        self.calls: List[Dict[str, Any]] = []
        self.status = 201
        console = self

        class Handler(QuietHandler):
            def _body(self):
                length = int(self.headers.get("Content-Length") or 0)
                return json.loads(self.rfile.read(length) or b"{}")

            def do_POST(self):  # noqa: N802
                body = self._body()
                console.calls.append(
                    {"path": self.path, "json": body, "auth": self.headers.get("Authorization")}
                )
                if self.path == "/internal/phone-holds":
                    return send(self, console.status, json.dumps({"hold": "h-1"}).encode())
                send(self, console.status, json.dumps({"id": 7, "number": "YC-000007"}).encode())

            def do_DELETE(self):  # noqa: N802
                console.calls.append({"path": self.path, "method": "DELETE"})
                send(self, 204, b"")

        self.server, self.url = serve(Handler)

    def close(self) -> None:
        stop(self.server)


@pytest.fixture
def console(monkeypatch, tmp_path):
    fake = FakeConsole()
    monkeypatch.setenv("CONSOLE_URL", fake.url)
    monkeypatch.setenv("CONSOLE_API_TOKEN", "secret")
    hours = tmp_path / "hours.yml"
    hours.write_text(ALWAYS_OPEN, encoding="utf-8")
    monkeypatch.setenv("WORKING_HOURS_FILE", str(hours))
    yield fake
    fake.close()


def tracker(slots=None, text="", intent="inform", entities=None, requested=None, events=None):
    slots = dict(slots or {})
    slots["requested_slot"] = requested
    return Tracker(
        sender_id="conv-1",
        slots=slots,
        latest_message={"text": text, "intent": {"name": intent}, "entities": entities or []},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": "handoff_form"},
        latest_action_name="action_listen",
    )


async def run_form(t: Tracker):
    dispatcher = CollectingDispatcher()
    events = await FORM.run(dispatcher, t, DOMAIN)
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher.messages


def test_phone_numbers_are_normalised_and_masked():
    for typed in ("0912345678", "0912 345 678", "+84 912.345.678", "84912345678"):
        assert normalise_phone(typed) == "0912345678", typed
    assert normalise_phone("02437654321") == "02437654321"
    for bad in ("091234567", "1912345678", "0112345678", "số tôi là", ""):
        assert normalise_phone(bad) is None, bad
    assert mask_phone("0912345678") == "09*****678"


async def test_valid_phone_goes_to_the_console_and_only_a_mask_stays(console):
    slots, messages = await run_form(
        tracker({"handoff_contact": "callback"}, text="0912 345 678", requested="handoff_phone")
    )
    assert slots["handoff_phone"] == "09*****678"
    assert slots["handoff_phone_hold"] == "h-1"
    assert "0912345678" not in json.dumps(slots)
    [call] = console.calls
    assert call["json"] == {"phone": "0912345678"} and call["auth"] == "Bearer secret"


async def test_invalid_phone_is_asked_again_with_the_format(console):
    slots, messages = await run_form(
        tracker({"handoff_contact": "callback"}, text="12345", requested="handoff_phone")
    )
    assert slots["handoff_phone"] is None
    assert messages[0]["response"] == "utter_handoff_phone_invalid"
    assert console.calls == []


async def test_console_down_ends_the_form_for_an_apology(console):
    console.status = 503
    slots, _ = await run_form(
        tracker({"handoff_contact": "callback"}, text="0912345678", requested="handoff_phone")
    )
    assert slots["handoff_failed"] is True
    assert slots.get("handoff_phone_hold") is None
    assert slots["requested_slot"] is None


async def test_leaving_intents_are_left_to_the_rules(console):
    for intent in ("deny", "stop"):
        slots, _ = await run_form(tracker(text="thôi", intent=intent, requested="handoff_contact"))
        assert "handoff_contact" not in slots


async def test_typed_contact_choice_is_understood(console):
    slots, _ = await run_form(tracker(text="gọi lại cho tôi", requested="handoff_contact"))
    assert slots["handoff_contact"] == "callback"
    slots, _ = await run_form(tracker(text="tôi sẽ đến trung tâm", requested="handoff_contact"))
    assert slots["handoff_contact"] == "visit"
    slots, messages = await run_form(tracker(text="hmm", requested="handoff_contact"))
    assert slots["handoff_contact"] is None
    assert messages[0]["response"] == "utter_handoff_contact_invalid"


async def test_topic_prefilled_from_the_conversation_with_the_dossier_code(console):
    events = [
        {
            "event": "user",
            "text": "tra cứu hồ sơ",
            "parse_data": {"intent": {"name": "check_dossier_status"}},
        },
        {"event": "slot", "name": "dossier_code", "value": "000.00.12.H56-261015-0042"},
        {"event": "slot", "name": "dossier_code", "value": None},
        {
            "event": "user",
            "text": "/human_handoff",
            "parse_data": {"intent": {"name": "human_handoff"}},
        },
    ]
    slots, _ = await run_form(tracker(events=events, intent="human_handoff", text="/human_handoff"))
    assert slots["handoff_topic"] == "Tra cứu hồ sơ (000.00.12.H56-261015-0042)"


def test_topic_of_a_not_understood_message_is_its_words_redacted():
    events = [
        {
            "event": "user",
            "text": "máy tôi 0912345678 bị gì",
            "parse_data": {"intent": {"name": "nlu_fallback"}},
        },
        {
            "event": "user",
            "text": "/human_handoff",
            "parse_data": {"intent": {"name": "human_handoff"}},
        },
    ]
    topic = prefill_topic(events)
    assert "0912345678" not in topic and "máy tôi" in topic
    assert last_dossier_code(events, {}) is None


async def test_window_choice_is_checked_against_the_offered_periods(console):
    t = tracker({"handoff_contact": "callback"}, requested="handoff_window")
    dispatcher = CollectingDispatcher()
    ActionAskHandoffWindow().run(dispatcher, t, {})
    payloads = [b["payload"] for b in dispatcher.messages[-1]["buttons"]]
    key = json.loads(payloads[0].split("inform", 1)[1])["handoff_window"]
    slots, _ = await run_form(
        tracker(
            {"handoff_contact": "callback", "handoff_phone": "09*****678"},
            text=payloads[0],
            entities=[{"entity": "handoff_window", "value": key}],
            requested="handoff_window",
        )
    )
    # Within 30 minutes of midnight in Vietnam the first period offered is
    # tomorrow's, described by its date instead of "hôm nay".
    day_month = f"{key[8:10]}/{key[5:7]}"
    assert slots["handoff_window_key"] == key
    assert "cả ngày hôm nay" in slots["handoff_window"] or (
        "cả ngày " in slots["handoff_window"] and day_month in slots["handoff_window"]
    )
    slots, messages = await run_form(
        tracker(
            {"handoff_contact": "callback", "handoff_phone": "09*****678"},
            text="2020-01-01T08:00/11:00",
            requested="handoff_window",
        )
    )
    assert slots["handoff_window"] is None
    assert messages[0]["response"] == "utter_handoff_window_invalid"


async def test_edit_on_confirmation_asks_the_topic_again(console):
    slots, _ = await run_form(
        tracker(
            {"handoff_contact": "visit", "handoff_topic": "Tra cứu hồ sơ"},
            text='/inform{"handoff_confirm": "edit"}',
            entities=[{"entity": "handoff_confirm", "value": "edit"}],
            requested="handoff_confirm",
        )
    )
    assert slots["handoff_topic"] is None and slots["handoff_topic_edited"] is True
    assert slots["requested_slot"] == "handoff_topic"


async def test_submit_sends_the_request_and_gives_its_number(console):
    t = tracker(
        {
            "handoff_contact": "callback",
            "handoff_phone": "09*****678",
            "handoff_phone_hold": "h-1",
            "handoff_window": "cả ngày hôm nay (00:00–23:59)",
            "handoff_window_key": f"{datetime.now():%Y-%m-%d}T00:00/23:59",
            "handoff_topic": "Tra cứu hồ sơ",
            "handoff_confirm": "yes",
        }
    )
    dispatcher = CollectingDispatcher()
    events = await ActionHandoffSubmit().run(dispatcher, t, {})
    [call] = console.calls
    assert call["path"] == "/internal/requests"
    assert call["json"]["phone_hold"] == "h-1" and call["json"]["topic"] == "Tra cứu hồ sơ"
    assert call["json"]["window_end"].endswith("T23:59")
    assert call["json"]["conversation_id"] == "conv-1"
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_created_callback"
    assert message["number"] == "YC-000007" and message["phone"] == "09*****678"
    assert all(e["value"] is None for e in events)


async def test_submit_apologises_with_contacts_when_the_console_fails(console):
    console.status = 500
    t = tracker({"handoff_contact": "visit", "handoff_topic": "x", "handoff_confirm": "yes"})
    dispatcher = CollectingDispatcher()
    await ActionHandoffSubmit().run(dispatcher, t, {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_unavailable"
    assert "18001096" in message["contacts"]


async def test_cancel_drops_the_held_phone(console):
    dispatcher = CollectingDispatcher()
    await ActionHandoffCancel().run(dispatcher, tracker({"handoff_phone_hold": "h-1"}), {})
    assert console.calls == [{"path": "/internal/phone-holds/h-1", "method": "DELETE"}]
    assert dispatcher.messages[0]["response"] == "utter_handoff_declined"
