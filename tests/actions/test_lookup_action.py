import time

from rasa_sdk.executor import CollectingDispatcher

from actions.lookup import ActionLookupDossier

READY = {"dossier_code": "000.00.12.H56-261015-0042", "phone_last4": "5678", "lookup_failures": 0.0}


async def run(tracker_factory, **slots):
    dispatcher = CollectingDispatcher()
    events = await ActionLookupDossier().run(dispatcher, tracker_factory(slots={**READY, **slots}), {})
    slot_events = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return dispatcher.messages, slot_events


async def test_found_answers_with_status_and_forgets_the_digits(fake_service, tracker_factory):
    messages, slots = await run(tracker_factory)
    assert "Yêu cầu bổ sung giấy tờ" in messages[0]["text"]
    assert slots["phone_last4"] is None and slots["dossier_code"] is None
    assert slots["lookup_failures"] == 0.0


async def test_not_found_offers_to_re_enter(fake_service, tracker_factory):
    fake_service.status, fake_service.body = 404, {"error": "not_found"}
    messages, slots = await run(tracker_factory)
    assert "Không tìm thấy" in messages[0]["text"]
    assert {"title": "Nhập lại", "payload": "/check_dossier_status"} in messages[0]["buttons"]
    assert slots["lookup_failures"] == 1.0


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
    fake_service.body = {"error": "too_many_attempts", "retry_after": 600}
    messages, _ = await run(tracker_factory)
    assert "10 phút" in messages[0]["text"]


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
