"""Limits on failed look-ups, kept in the service's database so they hold across restarts.

Two limits, checked and recorded in one ``BEGIN IMMEDIATE`` transaction together with
the look-up itself, so parallel requests (threads or processes sharing the database)
cannot overshoot them:

* **Per code, exponential back-off.** A code's first ``max_failures - 1`` failures cost
  nothing (typos). The ``max_failures``-th locks the code for ``lock_seconds``, and each
  further failure doubles the lock, up to ``max_lock_seconds``. While locked, the code
  is refused (429, reason ``code_locked``) without being checked, the right pair
  included, so guessing through a lock learns nothing. A success clears the code's
  failures; they are also forgotten after ``window_seconds`` without a new one. Unknown
  codes are counted like known ones, so a lock reveals nothing about which codes exist.
  The owner of a dossier under attack waits at most ``max_lock_seconds``.
* **Per client address, sliding window.** At most ``client_max_failures`` failures per
  ``client_window_seconds`` from one address (reason ``client_locked``). This bounds
  guessing across many codes, and it is what stops a conversation from starting over
  with a new sender id or ``/restart``.

Client addresses are stored as keyed hashes (``clients.client_key``) and only while they
count. Times are plain seconds (``float``) supplied by the caller, so tests pin the clock.
"""

from __future__ import annotations

import math
import secrets
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Literal

SCHEMA = """
CREATE TABLE IF NOT EXISTS code_failures (
    code         TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    last_failure REAL NOT NULL,
    locked_until REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS code_failures_by_time ON code_failures (last_failure);
CREATE TABLE IF NOT EXISTS client_failures (
    client TEXT NOT NULL,
    at     REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS client_failures_by_client ON client_failures (client, at);
CREATE INDEX IF NOT EXISTS client_failures_by_time ON client_failures (at);
CREATE TABLE IF NOT EXISTS limit_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

Reason = Literal["code_locked", "client_locked"]


@dataclass(frozen=True)
class LimitPolicy:
    max_failures: int = 5
    window_seconds: float = 86400
    lock_seconds: float = 60
    max_lock_seconds: float = 900
    client_max_failures: int = 20
    client_window_seconds: float = 3600

    def __post_init__(self) -> None:
        if self.max_failures < 1 or self.client_max_failures < 1:
            raise ValueError("failure limits must be at least 1")
        if (
            min(
                self.window_seconds,
                self.lock_seconds,
                self.max_lock_seconds,
                self.client_window_seconds,
            )
            <= 0
        ):
            raise ValueError("durations must be positive")

    def lock_after(self, failures: int) -> float:
        """Seconds a code is locked after its ``failures``-th failure in a row (0: not locked)."""
        if failures < self.max_failures:
            return 0.0
        doublings = min(failures - self.max_failures, 62)
        return float(min(self.lock_seconds * 2**doublings, self.max_lock_seconds))


@dataclass(frozen=True)
class Refusal:
    reason: Reason
    retry_after: int


def install(conn: sqlite3.Connection) -> bytes:
    """Create the limit tables if missing (never dropped); returns the address-hash key."""
    conn.executescript(SCHEMA)
    with conn:
        conn.execute(
            "INSERT OR IGNORE INTO limit_secrets (name, value) VALUES ('client_key', ?)",
            (secrets.token_hex(32),),
        )
    row = conn.execute("SELECT value FROM limit_secrets WHERE name = 'client_key'").fetchone()
    return bytes.fromhex(row[0])


class Attempt:
    """One look-up inside the limits' transaction: ask ``refusal()``, then record the result."""

    def __init__(
        self, conn: sqlite3.Connection, policy: LimitPolicy, code: str, client: str, now: float
    ):
        self._conn, self._policy, self.code, self.client, self.now = conn, policy, code, client, now

    def refusal(self) -> Refusal | None:
        policy, now = self._policy, self.now
        since = now - policy.client_window_seconds
        count, oldest = self._conn.execute(
            "SELECT COUNT(*), MIN(at) FROM client_failures WHERE client = ? AND at > ?",
            (self.client, since),
        ).fetchone()
        if count >= policy.client_max_failures:
            # The window frees a slot when the oldest counted failure leaves it.
            (frees_at,) = self._conn.execute(
                "SELECT at FROM client_failures WHERE client = ? AND at > ? "
                "ORDER BY at LIMIT 1 OFFSET ?",
                (self.client, since, count - policy.client_max_failures),
            ).fetchone()
            return Refusal("client_locked", _seconds(frees_at + policy.client_window_seconds - now))
        row = self._conn.execute(
            "SELECT locked_until FROM code_failures WHERE code = ?", (self.code,)
        ).fetchone()
        if row is not None and row[0] > now:
            return Refusal("code_locked", _seconds(row[0] - now))
        return None

    def failed(self) -> None:
        policy, now = self._policy, self.now
        row = self._conn.execute(
            "SELECT failures, last_failure FROM code_failures WHERE code = ?", (self.code,)
        ).fetchone()
        failures = 1 if row is None or now - row[1] >= policy.window_seconds else row[0] + 1
        locked_until = now + policy.lock_after(failures) if failures >= policy.max_failures else 0.0
        self._conn.execute(
            "INSERT INTO code_failures (code, failures, last_failure, locked_until) "
            "VALUES (?, ?, ?, ?) "
            "ON CONFLICT (code) DO UPDATE SET failures = excluded.failures, "
            "last_failure = excluded.last_failure, locked_until = excluded.locked_until",
            (self.code, failures, now, locked_until),
        )
        self._conn.execute(
            "INSERT INTO client_failures (client, at) VALUES (?, ?)", (self.client, now)
        )
        # Forget what no longer counts, so the tables stay small and nothing is kept longer.
        self._conn.execute(
            "DELETE FROM client_failures WHERE at <= ?", (now - policy.client_window_seconds,)
        )
        self._conn.execute(
            "DELETE FROM code_failures WHERE last_failure <= ? AND locked_until <= ?",
            (now - policy.window_seconds, now),
        )

    def succeeded(self) -> None:
        self._conn.execute("DELETE FROM code_failures WHERE code = ?", (self.code,))


def _seconds(value: float) -> int:
    return max(1, math.ceil(value))


class LookupLimits:
    def __init__(self, policy: LimitPolicy):
        self.policy = policy
        # Serialises this process's attempts (SQLite's busy wait is slow under contention,
        # and a shared-cache in-memory database has none); BEGIN IMMEDIATE serialises
        # processes sharing a database file.
        self._lock = threading.Lock()

    @contextmanager
    def attempt(
        self, conn: sqlite3.Connection, code: str, client: str, now: float
    ) -> Iterator[Attempt]:
        """A transaction holding the write lock from the check to the record."""
        with self._lock:
            previous = conn.isolation_level
            conn.isolation_level = None  # explicit transaction control
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield Attempt(conn, self.policy, code, client, now)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            else:
                conn.execute("COMMIT")
            finally:
                conn.isolation_level = previous

    def failures(self, conn: sqlite3.Connection, code: str) -> int:
        """Failures of ``code`` currently counted (for tests and operators)."""
        row = conn.execute("SELECT failures FROM code_failures WHERE code = ?", (code,)).fetchone()
        return 0 if row is None else row[0]
