"""A per-sender message rate limit for the chat channels.

At most ``CHAT_RATE_LIMIT_MESSAGES`` messages (default 30) per sender within
``CHAT_RATE_LIMIT_WINDOW_SECONDS`` (default 60), a sliding window kept in memory:
enough for anyone typing or clicking buttons, not for a script flooding the NLU.
The sender id is chosen by the client, so this bounds one conversation's cost; the
dossier service limits lookups per client address on its side. Each Sanic worker
keeps its own counts.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import OrderedDict, deque
from typing import Callable, Deque, Tuple

DEFAULT_MESSAGES = 30
DEFAULT_WINDOW_SECONDS = 60.0
# Senders remembered at most; the least recently seen are forgotten first.
MAX_SENDERS = 50_000


class SenderRateLimiter:
    def __init__(
        self,
        max_messages: int = DEFAULT_MESSAGES,
        window_seconds: float = DEFAULT_WINDOW_SECONDS,
        max_senders: int = MAX_SENDERS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_messages = max_messages
        self.window = window_seconds
        self.max_senders = max_senders
        self.clock = clock
        self._seen: OrderedDict[str, Deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls) -> SenderRateLimiter:
        messages = int(os.environ.get("CHAT_RATE_LIMIT_MESSAGES") or DEFAULT_MESSAGES)
        window = float(os.environ.get("CHAT_RATE_LIMIT_WINDOW_SECONDS") or DEFAULT_WINDOW_SECONDS)
        return cls(max(messages, 1), max(window, 0.001))

    def check(self, sender: str) -> Tuple[bool, int]:
        """Records one message; (allowed, seconds to wait when it is not)."""
        now = self.clock()
        with self._lock:
            stamps = self._seen.pop(sender, None) or deque()
            while stamps and stamps[0] <= now - self.window:
                stamps.popleft()
            allowed = len(stamps) < self.max_messages
            if allowed:
                stamps.append(now)
            self._seen[sender] = stamps
            while len(self._seen) > self.max_senders:
                self._seen.popitem(last=False)
            retry_after = 0 if allowed else max(1, math.ceil(stamps[0] + self.window - now))
        return allowed, retry_after


_shared: SenderRateLimiter | None = None


def shared_limiter() -> SenderRateLimiter:
    """One limiter for every chat channel of this process, configured from the env."""
    global _shared
    if _shared is None:
        _shared = SenderRateLimiter.from_env()
    return _shared
