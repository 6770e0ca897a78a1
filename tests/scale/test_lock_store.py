"""The Redis lock store under messages of one conversation arriving at two servers at
the same moment (two store instances, as two Rasa servers have), on a real Redis."""

from __future__ import annotations

import asyncio
import threading
import time

from bot.lock_store import AtomicRedisLockStore, redis_from_env

SERVERS = 2
MESSAGES = 40


def stores(url: str) -> list:
    return [AtomicRedisLockStore(**redis_from_env({"LOCK_STORE_URL": url})) for _ in range(SERVERS)]


def test_tickets_issued_at_once_by_two_servers_are_all_kept(redis_url):
    servers = stores(redis_url)
    start = threading.Barrier(MESSAGES)
    tickets = []

    def issue(n: int) -> None:
        start.wait()
        tickets.append(servers[n % SERVERS].issue_ticket("citizen-1"))

    threads = [threading.Thread(target=issue, args=(n,)) for n in range(MESSAGES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(tickets) == list(range(MESSAGES))
    lock = servers[0].get_lock("citizen-1")
    assert sorted(t.number for t in lock.tickets) == list(range(MESSAGES))


def test_only_one_message_of_a_conversation_runs_at_a_time(redis_url):
    servers = stores(redis_url)
    start = threading.Barrier(MESSAGES)
    guard = threading.Lock()
    state = {"inside": 0, "most": 0, "done": 0}
    errors = []

    async def handle(store) -> None:
        async with store.lock("citizen-2", lock_lifetime=120, wait_time_in_seconds=0.01):
            with guard:
                state["inside"] += 1
                state["most"] = max(state["most"], state["inside"])
            await asyncio.sleep(0.01)
            with guard:
                state["inside"] -= 1
                state["done"] += 1

    def message(n: int) -> None:
        start.wait()
        try:
            asyncio.run(handle(servers[n % SERVERS]))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=message, args=(n,)) for n in range(MESSAGES)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert state["done"] == MESSAGES and state["most"] == 1
    assert time.monotonic() - began >= MESSAGES * 0.01
    assert servers[1].get_lock("citizen-2") is None  # the last one cleaned up
