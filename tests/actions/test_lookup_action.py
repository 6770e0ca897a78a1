import time

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.lookup import ActionLookupChangeCode, ActionLookupDossier, ActionLookupStop
from tests.actions.rendering import rendered

READY = {"dossier_code": "000.00.12.H56-261015-0042", "phone_last4": "5678", "lookup_failures": 0.0}


async def run(tracker_factory, **slots):
    dispatcher = CollectingDispatcher()
    events = await ActionLookupDossier().run(
        dispatcher, tracker_factory(slots={**READY, **slots}), {}
    )
    slot_events = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return rendered(dispatcher.messages), slot_events


async def test_found_answers_with_status_and_forgets_the_digits(fake_service, tracker_factory):
    messages, slots = await run(tracker_factory)
    assert "Yêu cầu bổ sung giấy tờ" in messages[0]["text"]
    assert slots["phone_last4"] is None and slots["dossier_code"] is None
    assert slots["lookup_failures"] == 0.0


async def test_found_keeps_the_dossier_as_context_without_personal_data(
    fake_service, tracker_factory
):
    _, slots = await run(tracker_factory)
    context = slots["last_dossier"]
    assert context["code"] == "000.00.12.H56-261015-0042"
    assert context["receiving_unit"] == "Trung tâm Phục vụ hành chính công xã Thọ Xuân"
    assert context["due_at"] == "2026-10-17T17:00:00+07:00" and context["overdue"] is True
    assert not {"applicant_name_masked", "applicant_name", "applicant_phone"} & set(context)
    assert slots["dossier_in_context"] is True


async def test_wrong_pair_keeps_the_code_and_asks_only_the_digits(fake_service, tracker_factory):
    fake_service.status, fake_service.body = 404, {"error": "not_found"}
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(slots=dict(READY, lookup_invalid_inputs=2.0))
    events = await ActionLookupDossier().run(dispatcher, tracker, {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert dispatcher.messages[0]["response"] == "utter_lookup_wrong_pair"
    assert dispatcher.messages[0]["code"] == READY["dossier_code"]
    assert slots["dossier_code"] == READY["dossier_code"]
    assert slots["phone_last4"] is None and slots["lookup_invalid_inputs"] == 0.0
    assert slots["lookup_failures"] == 1.0
    assert ("followup", "dossier_lookup_form") in [(e["event"], e.get("name")) for e in events]


async def test_inside_a_guide_the_guide_is_offered_afterwards(fake_service, tracker_factory):
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(slots=dict(READY, guide_active=True))
    events = await ActionLookupDossier().run(dispatcher, tracker, {})
    assert ("followup", "action_guide_offer_resume") in [
        (e["event"], e.get("name")) for e in events
    ]


async def test_third_failure_stops_and_gives_contacts(fake_service, tracker_factory):
    fake_service.status, fake_service.body = 404, {"error": "not_found"}
    messages, slots = await run(tracker_factory, lookup_failures=2.0)
    text = messages[0]["text"]
    assert "dừng tra cứu" in text
    assert "18001096" in text and "dvc-tra-cuu-ho-so" in text
    assert slots["lookup_failures"] == 3.0


async def test_after_three_failures_no_more_calls(fake_service, tracker_factory):
    messages, _ = await run(tracker_factory, lookup_failures=3.0)
    assert fake_service.requests == []
    assert "18001096" in messages[0]["text"]


async def test_rate_limited_says_when_to_retry(fake_service, tracker_factory):
    fake_service.status = 429
    fake_service.body = {"error": "too_many_attempts", "reason": "code_locked", "retry_after": 600}
    messages, _ = await run(tracker_factory)
    assert messages[0]["response"] == "utter_lookup_code_locked"
    assert messages[0]["minutes"] == 10 and messages[0]["code"] == READY["dossier_code"]
    assert "18001096" in messages[0]["ways"] and "dvc-tra-cuu-ho-so" in messages[0]["ways"]


async def test_a_client_lock_has_its_own_message_and_rounds_the_wait_up(
    fake_service, tracker_factory
):
    fake_service.status = 429
    fake_service.body = {"error": "too_many_attempts", "reason": "client_locked", "retry_after": 61}
    messages, slots = await run(tracker_factory)
    assert messages[0]["response"] == "utter_lookup_client_locked"
    assert messages[0]["minutes"] == 2
    assert slots["phone_last4"] is None


async def test_the_citizens_address_goes_to_the_service(fake_service, tracker_factory):
    tracker = tracker_factory(slots=READY)
    tracker.latest_message["metadata"] = {"client_ip": "203.0.113.5"}
    await ActionLookupDossier().run(CollectingDispatcher(), tracker, {})
    await ActionLookupDossier().run(CollectingDispatcher(), tracker_factory(slots=READY), {})
    assert fake_service.request_headers[0]["X-Forwarded-For"] == "203.0.113.5"
    assert "X-Forwarded-For" not in fake_service.request_headers[1]  # no address: none invented
    assert len(set(fake_service.client_ports)) == 1  # one client per process, connection reused


@pytest.mark.parametrize("name", ["utter_lookup_code_locked", "utter_lookup_client_locked"])
async def test_lock_responses_say_when_and_where_else(name):
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load("bot/domain")
    tracker = DialogueStateTracker.from_events("t", [], slots=domain.slots)
    message = await TemplatedNaturalLanguageGenerator(domain.responses).generate(
        name, tracker, "rest", code="000.00.12.H56-261015-0042", minutes=7, ways="• Gọi 18001096"
    )
    assert "khoảng 7 phút" in message["text"] and message["text"].endswith("• Gọi 18001096")
    assert "{" not in message["text"]
    assert {"title": "Gặp cán bộ", "payload": "/human_handoff"} in message["buttons"]


async def test_service_errors_get_an_apology_and_a_way_forward(fake_service, tracker_factory):
    for status, raw in ((500, None), (200, b"not json")):
        fake_service.status, fake_service.raw = status, raw
        messages, _ = await run(tracker_factory)
        text = messages[0]["text"]
        assert text.startswith("Xin lỗi")
        assert "18001096" in text and "dvc-tra-cuu-ho-so" in text


async def test_service_down(closed_port_url, tracker_factory):
    messages, _ = await run(tracker_factory)
    assert messages[0]["text"].startswith("Xin lỗi")


async def test_slow_service_answers_within_5_seconds(fake_service, tracker_factory, monkeypatch):
    fake_service.delay = 8
    monkeypatch.setenv("DOSSIER_SERVICE_TIMEOUT", "10")  # capped at 3 s by the settings
    started = time.monotonic()
    messages, _ = await run(tracker_factory)
    assert time.monotonic() - started < 5
    assert messages[0]["text"].startswith("Xin lỗi")


def test_stop_clears_the_code_the_digits_and_the_counters(tracker_factory):
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(slots=dict(READY, lookup_invalid_inputs=2.0, lookup_prompt_count=2.0))
    events = ActionLookupStop().run(dispatcher, tracker, {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["dossier_code"] is None and slots["phone_last4"] is None
    assert slots["lookup_invalid_inputs"] == 0.0 and slots["lookup_prompt_count"] == 0.0
    assert dispatcher.messages[0]["response"] == "utter_lookup_stopped"


def test_change_code_forgets_the_code_and_skips_the_same_dossier_question(tracker_factory):
    events = ActionLookupChangeCode().run(CollectingDispatcher(), tracker_factory(slots=READY), {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["dossier_code"] is None and slots["lookup_previous_offered"] is True
