"""The project's REST channel on a real Sanic server, with a fake Rasa behind it."""

from __future__ import annotations

import uuid

import pytest
import requests

from bot.channels.input_checks import MAX_CHARS, REPLIES, error_message, valid_api_sender
from bot.channels.rate_limit import SenderRateLimiter
from bot.channels.replies import SERVICE_UNAVAILABLE, reply_text
from bot.channels.rest import CheckedRestInput
from tests.support.fake_rasa import FakeRasa, serve_channel

SENDER = "zalo-user_42"
MESSAGES = {code: error_message(code) for code in REPLIES}
APOLOGY = reply_text(SERVICE_UNAVAILABLE)


@pytest.fixture(scope="module")
def fake_rasa():
    return FakeRasa()


@pytest.fixture(scope="module")
def server(fake_rasa):
    channel = CheckedRestInput(limiter=SenderRateLimiter(max_messages=1000), proxies=[])
    running = serve_channel(channel, fake_rasa, f"rest_channel_test_{uuid.uuid4().hex[:8]}")
    yield running
    running.stop()


def post(server, **kwargs):
    return requests.post(f"{server.url}/webhooks/rest/webhook", timeout=10, **kwargs)


def test_the_channel_keeps_rasas_name_and_address():
    assert CheckedRestInput.name() == "rest"
    assert CheckedRestInput().url_prefix() == "rest"  # mounted under /webhooks/


def test_health(server):
    assert requests.get(f"{server.url}/webhooks/rest/", timeout=10).json() == {"status": "ok"}


def test_a_message_is_answered_in_rasas_rest_format(server, fake_rasa):
    response = post(server, json={"sender": SENDER, "message": "xin chào"})
    assert response.status_code == 200
    assert response.json() == [
        {
            "recipient_id": SENDER,
            "text": "Bạn nói: xin chào",
            "buttons": [{"title": "Xem menu", "payload": "/help"}],
        }
    ]
    message = fake_rasa.received[-1]
    assert (message.sender_id, message.input_channel) == (SENDER, "rest")
    assert message.metadata == {"client_ip": "127.0.0.1"}


def test_metadata_from_the_client_is_not_passed_on(server, fake_rasa):
    body = {"sender": SENDER, "message": "xin chào", "metadata": {"client_ip": "10.9.9.9"}}
    post(server, json=body)
    assert fake_rasa.received[-1].metadata == {"client_ip": "127.0.0.1"}


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"data": b""}, "invalid_json"),
        ({"data": b"[]"}, "invalid_json"),
        ({"data": b'"x"'}, "invalid_json"),
        ({"data": b"{not json"}, "invalid_json"),
        ({"data": b'{"sender": "a", "message": "\xff\xfe"}'}, "invalid_json"),
        ({"json": {"message": "xin chào"}}, "invalid_sender"),
        ({"json": {"sender": "", "message": "xin chào"}}, "invalid_sender"),
        ({"json": {"sender": 42, "message": "xin chào"}}, "invalid_sender"),
        ({"json": {"sender": "a b", "message": "xin chào"}}, "invalid_sender"),
        ({"json": {"sender": "x" * 129, "message": "xin chào"}}, "invalid_sender"),
        ({"json": {"sender": SENDER, "message": 42}}, "invalid_message"),
        ({"json": {"sender": SENDER, "message": None}}, "invalid_message"),
        ({"json": {"sender": SENDER}}, "invalid_message"),
        ({"json": {"sender": SENDER, "message": ["hi"]}}, "invalid_message"),
    ],
)
def test_malformed_requests_get_400_with_a_reason(server, fake_rasa, kwargs, code):
    before = len(fake_rasa.received)
    response = post(server, **kwargs)
    assert response.status_code == 400
    assert response.json() == {"error": code, "message": MESSAGES[code]}
    assert len(fake_rasa.received) == before


@pytest.mark.parametrize(
    "text, code", [("   ", "empty"), ("\u200b", "empty"), ("a" * (MAX_CHARS + 1), "too_long")]
)
def test_empty_or_too_long_messages_get_a_polite_answer_and_never_reach_rasa(
    server, fake_rasa, text, code
):
    before = len(fake_rasa.received)
    response = post(server, json={"sender": SENDER, "message": text})
    assert response.status_code == 200
    assert response.json() == [{"recipient_id": SENDER, "text": MESSAGES[code]}]
    assert len(fake_rasa.received) == before
    assert "1000 ký tự" in MESSAGES["too_long"]


@pytest.mark.parametrize("size", [100 * 1024, 1024 * 1024])
def test_a_body_over_the_http_limit_gets_413(server, size):
    body = b'{"sender": "a", "message": "' + b"x" * size + b'"}'
    response = post(server, data=body)
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


@pytest.mark.parametrize("text", ["silent", "boom"])
def test_no_answer_or_a_failure_gives_the_apology_never_an_empty_list(server, text):
    response = post(server, json={"sender": SENDER, "message": text})
    assert response.status_code == 200
    assert response.json() == [{"recipient_id": SENDER, "text": APOLOGY}]
    assert "Traceback" not in response.text


def test_a_failed_action_keeps_what_was_said_and_adds_the_apology(server):
    response = post(server, json={"sender": SENDER, "message": "action fails"})
    assert [m["text"] for m in response.json()] == ["Đang tra cứu", APOLOGY]


def test_rate_limited_senders_get_a_polite_answer():
    rasa = FakeRasa()
    channel = CheckedRestInput(limiter=SenderRateLimiter(max_messages=2), proxies=[])
    running = serve_channel(channel, rasa, f"rest_rate_{uuid.uuid4().hex[:8]}")
    try:
        for _ in range(2):
            post(running, json={"sender": SENDER, "message": "xin chào"})
        response = post(running, json={"sender": SENDER, "message": "xin chào"})
        assert response.status_code == 200
        [answer] = response.json()
        assert answer["text"].startswith("Bạn gửi tin nhanh quá")
        assert len(rasa.received) == 2
    finally:
        running.stop()


@pytest.mark.parametrize(
    "sender", ["a", "default", "user@example", "1234567890", "x" * 128, "tel:+84.9-1"]
)
def test_api_sender_ids_that_are_accepted(sender):
    assert valid_api_sender(sender)


@pytest.mark.parametrize(
    "sender", ["", " a", "a\n", "ngườidùng", "-lead", "x" * 129, None, 1, ["a"]]
)
def test_api_sender_ids_that_are_refused(sender):
    assert not valid_api_sender(sender)
