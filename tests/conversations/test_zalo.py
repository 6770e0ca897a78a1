"""The Zalo OA channel on the real stack (Rasa, action server, dossier service), with the
fake Zalo (tests/support/fake_zalo.py) playing both Zalo and the citizen."""

from __future__ import annotations

import itertools
import json
import sqlite3
import stat
from pathlib import Path

import pytest
import requests
from rasa.shared.core.domain import Domain

from bot.channels.zalo.conversation_id import conversation_id
from dvc_common.facts import fill_facts
from dvc_common.guides import all_guides
from tests.support.stack import code_of

DOMAIN = Domain.load("bot/domain")
_ids = itertools.count(1)


def _buttons(message):
    return message.get("attachment", {}).get("payload", {}).get("buttons", [])


class Citizen:
    """One Zalo user writing to the OA."""

    def __init__(self, zalo) -> None:
        self.zalo = zalo
        self.id = str(5512345678 * 10**8 + next(_ids))

    def say(self, text: str) -> list[dict]:
        before = len(self.zalo.replies(self.id))
        response = self.zalo.say(self.id, text)
        assert response.status_code == 200 and response.json() == {"status": "accepted"}
        return self.zalo.wait_for(self.id, before + 1)[before:]

    def text(self, text: str) -> str:
        return "\n".join(m.get("text", "") for m in self.say(text))

    def tap(self, messages: list[dict], title_part: str) -> list[dict]:
        """Taps a query button: Zalo sends its payload as the citizen's text."""
        button = next(b for m in messages for b in _buttons(m) if title_part in b["title"])
        assert button["type"] == "oa.query.show"
        return self.say(button["payload"])

    @property
    def conversation(self) -> str:
        """The id the channel gives the conversation (keyed with the OA secret key)."""
        return conversation_id(self.zalo.oa_secret_key.encode(), self.id)


@pytest.fixture
def citizen(zalo, stack):
    stack.proxy.mode = "pass"
    zalo.window_closed = zalo.v3_unsupported = False
    zalo.rate_limited = 0
    yield Citizen(zalo)
    stack.proxy.mode = "pass"


def _events(stack, sender_id: str) -> list[str]:
    with sqlite3.connect(stack.tracker_db) as db:
        return [
            r[0] for r in db.execute("select data from events where sender_id = ?", (sender_id,))
        ]


def test_a_greeting_gets_the_welcome_with_query_buttons(citizen):
    [reply] = citizen.say("xin chào")
    greet = DOMAIN.responses["utter_greet"][0]
    assert reply["text"] == greet["text"]
    assert [(b["title"], b["payload"]) for b in _buttons(reply)] == [
        (b["title"], b["payload"]) for b in greet["buttons"]
    ]


def test_a_full_dossier_lookup_over_zalo(citizen, seed, stack):
    assert "mã hồ sơ" in citizen.text("tra cứu hồ sơ")
    assert "4 số cuối" in citizen.text(code_of(seed, 0))
    answer = citizen.text("5678")
    assert "Đang xử lý" in answer and code_of(seed, 0) in answer
    assert "L* T** H**" in answer and "Lê Thị Hoa" not in answer and "0912345678" not in answer
    events = _events(stack, citizen.conversation)
    assert events and all(
        json.loads(e).get("sender_id", citizen.conversation) != citizen.id for e in events
    )


def test_a_lookup_started_with_the_menu_button(citizen, seed):
    welcome = citizen.say("chào bạn")
    assert "mã hồ sơ" in "\n".join(m["text"] for m in citizen.tap(welcome, "Tra cứu hồ sơ"))
    citizen.say(code_of(seed, 2))
    answer = citizen.text("1122")
    assert "Yêu cầu thực hiện nghĩa vụ tài chính" in answer and "200.000 đồng" in answer


def test_a_guide_walked_with_buttons(citizen):
    n = len(all_guides()["vneid_activate"].steps)
    menu = citizen.say("tôi là tình nguyện viên")
    payloads = [b["payload"] for m in menu for b in _buttons(m)]
    assert '/volunteer_mode{"guide":"vneid_activate"}' in payloads
    step = citizen.say('/volunteer_mode{"guide":"vneid_activate"}')
    assert f"Bước 1/{n}" in "\n".join(m["text"] for m in step)
    step = citizen.tap(step, "Tiếp")
    assert f"Bước 2/{n}" in "\n".join(m["text"] for m in step)
    step = citizen.tap(step, "Quay lại")
    assert f"Bước 1/{n}" in "\n".join(m["text"] for m in step)


def test_a_wrongly_signed_or_unsigned_message_is_refused_and_never_reaches_rasa(
    citizen, zalo, stack
):
    body = zalo.event("user_send_text", citizen.id, text="tra cứu hồ sơ")
    assert zalo.post(body, secret="forged-secret").status_code == 401
    assert zalo.post(body, sign=False).status_code == 401
    assert _events(stack, citizen.conversation) == []
    assert zalo.wait_for(citizen.id, 0, timeout=3) == []


