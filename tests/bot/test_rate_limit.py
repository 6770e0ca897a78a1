"""The per-sender message rate limit."""

from __future__ import annotations

from bot.channels.rate_limit import SenderRateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_holds_within_the_window_and_frees_up_after_it():
    clock = Clock()
    limiter = SenderRateLimiter(max_messages=3, window_seconds=60, clock=clock)
    assert [limiter.check("a")[0] for _ in range(3)] == [True, True, True]
    clock.now += 10
    assert limiter.check("a") == (False, 50)
    clock.now += 49
    assert limiter.check("a") == (False, 1)
    clock.now += 1.01
    assert limiter.check("a") == (True, 0)


def test_refused_messages_do_not_extend_the_wait():
    clock = Clock()
    limiter = SenderRateLimiter(max_messages=1, window_seconds=10, clock=clock)
    assert limiter.check("a")[0]
    for _ in range(100):
        clock.now += 0.05
        assert not limiter.check("a")[0]
    clock.now += 5.1
    assert limiter.check("a")[0]


def test_senders_are_counted_apart():
    limiter = SenderRateLimiter(max_messages=1, window_seconds=60)
    assert limiter.check("a")[0] and limiter.check("b")[0]
    assert not limiter.check("a")[0]


def test_memory_is_bounded_by_forgetting_the_least_recent_senders():
    limiter = SenderRateLimiter(max_messages=1, window_seconds=60, max_senders=100)
    for i in range(1000):
        limiter.check(f"s{i}")
    assert len(limiter._seen) == 100
    assert limiter.check("s999") == (False, 60)


def test_configuration_from_the_environment(monkeypatch):
    monkeypatch.setenv("CHAT_RATE_LIMIT_MESSAGES", "7")
    monkeypatch.setenv("CHAT_RATE_LIMIT_WINDOW_SECONDS", "30")
    limiter = SenderRateLimiter.from_env()
    assert (limiter.max_messages, limiter.window) == (7, 30.0)
    monkeypatch.delenv("CHAT_RATE_LIMIT_MESSAGES")
    monkeypatch.delenv("CHAT_RATE_LIMIT_WINDOW_SECONDS")
    assert SenderRateLimiter.from_env().max_messages == 30
