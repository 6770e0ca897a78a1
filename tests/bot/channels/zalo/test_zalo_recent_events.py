"""Which store remembers Zalo's events, and what happens when Redis fails (the shared
store on a real Redis is tested in tests/scale/test_zalo_shared_events.py)."""

from __future__ import annotations

import asyncio

import pytest

from bot.channels.zalo.recent_events import (
    RecentEvents,
    SharedRecentEvents,
    recent_events_from_env,
)


class BrokenRedis:
    def __init__(self) -> None:
        self.calls = 0

    async def set(self, *args, **kwargs):
        self.calls += 1
        raise ConnectionError("connection refused")


def test_one_server_keeps_the_events_in_its_process():
    assert isinstance(recent_events_from_env({}), RecentEvents)


def test_with_the_deployment_redis_the_events_are_shared():
    store = recent_events_from_env({"LOCK_STORE_URL": "redis://127.0.0.1:6390/2"})
    assert isinstance(store, SharedRecentEvents)


def test_a_bad_redis_url_stops_start_up_naming_the_variable():
    with pytest.raises(ValueError, match="LOCK_STORE_URL"):
        recent_events_from_env({"LOCK_STORE_URL": "http://example"})


def test_without_redis_events_are_still_answered_once_per_server(caplog):
    broken = BrokenRedis()
    store = SharedRecentEvents(broken)

    async def claims():
        return [await store.claim("msg:1"), await store.claim("msg:1"), await store.claim("msg:2")]

    assert asyncio.run(claims()) == [True, False, True]
    assert broken.calls == 3
    assert "Redis unavailable" in caplog.text
