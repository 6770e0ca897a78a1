"""Sending through the fake Zalo: the error codes of the contract and what follows."""

from __future__ import annotations

import logging

import aiohttp
import pytest

from bot.channels.zalo.client import SendResult, ZaloClient
from bot.channels.zalo.tokens import TokenFile, TokenManager
from tests.support.fake_zalo import FakeZalo

USER = "246845883529197922"
HELLO = {"text": "Xin chào"}


@pytest.fixture
def zalo():
    fake = FakeZalo()
    yield fake
    fake.close()


@pytest.fixture
def client(zalo, tmp_path):
    tokens = TokenManager(
        TokenFile(tmp_path / "tokens.json"),
        zalo.url,
        zalo.app_id,
        zalo.app_secret,
        zalo.refresh_token,
    )
    return ZaloClient(zalo.url, tokens, retries=3, retry_base_seconds=0.01)


async def _send(client, message=HELLO):
    async with aiohttp.ClientSession() as session:
        return await client.send(session, USER, message, "zalo-test")


async def test_a_message_is_sent_to_the_v3_consultation_endpoint(client, zalo):
    assert await _send(client) is SendResult.SENT
    assert zalo.sent[0]["path"] == "/v3.0/oa/message/cs"
    assert zalo.replies(USER) == [HELLO]


async def test_a_refused_token_is_refreshed_once_and_the_message_resent_once(client, zalo):
    await _send(client)
    zalo.expire_token()
    assert await _send(client, {"text": "lần hai"}) is SendResult.SENT
    assert zalo.replies(USER) == [HELLO, {"text": "lần hai"}]
    assert [r["code"] for r in zalo.refused] == [-216]
    assert len(zalo.token_requests) == 2


async def test_a_token_refused_again_after_the_refresh_is_not_retried_forever(
    client, zalo, monkeypatch
):
    await _send(client)
    original = zalo._token

    def refresh_then_revoke(handler, raw):
        original(handler, raw)
        zalo.expire_token()

    monkeypatch.setattr(zalo, "_token", refresh_then_revoke)
    zalo.expire_token()
    assert await _send(client) is SendResult.FAILED
    assert [r["code"] for r in zalo.refused] == [-216, -216]


async def test_a_closed_window_is_logged_and_not_retried(client, zalo, caplog):
    zalo.window_closed = True
    with caplog.at_level(logging.WARNING):
        assert await _send(client) is SendResult.WINDOW_CLOSED
    assert [r["code"] for r in zalo.refused] == [-230]
    assert "messaging window" in caplog.text and USER not in caplog.text


async def test_rate_limits_are_retried_with_back_off(client, zalo):
    zalo.rate_limited = 2
    assert await _send(client) is SendResult.SENT
    assert [r["code"] for r in zalo.refused] == [-32, -32]
    assert zalo.replies(USER) == [HELLO]


async def test_a_rate_limit_that_lasts_gives_up_after_the_retries(client, zalo):
    zalo.rate_limited = 10
    assert await _send(client) is SendResult.FAILED
    assert len(zalo.refused) == 4 and zalo.replies(USER) == []


async def test_minus_235_falls_back_to_v2_for_this_and_later_messages(client, zalo):
    zalo.v3_unsupported = True
    assert await _send(client) is SendResult.SENT
    assert await _send(client, {"text": "sau"}) is SendResult.SENT
    assert [r["code"] for r in zalo.refused] == [-235]
    assert [s["path"] for s in zalo.sent] == ["/v2.0/oa/message", "/v2.0/oa/message"]


async def test_an_invalid_message_is_a_permanent_failure(client, zalo):
    assert await _send(client, {"text": "x" * 2001}) is SendResult.FAILED
    assert [r["code"] for r in zalo.refused] == [-201]


async def test_zalo_unreachable_is_retried_then_fails(zalo, tmp_path):
    tokens = TokenManager(
        TokenFile(tmp_path / "t.json"), zalo.url, zalo.app_id, zalo.app_secret, zalo.refresh_token
    )
    client = ZaloClient("http://127.0.0.1:9", tokens, retries=2, retry_base_seconds=0.01)
    assert await _send(client) is SendResult.FAILED
