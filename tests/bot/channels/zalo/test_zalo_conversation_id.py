"""Conversation ids: a keyed hash of the Zalo user id, never the id itself."""

from __future__ import annotations

from bot.channels.zalo.conversation_id import conversation_id
from bot.channels.zalo.recent_events import RecentEvents

USER = "246845883529197922"


def test_the_id_is_stable_keyed_and_does_not_contain_the_zalo_id():
    first = conversation_id(b"key-1", USER)
    assert first == conversation_id(b"key-1", USER)
    assert first != conversation_id(b"key-2", USER)
    assert first != conversation_id(b"key-1", USER[:-1] + "3")
    assert USER not in first and first.startswith("zalo-")


def test_an_event_is_new_once_then_a_duplicate_until_it_is_forgotten():
    now = [0.0]
    recent = RecentEvents(max_size=3, ttl=100, clock=lambda: now[0])
    assert recent.first_time("a") and not recent.first_time("a")
    now[0] = 150
    assert recent.first_time("a")


def test_the_memory_is_bounded():
    recent = RecentEvents(max_size=2, ttl=100, clock=lambda: 0.0)
    for key in "abc":
        assert recent.first_time(key)
    assert recent.first_time("a")  # the oldest was dropped
    assert not recent.first_time("c")
