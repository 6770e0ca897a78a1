"""The token store against the fake Zalo: seeding, rotation, one refresh at a time."""

from __future__ import annotations

import asyncio
import json
import logging
import stat

import aiohttp
import pytest

from bot.channels.zalo.tokens import TokenError, TokenFile, TokenManager
from tests.support.fake_zalo import FakeZalo


@pytest.fixture
def zalo():
    fake = FakeZalo()
    yield fake
    fake.close()


def _manager(zalo, path, seed=None):
    return TokenManager(
        TokenFile(path),
        zalo.url,
        zalo.app_id,
        zalo.app_secret,
        zalo.refresh_token if seed is None else seed,
    )


async def test_the_seed_refresh_token_gets_an_access_token_stored_owner_only(zalo, tmp_path):
    path = tmp_path / "zalo" / "tokens.json"
    seed = zalo.refresh_token
    async with aiohttp.ClientSession() as session:
        token = await _manager(zalo, path).access_token(session)
    assert token == zalo.access_token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = json.loads(path.read_text())
    assert stored["access_token"] == token
    assert stored["refresh_token"] == zalo.refresh_token != seed  # rotated
    assert zalo.token_requests == [{"grant_type": "refresh_token", "app_id": zalo.app_id}]
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


async def test_a_fresh_token_is_reused_and_a_refused_one_is_refreshed_with_the_rotated_pair(
    zalo, tmp_path
):
    manager = _manager(zalo, tmp_path / "tokens.json")
    async with aiohttp.ClientSession() as session:
        first = await manager.access_token(session)
        assert await manager.access_token(session) == first
        assert len(zalo.token_requests) == 1
        second = await manager.refresh(session, refused=first)
    assert second != first and second == zalo.access_token
    assert len(zalo.token_requests) == 2


async def test_the_store_wins_over_the_seed_after_rotation(zalo, tmp_path):
    path = tmp_path / "tokens.json"
    seed = zalo.refresh_token
    async with aiohttp.ClientSession() as session:
        await _manager(zalo, path, seed).access_token(session)
        # A restart with the old seed still in the environment: the stored pair is used.
        restarted = _manager(zalo, path, seed)
        token = await restarted.refresh(session, refused=zalo.access_token)
    assert token == zalo.access_token and len(zalo.token_requests) == 2


async def test_two_processes_refreshing_at_once_use_the_refresh_token_once(zalo, tmp_path):
    path = tmp_path / "tokens.json"
    one, two = _manager(zalo, path), _manager(zalo, path)
    async with aiohttp.ClientSession() as session:
        tokens = await asyncio.gather(one.access_token(session), two.access_token(session))
    assert tokens[0] == tokens[1] == zalo.access_token
    assert len(zalo.token_requests) == 1


async def test_a_used_refresh_token_is_refused_with_a_message_that_holds_no_token(
    zalo, tmp_path, caplog
):
    caplog.set_level(logging.DEBUG)
    stale = zalo.refresh_token
    async with aiohttp.ClientSession() as session:
        await _manager(zalo, tmp_path / "a.json").access_token(session)
        with pytest.raises(TokenError) as refused:
            await _manager(zalo, tmp_path / "b.json", stale).access_token(session)
    assert "-14006" in str(refused.value) and "ZALO_REFRESH_TOKEN" in str(refused.value)
    for secret in (stale, zalo.refresh_token, zalo.access_token, zalo.app_secret):
        assert secret not in str(refused.value) and secret not in caplog.text


async def test_no_refresh_token_at_all_is_a_clear_error(zalo, tmp_path):
    async with aiohttp.ClientSession() as session:
        with pytest.raises(TokenError, match="ZALO_REFRESH_TOKEN"):
            await _manager(zalo, tmp_path / "t.json", seed="").access_token(session)
    assert zalo.token_requests == []