def test_a_retried_event_is_answered_once(citizen, zalo, stack):
    body = zalo.event("user_send_text", citizen.id, text="cảm ơn")
    assert zalo.post(body).json() == {"status": "accepted"}
    assert zalo.post(body).json() == {"status": "duplicate"}
    assert len(zalo.wait_for(citizen.id, 1)) == 1
    texts = [json.loads(e).get("text") for e in _events(stack, citizen.conversation)]
    assert texts.count("cảm ơn") == 1


def test_echoes_are_ignored(citizen, zalo):
    before = len(zalo.echo_statuses)
    citizen.say("xin chào")
    assert zalo.wait_until(lambda: len(zalo.echo_statuses) > before)
    assert set(zalo.echo_statuses) == {200}
    assert len(zalo.wait_for(citizen.id, 1, timeout=5)) == 1  # no answer to our own echo


def test_follow_gets_the_welcome(citizen, zalo):
    zalo.post(zalo.event("follow", citizen.id))
    [reply] = zalo.wait_for(citizen.id, 1)
    assert reply["text"] == fill_facts(DOMAIN.responses["utter_greet"][0]["text"])


def test_a_sticker_gets_the_text_only_answer_and_the_menu(citizen, zalo):
    zalo.post(zalo.event("user_send_sticker", citizen.id, attachments=[{"type": "sticker"}]))
    messages = zalo.wait_for(citizen.id, 2)
    assert "chỉ đọc được tin nhắn chữ" in messages[0]["text"]
    assert "/check_dossier_status" in [b["payload"] for m in messages for b in _buttons(m)]


def test_the_hotline_answer_has_call_buttons(citizen):
    messages = citizen.say("số tổng đài hỗ trợ là gì")
    calls = [b for m in messages for b in _buttons(m) if b["type"] == "oa.open.phone"]
    assert {b["payload"]["phone_code"] for b in calls} == {"18001096", "19000368"}


def test_an_expired_token_is_refreshed_and_the_message_resent_once(citizen, zalo):
    citizen.say("xin chào")
    zalo.expire_token()
    requests_before, refused_before = len(zalo.token_requests), len(zalo.refused)
    [reply] = citizen.say("cảm ơn")
    assert reply["text"] == fill_facts(DOMAIN.responses["utter_thank"][0]["text"])
    assert len(zalo.token_requests) == requests_before + 1
    assert [r["code"] for r in zalo.refused[refused_before:]] == [-216]


def test_a_closed_window_is_not_retried(citizen, zalo):
    zalo.window_closed = True
    refused_before = len(zalo.refused)
    zalo.say(citizen.id, "xin chào")
    assert zalo.wait_until(lambda: len(zalo.refused) > refused_before)
    zalo.wait_for(citizen.id, 0, timeout=3)
    assert [r["code"] for r in zalo.refused[refused_before:]] == [-230]
    assert zalo.replies(citizen.id) == []


def test_minus_235_falls_back_to_v2(citizen, zalo):
    zalo.v3_unsupported = True
    [reply] = citizen.say("xin chào")
    assert zalo.sent[-1]["path"] == "/v2.0/oa/message" and reply["text"]
    assert -235 in [r["code"] for r in zalo.refused]


def test_zalo_is_acknowledged_before_a_slow_lookup_is_answered(citizen, seed, stack, zalo):
    citizen.say("tra cứu hồ sơ")
    citizen.say(code_of(seed, 3))
    before = len(zalo.replies(citizen.id))
    stack.proxy.mode = "slow"  # the dossier service takes 10 s; the action times out first
    response = zalo.say(citizen.id, "4444")
    assert response.status_code == 200 and response.json() == {"status": "accepted"}
    assert len(zalo.replies(citizen.id)) == before  # acknowledged before any answer
    answer = zalo.wait_for(citizen.id, before + 1)[before:]
    assert answer[0]["text"].startswith("Xin lỗi") and "18001096" in answer[0]["text"]


def test_the_tracker_store_holds_no_zalo_id_and_the_logs_no_token(citizen, zalo, stack):
    citizen.say("xin chào")
    db_path = Path(stack.tracker_db)
    data = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert citizen.conversation.encode() in data
    for user in list(zalo.citizen_ids.values()) + [citizen.id]:
        assert user.encode() not in data
    with sqlite3.connect(stack.tracker_db) as db:
        senders = [r[0] for r in db.execute("select distinct sender_id from events")]
    assert not any(s.isdigit() for s in senders)
    store = stack.zalo_token_store
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    secrets = [*zalo.issued_tokens, zalo.app_secret, zalo.oa_secret_key]
    assert len(zalo.issued_tokens) >= 3  # the seed and at least one refreshed pair
    logs = [p for s in stack.services for p in [s.log_path] if p.exists()]
    assert logs
    for log in logs:
        text = log.read_text(encoding="utf-8", errors="replace")
        for secret in secrets:
            assert secret not in text, f"a Zalo secret is in {log}"
    assert requests.get(zalo.webhook_url, timeout=10).status_code == 200
