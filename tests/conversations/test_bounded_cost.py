"""Bounded cost per request on the real stack: huge and malformed input on the REST channel."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.support.stack import Chat


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def rest(stack, **kwargs):
    return requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=30, **kwargs)


def test_one_megabyte_and_100_kb_messages_are_refused_quickly_without_memory_growth(stack):
    rasa_pid = stack.services[-1].process.pid
    Chat(stack.rasa_url).say("xin chào")  # warm: first-message allocations are not growth
    before = rss_mb(rasa_pid)
    for size in (1024 * 1024, 100 * 1024, 1024 * 1024, 100 * 1024):
        started = time.monotonic()
        response = rest(
            stack, json={"sender": str(uuid.uuid4()), "message": "tra cứu " * (size // 9)}
        )
        elapsed = time.monotonic() - started
        assert response.status_code == 413, response.text[:200]
        assert response.json()["error"] == "too_large"
        assert "ký tự" in response.json()["message"]
        assert elapsed < 5
    growth = rss_mb(rasa_pid) - before
    assert growth < 50, f"Rasa grew by {growth:.0f} MB"
    # The server answers normally afterwards.
    assert Chat(stack.rasa_url).say("xin chào")


def test_a_message_over_1000_characters_gets_a_polite_answer_and_no_dialogue(stack):
    sender = str(uuid.uuid4())
    response = rest(stack, json={"sender": sender, "message": "hồ sơ " * 300})
    assert response.status_code == 200
    [answer] = response.json()
    assert answer["recipient_id"] == sender and "1000 ký tự" in answer["text"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data": b""},
        {"data": b"[]"},
        {"data": b'"x"'},
        {"data": b"{bad json"},
        {"json": {"message": "xin chào"}},
        {"json": {"sender": "", "message": "xin chào"}},
        {"json": {"sender": "a", "message": 42}},
        {"json": {"sender": "a", "message": None}},
    ],
)
def test_malformed_bodies_and_wrong_types_get_400_with_a_reason(stack, kwargs):
    response = rest(stack, **kwargs)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] in {"invalid_json", "invalid_sender", "invalid_message"}
    assert body["message"] and "Traceback" not in response.text


def test_nul_and_control_characters_are_answered_normally(stack):
    chat = Chat(stack.rasa_url)
    messages = chat.say("xin\x00 chào\x1b\u202e")
    assert messages and all(m.get("text") or m.get("buttons") for m in messages)
