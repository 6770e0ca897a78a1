"""Zalo retries reaching another Rasa server: two channel stores on one real Redis
claim each event once between them."""

from __future__ import annotations

import asyncio

from bot.channels.zalo.recent_events import SharedRecentEvents, recent_events_from_env

EVENTS = 50


def test_each_event_is_claimed_once_by_two_servers(redis_url):
    async def run():
        servers = [recent_events_from_env({"LOCK_STORE_URL": redis_url}) for _ in range(2)]
        assert all(isinstance(s, SharedRecentEvents) for s in servers)
        # Every event delivered to both servers at once, as a retry racing the original.
        claims = await asyncio.gather(
            *(server.claim(f"msg:{n}") for n in range(EVENTS) for server in servers)
        )
        return [claims[2 * n] + claims[2 * n + 1] for n in range(EVENTS)]

    assert asyncio.run(run()) == [1] * EVENTS
