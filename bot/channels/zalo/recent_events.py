"""Events already accepted, so that Zalo's retries are answered once.

Held in the process (bounded, forgotten after Zalo's 12-hour retry period). Several
Rasa servers behind a load balancer would need a shared store instead.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Callable

RETRY_PERIOD_SECONDS = 13 * 3600


class RecentEvents:
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
