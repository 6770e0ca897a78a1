"""The Zalo channel's webhook on a real Sanic server, with the fake Zalo on the other side.

Rasa's message handling is replaced by a small async handler; the channel's own words
come from the real domain (bot/domain/zalo.yml). Conversation-level tests against the
real stack are in tests/conversations/test_zalo.py.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import threading
import time
import uuid
from types import SimpleNamespace

import pytest
import requests
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.domain import Domain
from sanic import Sanic

from bot.channels.zalo import ZaloInput
from bot.channels.zalo.settings import ZaloConfigError, ZaloSettings
from bot.channels.zalo.signature import header_value
from dvc_common.facts import fill_facts
from tests.support.fake_zalo import FakeZalo
from tests.support.sanic_server import ServerThread

DOMAIN = Domain.load("bot/domain")
_users = itertools.count(1)


def new_user() -> str:
    return str(2468458835 * 10**8 + next(_users))


class FakeRasa:
    """Answers by what the user typed, like a tiny dialogue."""

    def __init__(self) -> None:
        self.received: list[UserMessage] = []
        self.gate = threading.Event()

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        out, sender = message.output_channel, message.sender_id
        if message.text == "boom":
            raise RuntimeError("the action server fell over")
        if message.text == "silent":
            return
        if message.text == "chậm":
            await asyncio.to_thread(self.gate.wait, 30)
        if message.text == "dài":
            long = " ".join(f"Câu {i} hướng dẫn nộp hồ sơ trực tuyến từng bước." for i in range(90))
            await out.send_text_message(sender, long)
            return
        await out.send_text_with_buttons(
            sender,
            f"Bạn nói: {message.text}",
            [
                {"title": "Xem menu", "payload": "/help"},
                {"title": "Tra cứu", "payload": "/check_dossier_status"},
            ],
        )

    def texts(self) -> list[str]:
        return [m.text for m in self.received]


@pytest.fixture(scope="module")
def zalo():
    fake = FakeZalo(quiet=0.3)
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def rasa():
    return FakeRasa()


def _settings(zalo, tmp_path, **extra) -> ZaloSettings:
    return ZaloSettings(
        app_id=zalo.app_id,
        oa_secret_key=zalo.oa_secret_key,
        app_secret=zalo.app_secret,
        api_base=zalo.url,
        oauth_base=zalo.url,
        refresh_token=zalo.refresh_token,
        token_store=str(tmp_path / "tokens.json"),
        retry_base_seconds=0.01,
        **extra,
    )


def _serve(channel, handler) -> ServerThread:
    Sanic.test_mode = True
    app = Sanic(f"zalo_channel_test_{uuid.uuid4().hex[:8]}")
    app.ctx.agent = SimpleNamespace(domain=DOMAIN)
    app.blueprint(channel.blueprint(handler), url_prefix="/webhooks/zalo")
    server = ServerThread(app)
    server.start()
    return server


@pytest.fixture(scope="module")
def server(zalo, rasa, tmp_path_factory):
    channel = ZaloInput(_settings(zalo, tmp_path_factory.mktemp("zalo")))
    running = _serve(channel, rasa)
    zalo.webhook_url = f"{running.url}/webhooks/zalo/webhook"
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def fresh_modes(zalo):
    zalo.window_closed = zalo.v3_unsupported = False
    zalo.rate_limited = 0
    yield


def test_a_signed_text_is_acknowledged_and_answered_with_buttons(server, zalo, rasa):
    user = new_user()
    response = zalo.say(user, "xin chào")
    assert response.status_code == 200 and response.json() == {"status": "accepted"}
    [reply] = zalo.wait_for(user, 1)
    assert reply["text"] == "Bạn nói: xin chào"
    assert reply["attachment"]["payload"]["buttons"] == [
        {"title": "Xem menu", "type": "oa.query.show", "payload": "/help"},
        {"title": "Tra cứu", "type": "oa.query.show", "payload": "/check_dossier_status"},
    ]
    message = rasa.received[-1]
    assert message.input_channel == "zalo" and message.text == "xin chào"


def test_the_conversation_id_is_a_keyed_hash_not_the_zalo_id(server, zalo, rasa):
    user = new_user()
    zalo.say(user, "một")
    zalo.wait_for(user, 1)
    zalo.say(user, "hai")
    zalo.wait_for(user, 2)
    first, second = rasa.received[-2:]
    assert first.sender_id == second.sender_id
    assert user not in first.sender_id and first.sender_id.startswith("zalo-")
    assert not first.metadata or user not in json.dumps(first.metadata)


@pytest.mark.parametrize("kind", ["unsigned", "wrong secret", "tampered"])
def test_unsigned_or_wrongly_signed_requests_are_refused_and_nothing_reaches_rasa(
    server, zalo, rasa, kind
):
    before = len(rasa.received)
    body = zalo.event("user_send_text", new_user(), text="tra cứu hồ sơ")
    raw = json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if kind == "unsigned":
        response = requests.post(zalo.webhook_url, data=raw, headers=headers, timeout=10)
    elif kind == "wrong secret":
        response = zalo.post(body, secret="not-the-oa-secret")
    else:
        good = zalo.post(body, sign=True)  # accepted once, then the body is changed
        assert good.status_code == 200
        zalo.wait_until(lambda: len(rasa.received) > before)
        before = len(rasa.received)
        headers["X-ZEvent-Signature"] = header_value(
            zalo.app_id, raw, body["timestamp"], zalo.oa_secret_key
        )
        response = requests.post(
            zalo.webhook_url, data=raw.replace(b"tra", b"TRA"), headers=headers, timeout=10
        )
    assert response.status_code == 401
    assert response.json()["error"] in ("missing_signature", "invalid_signature")
    assert len(rasa.received) == before


def test_a_signed_body_that_is_not_json_is_refused(server, zalo):
    response = requests.post(
        zalo.webhook_url, data=b"not json", headers={"X-ZEvent-Signature": "mac=00"}, timeout=10
    )
    assert response.status_code == 401


def test_the_url_check_probe_gets_200_and_is_not_processed(server, zalo, rasa):
    before = len(rasa.received)
    assert requests.get(zalo.webhook_url, timeout=10).status_code == 200
    assert requests.post(zalo.webhook_url, data=b"{}", timeout=10).status_code == 200
    assert requests.post(zalo.webhook_url, json={}, timeout=10).status_code == 200
    assert requests.get(zalo.webhook_url.rsplit("/", 1)[0] + "/", timeout=10).json() == {
        "status": "ok"
    }
    assert len(rasa.received) == before


def test_a_retried_event_is_answered_once(server, zalo, rasa):
    user = new_user()
    body = zalo.event("user_send_text", user, text="hỏi một lần")
    assert zalo.post(body).json() == {"status": "accepted"}
    assert zalo.post(body).json() == {"status": "duplicate"}
    assert zalo.post(body).json() == {"status": "duplicate"}
    assert len(zalo.wait_for(user, 1)) == 1
    assert rasa.texts().count("hỏi một lần") == 1


def test_echoes_of_our_own_sends_are_acknowledged_and_ignored(server, zalo, rasa):
    user = new_user()
    echoes_before = len(zalo.echo_statuses)
    zalo.say(user, "có echo không")
    zalo.wait_for(user, 1)
    assert zalo.wait_until(lambda: len(zalo.echo_statuses) > echoes_before)
    assert set(zalo.echo_statuses) == {200}
    assert "Bạn nói: có echo không" not in rasa.texts()
    for name in ("user_seen_message", "user_received_message"):
        assert zalo.post(zalo.event(name, user, msg_ids=["x"])).json() == {"status": "ignored"}


def test_follow_is_welcomed_through_the_dialogue(server, zalo, rasa):
    user = new_user()
    zalo.post(zalo.event("follow", user))
    [reply] = zalo.wait_for(user, 1)
    assert rasa.received[-1].text == "/greet" and reply["text"] == "Bạn nói: /greet"


def test_an_image_gets_the_text_only_answer_and_the_menu_from_the_domain(server, zalo, rasa):
    user = new_user()
    before = len(rasa.received)
    zalo.post(
        zalo.event(
            "user_send_image", user, attachments=[{"type": "image", "payload": {"url": "x"}}]
        )
    )
    messages = zalo.wait_for(user, 2)
    assert len(rasa.received) == before
    assert messages[0]["text"] == fill_facts(DOMAIN.responses["utter_zalo_text_only"][0]["text"])
    assert "chỉ đọc được tin nhắn chữ" in messages[0]["text"]
    assert messages[1]["text"] == fill_facts(DOMAIN.responses["utter_help"][0]["text"])
    menu = [
        b["payload"]
        for m in messages[1:]
        for b in m.get("attachment", {}).get("payload", {}).get("buttons", [])
    ]
    assert menu == [b["payload"] for b in DOMAIN.responses["utter_help"][0]["buttons"]]
    assert len(messages[1]["attachment"]["payload"]["buttons"]) == 5
    assert messages[2]["text"] == fill_facts(DOMAIN.responses["utter_zalo_more_options"][0]["text"])


@pytest.mark.parametrize("text", ["boom", "silent"])
def test_a_failing_or_silent_assistant_gets_the_apology(server, zalo, text):
    user = new_user()
    zalo.say(user, text)
    [reply] = zalo.wait_for(user, 1)
    assert reply["text"] == fill_facts(DOMAIN.responses["utter_zalo_unavailable"][0]["text"])
    assert reply["attachment"]["payload"]["buttons"][0]["payload"] == {"phone_code": "18001096"}


def test_a_message_over_the_limit_is_not_sent_to_rasa(server, zalo, rasa):
    user = new_user()
    zalo.say(user, "a" * 1500)
    [reply] = zalo.wait_for(user, 1)
    assert reply["text"] == fill_facts(DOMAIN.responses["utter_zalo_too_long"][0]["text"])
    assert "a" * 1500 not in rasa.texts()


def test_an_answer_longer_than_2000_characters_arrives_split_in_order(server, zalo):
    user = new_user()
    zalo.say(user, "dài")
    messages = zalo.wait_for(user, 2)
    assert len(messages) >= 2 and all(len(m["text"]) <= 2000 for m in messages)
    assert messages[0]["text"].startswith("Câu 0 ") and messages[-1]["text"].endswith(
        "Câu 89 hướng dẫn nộp hồ sơ trực tuyến từng bước."
    )


def test_zalo_gets_its_answer_before_the_assistant_has_finished(server, zalo, rasa):
    user = new_user()
    rasa.gate.clear()
    response = zalo.say(user, "chậm")  # the handler is blocked until the gate opens
    assert response.status_code == 200 and response.json() == {"status": "accepted"}
    deadline = time.monotonic() + 10  # the message is handed to Rasa after the answer
    while rasa.received[-1].text != "chậm" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rasa.received[-1].text == "chậm" and zalo.replies(user) == []
    rasa.gate.set()
    assert zalo.wait_for(user, 1)[0]["text"] == "Bạn nói: chậm"


def test_a_closed_window_sends_nothing_more(server, zalo):
    user = new_user()
    zalo.window_closed = True
    refused = len(zalo.refused)
    zalo.say(user, "dài")  # several messages: only the first is tried
    assert zalo.wait_until(lambda: len(zalo.refused) > refused)
    zalo.wait_for(user, 0, timeout=3, quiet=1.5)  # long enough for a wrong retry to show
    assert [r["code"] for r in zalo.refused[refused:]] == [-230] and zalo.replies(user) == []


def test_an_expired_token_is_refreshed_and_no_token_is_logged(server, zalo, caplog):
    caplog.set_level(logging.DEBUG)
    user = new_user()
    zalo.say(user, "trước")
    zalo.wait_for(user, 1)
    old = zalo.access_token
    zalo.expire_token()
    requests_before = len(zalo.token_requests)
    zalo.say(user, "sau")
    replies = zalo.wait_for(user, 2)
    assert [r["text"] for r in replies] == ["Bạn nói: trước", "Bạn nói: sau"]
    assert len(zalo.token_requests) == requests_before + 1
    assert "access token refreshed" in caplog.text  # the channel's logs are captured
    for secret in (old, zalo.access_token, zalo.refresh_token, zalo.app_secret, zalo.oa_secret_key):
        assert secret not in caplog.text


def test_the_channel_is_off_without_an_app_id(rasa, monkeypatch):
    for name in ("ZALO_APP_ID", "ZALO_OA_SECRET_KEY", "ZALO_APP_SECRET"):
        monkeypatch.delenv(name, raising=False)
    channel = ZaloInput.from_credentials(None)
    assert not channel.settings.enabled
    running = _serve(channel, rasa)
    try:
        base = f"{running.url}/webhooks/zalo"
        assert (
            requests.post(
                f"{base}/webhook", json={"event_name": "user_send_text"}, timeout=10
            ).status_code
            == 404
        )
        assert requests.get(f"{base}/", timeout=10).json() == {"status": "off"}
    finally:
        running.stop()


def test_settings_come_from_the_environment_and_credentials_override():
    env = {
        "ZALO_APP_ID": "1",
        "ZALO_OA_SECRET_KEY": "s",
        "ZALO_APP_SECRET": "a",
        "ZALO_MAX_BUTTONS": "3",
    }
    settings = ZaloSettings.load(env, {"api_base": "http://fake"})
    assert settings.enabled and settings.max_buttons == 3 and settings.api_base == "http://fake"
    assert settings.oauth_base == "https://oauth.zaloapp.com"
    assert not ZaloSettings.load({}).enabled
    with pytest.raises(ZaloConfigError, match="ZALO_OA_SECRET_KEY"):
        ZaloSettings.load({"ZALO_APP_ID": "1", "ZALO_APP_SECRET": "a"})
    with pytest.raises(ZaloConfigError, match="ZALO_BUTTON_TYPE"):
        ZaloSettings.load({**env, "ZALO_BUTTON_TYPE": "oa.open.url"})
