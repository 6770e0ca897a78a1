"""Events already accepted, so that Zalo's retries are answered once.

One Rasa server: held in the process (bounded, forgotten after Zalo's 12-hour retry
period). Several Rasa servers behind a load balancer (``LOCK_STORE_URL`` set, the
deployment's Redis): a retry may reach another server, so the keys live in Redis
(``SET NX`` with the same expiry), where the first server to see an event claims it.
"""

from __future__ import annotations

import logging
import os
import time
from collections import OrderedDict
from typing import Any, Callable, Mapping, Protocol

from bot.lock_store import redis_from_env

logger = logging.getLogger(__name__)

RETRY_PERIOD_SECONDS = 13 * 3600
REDIS_PREFIX = "zalo:event:"


class EventClaims(Protocol):
    async def claim(self, key: str) -> bool:
        """True for the first server and the first time an event key is seen."""
        ...


class RecentEvents:
    """In the process: enough for one Rasa server."""

    def __init__(
        self,
        max_size: int = 50_000,
        ttl: float = RETRY_PERIOD_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._max_size = max_size
        self._ttl = ttl
        self._clock = clock

    def first_time(self, key: str) -> bool:
        """True the first time a key is given (and remembers it), False afterwards."""
        now = self._clock()
        while self._seen:  # forget what Zalo no longer retries
            oldest, at = next(iter(self._seen.items()))
            if now - at < self._ttl:
                break
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        while len(self._seen) >= self._max_size:
            self._seen.popitem(last=False)
        self._seen[key] = now
        return True

    async def claim(self, key: str) -> bool:
        return self.first_time(key)


class SharedRecentEvents:
    """In Redis, shared by every Rasa server. When Redis cannot be reached, the event is
    checked against this process's memory instead: a retry that reaches the same server
    is still answered once, and no citizen's message is dropped for want of Redis."""

    def __init__(self, client: Any, ttl: float = RETRY_PERIOD_SECONDS) -> None:
        self._client = client  # a redis.asyncio.Redis (or anything with its async set())
        self._ttl = int(ttl)
        self._local = RecentEvents(ttl=ttl)

    async def claim(self, key: str) -> bool:
        try:
            claimed = await self._client.set(REDIS_PREFIX + key, b"1", nx=True, ex=self._ttl)
        except Exception as exc:  # any Redis failure: fall back, and say so
            logger.warning("zalo: Redis unavailable for retried events (%s)", type(exc).__name__)
            return self._local.first_time(key)
        return bool(claimed)


def recent_events_from_env(environ: Mapping[str, str] | None = None) -> EventClaims:
    """The store for this deployment: Redis when ``LOCK_STORE_URL`` is set."""
    kwargs = redis_from_env(os.environ if environ is None else environ)
    if not kwargs:
        return RecentEvents()
    from redis.asyncio import Redis

    client = Redis(
        host=kwargs["host"],
        port=kwargs["port"],
        db=kwargs["db"],
        username=kwargs["username"],
        password=kwargs["password"],
        ssl=kwargs["use_ssl"],
        socket_timeout=1.0,
        socket_connect_timeout=1.0,
    )
    return SharedRecentEvents(client)
