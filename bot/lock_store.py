"""The lock store, from the environment.

Rasa handles one message of a conversation at a time by taking that conversation's
lock. With several Rasa servers (or Sanic workers) the lock has to be shared:
``LOCK_STORE_URL`` (``redis://[:password@]host[:port][/db]``, ``rediss://`` for TLS)
puts it in Redis. Unset, the lock stays in memory, which is right for one server.

``bot/endpoints.yml`` names :class:`EnvLockStore`; Rasa calls it with the endpoint's
configuration and gets back an :class:`AtomicRedisLockStore` or Rasa's own
``InMemoryLockStore``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Dict, Iterator, Mapping
from urllib.parse import unquote, urlsplit

from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockStore, RedisLockStore

ENV_VAR = "LOCK_STORE_URL"
DEFAULT_PORT = 6379
DEFAULT_DB = 1  # Rasa's own default for its lock store


def redis_from_env(environ: Mapping[str, str] = os.environ) -> Dict[str, Any]:
    """``RedisLockStore`` keyword arguments from ``LOCK_STORE_URL``; {} when unset."""
    raw = (environ.get(ENV_VAR) or "").strip()
    if not raw:
        return {}
    parts = urlsplit(raw)
    port: int | None
    db: int | None
    try:
        port = parts.port or DEFAULT_PORT
        path = parts.path.strip("/")
        db = int(path) if path else DEFAULT_DB
    except ValueError:
        port = db = None
    if parts.scheme not in ("redis", "rediss") or not parts.hostname or port is None:
        raise ValueError(f"{ENV_VAR} is not a Redis URL like redis://:password@host:6379/1")
    return {
        "host": parts.hostname,
        "port": port,
        "db": db,
        "username": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "use_ssl": parts.scheme == "rediss",
    }


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store, with each change of a conversation's ticket queue atomic.

    Rasa reads a conversation's queue from Redis, changes it and writes it back. Two
    servers doing that at the same moment (messages of one conversation arriving at
    both) overwrite each other's tickets: a message then runs alongside another and
    events are lost, or finds the lock deleted under it (``LockError``). Here each such
    read-change-write holds a short Redis mutex of that conversation (``SET NX`` with
    an expiry, released by token), so the queue is changed by one server at a time.
    """

    #: Longest hold of a mutex (a server that dies holding one frees it after this).
    MUTEX_SECONDS = 5
    #: Longest wait for a mutex; each holder keeps it for a few Redis round trips.
    MUTEX_WAIT_SECONDS = 5

    @contextmanager
    def _mutex(self, conversation_id: str) -> Iterator[None]:
        mutex = self.red.lock(
            f"mutex:{self.key_prefix}{conversation_id}",
            timeout=self.MUTEX_SECONDS,
            sleep=0.005,
            blocking_timeout=self.MUTEX_WAIT_SECONDS,
        )
        with mutex:
            yield

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)


class EnvLockStore:
    """A factory with a class's face: Rasa only loads classes from endpoint files."""

    def __new__(cls, endpoint_config: Any = None, **_: Any) -> LockStore:  # type: ignore[misc]
        settings = redis_from_env()
        if settings:
            return AtomicRedisLockStore(**settings)
        return InMemoryLockStore()
