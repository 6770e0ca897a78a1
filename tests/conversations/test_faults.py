"""Fault tests on the real stack: a process killed, the tracker database read-only.

The stack's supervisor (conftest) starts a killed process again. While the action
server is down, both chat channels answer with the apology, the hotline and the
portal within 5 s, never with silence.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import requests

from bot.channels.replies import SERVICE_UNAVAILABLE, reply_text
from tests.support.stack import Chat, code_of

APOLOGY = reply_text(SERVICE_UNAVAILABLE)


def service(stack, name: str):
    return next(s for s in stack.services if s.name == name)


def kill(svc) -> int:
    pid = svc.process.pid
    os.killpg(pid, signal.SIGKILL)
    svc.process.wait(5)
    return pid


def wait_back(svc, old_pid: int, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if svc.process.pid != old_pid and svc.healthy():
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"{svc.name} was not back within {timeout:.0f}s")


def widget_say(stack, sender: str, text: str):
    started = time.monotonic()
    response = requests.post(
        f"{stack.rasa_url}/chat/webhook", json={"sender": sender, "message": text}, timeout=10
    )
    return response, time.monotonic() - started


def test_action_server_killed_both_channels_apologise_then_it_comes_back(stack):
    actions = service(stack, "action server")
    old = kill(actions)
    # REST: the lookup form runs on the action server.
    chat = Chat(stack.rasa_url)
    started = time.monotonic()
    messages = chat.say("tra cứu hồ sơ")
    assert time.monotonic() - started < 5
    text = "\n".join(m.get("text", "") for m in messages)
    assert APOLOGY in text and "18001096" in text and "dichvucong.gov.vn" in text
    # Widget.
    response, elapsed = widget_say(stack, str(uuid.uuid4()), "tra cứu hồ sơ")
    assert response.status_code == 200 and elapsed < 5
    assert APOLOGY in [m.get("text") for m in response.json()["messages"]]
    # Back within 10 s, and the next message is answered normally.
    wait_back(actions, old, timeout=10)
    reply = Chat(stack.rasa_url).text("tra cứu hồ sơ")
    assert "mã hồ sơ" in reply and APOLOGY not in reply


def test_dossier_service_killed_the_lookup_apologises_then_it_comes_back(stack, seed):
    dossier = service(stack, "dossier service")
    chat = Chat(stack.rasa_url)
    chat.text("tra cứu hồ sơ")
    chat.text(code_of(seed, 0))
    old = kill(dossier)
    started = time.monotonic()
    answer = chat.text("5678")
    assert time.monotonic() - started < 5
    assert answer.startswith("Xin lỗi") and "18001096" in answer
    wait_back(dossier, old, timeout=10)
    again = Chat(stack.rasa_url)
    again.text("tra cứu hồ sơ")
    again.text(code_of(seed, 0))
    assert "Đang xử lý" in again.text("5678")


@contextlib.contextmanager
def read_only(path: Path):
    """The file cannot be written, even by root (immutable flag), while inside."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(mode)


def test_tracker_database_read_only_gets_a_graceful_answer(stack):
    """Rasa's fail-safe tracker store keeps the turn in memory: citizens still get answers."""
    chat = Chat(stack.rasa_url)
    assert chat.say("xin chào")
    size = stack.tracker_db.stat().st_size
    with read_only(stack.tracker_db):
        started = time.monotonic()
        response = requests.post(
            chat.url, json={"sender": chat.sender, "message": "cảm ơn"}, timeout=10
        )
        assert response.status_code == 200 and time.monotonic() - started < 5
        texts = [m.get("text") for m in response.json()]
        assert texts and all(texts)
        assert "Không có gì" in texts[0] or texts == [APOLOGY]
        widget, _ = widget_say(stack, str(uuid.uuid4()), "tạm biệt")
        assert widget.status_code == 200
        assert [m.get("text") for m in widget.json()["messages"] if m.get("text")]
        assert stack.tracker_db.stat().st_size == size  # nothing could be written
    assert "Không có gì" in chat.text("cảm ơn nhé")
