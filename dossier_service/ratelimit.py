"""Sliding-window limit on failed look-ups, per normalised dossier code.

When a code has ``max_failures`` failed look-ups within the last ``window_seconds``,
every further look-up of that code is refused (429) until enough of those failures
have left the window. Unknown codes are counted like known ones, so the limit does not
reveal which codes exist. A success resets nothing; failures only expire.

Times are plain seconds (``float``) supplied by the caller, so a test can pin the clock.
"""

from __future__ import annotations

import math
import threading
from collections import deque

#: Above this many tracked codes, expired entries of all codes are swept.
_SWEEP_THRESHOLD = 10_000


class FailureLimiter:
    def __init__(self, max_failures: int, window_seconds: float):
        if max_failures < 1:
            raise ValueError("max_failures must be at least 1")
        if window_seconds <= 0:
            raise ValueError("window_seconds must be positive")
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window_seconds:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def retry_after(self, key: str, now: float) -> int | None:
        """Seconds (at least 1) until ``key`` may be tried again, or None if allowed now."""
        with self._lock:
            times = self._prune(key, now)
            if times is None or len(times) < self.max_failures:
                return None
            # The failure whose expiry brings the count back under the limit.
            frees_at = times[len(times) - self.max_failures] + self.window_seconds
            return max(1, math.ceil(frees_at - now))

    def record_failure(self, key: str, now: float) -> None:
        with self._lock:
            if len(self._failures) >= _SWEEP_THRESHOLD:
                for other in list(self._failures):
                    self._prune(other, now)
            self._failures.setdefault(key, deque()).append(now)

    def failures(self, key: str, now: float) -> int:
        """Failures of ``key`` still inside the window."""
        with self._lock:
            times = self._prune(key, now)
            return 0 if times is None else len(times)
