"""Fuzzing both chat channels' input handling on real Sanic servers (hypothesis).

Whatever arrives (any JSON, any bytes, huge, control characters, invalid UTF-8,
wrong types, NFD, emoji, markup), each channel answers 200, 400, 413 or 429 with a
JSON body, never a 5xx, and answers a normal message normally after each batch.
"""

from __future__ import annotations

import json
import unicodedata
import uuid

import pytest
import requests
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.channels.rate_limit import SenderRateLimiter
from bot.channels.rest import CheckedRestInput
from bot.channels.web import WebChatInput
from tests.support.fake_rasa import FakeRasa, serve_channel

SENDER = "3f2b8c4e-9a1d-4c6e-8f7a-1b2c3d4e5f60"
ENDPOINTS = {"web": "/chat/webhook", "rest": "/webhooks/rest/webhook"}
ALLOWED = {200, 400, 413, 429}
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
nasty_text = st.one_of(
    st.text(max_size=1200),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=200),  # control characters
    st.text(max_size=300).map(lambda t: unicodedata.normalize("NFD", t + "Đăng ký khai sinh")),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "'; DROP TABLE events; --",
            "😀" * 900,
            "\x00" * 50,
            "\u202e\u200b\ufeff",
            "a\r\nb\tc",
            "%s%n{0}{sender}",
        ]
    ),
)


@pytest.fixture(scope="module")
def servers():
    running = {
        "web": serve_channel(
            WebChatInput(limiter=SenderRateLimiter(max_messages=100_000), proxies=[]),
            FakeRasa(),
            f"fuzz_web_{uuid.uuid4().hex[:8]}",
        ),
        "rest": serve_channel(
            CheckedRestInput(limiter=SenderRateLimiter(max_messages=100_000), proxies=[]),
            FakeRasa(),
            f"fuzz_rest_{uuid.uuid4().hex[:8]}",
        ),
    }
    yield running
    for server in running.values():
        server.stop()


def _post(server, channel: str, data: bytes, content_type: str = "application/json"):
    return requests.post(
        server.url + ENDPOINTS[channel],
        data=data,
        headers={"Content-Type": content_type},
        timeout=30,
    )


def _check(response) -> None:
    assert response.status_code in ALLOWED, (response.status_code, response.text[:200])
    body = response.json()
    assert body is not None
    assert "Traceback" not in response.text


def _still_answers(server, channel: str) -> None:
    response = _post(
        server, channel, json.dumps({"sender": SENDER, "message": "xin chào"}).encode()
    )
    assert response.status_code == 200
    assert "Bạn nói: xin chào" in json.dumps(response.json(), ensure_ascii=False)


@pytest.mark.parametrize("channel", ["web", "rest"])
@FUZZ
@given(body=json_values)
def test_any_json_body(servers, channel, body):
    _check(_post(servers[channel], channel, json.dumps(body).encode()))


@pytest.mark.parametrize("channel", ["web", "rest"])
@FUZZ
@given(data=st.binary(max_size=2000))
@example(data=b"")
@example(data=b"\xff\xfe\x00")
@example(data=b'{"sender": "' + SENDER.encode() + b'", "message": "\xc3\x28"}')
@example(data=b"{" * 5000)
@example(data=b"[" * 20000 + b"]" * 20000)
def test_any_bytes(servers, channel, data):
    _check(_post(servers[channel], channel, data))
    _check(_post(servers[channel], channel, data, content_type="text/plain"))


@pytest.mark.parametrize("channel", ["web", "rest"])
@FUZZ
@given(text=nasty_text, sender=st.one_of(st.just(SENDER), st.text(max_size=40), json_values))
def test_any_message_and_sender(servers, channel, text, sender):
    payload = json.dumps({"sender": sender, "message": text}, ensure_ascii=False).encode("utf-8")
    _check(_post(servers[channel], channel, payload))


@pytest.mark.parametrize("channel", ["web", "rest"])
@pytest.mark.parametrize("size", [0, 100 * 1024, 1024 * 1024])
def test_empty_and_huge_messages(servers, channel, size):
    payload = json.dumps({"sender": SENDER, "message": "a" * size}).encode()
    response = _post(servers[channel], channel, payload)
    _check(response)
    assert response.status_code != 200 or channel == "rest"
    _still_answers(servers[channel], channel)


@pytest.mark.parametrize("channel", ["web", "rest"])
def test_the_channels_answer_normally_after_the_fuzzing(servers, channel):
    _still_answers(servers[channel], channel)
