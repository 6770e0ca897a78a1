"""The lock store, from the environment.

Rasa handles one message of a conversation at a time by taking that conversation's
lock. With several Rasa servers (or Sanic workers) the lock has to be shared:
``LOCK_STORE_URL`` (``redis://[:password@]host[:port][/db]``, ``rediss://`` for TLS)
puts it in Redis. Unset, the lock stays in memory, which is right for one server.

``bot/endpoints.yml`` names :class:`EnvLockStore`; Rasa calls it with the endpoint's
configuration and gets back Rasa's own ``RedisLockStore`` or ``InMemoryLockStore``.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Mapping
from urllib.parse import unquote, urlsplit

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

ENV_VAR = "LOCK_STORE_URL"
DEFAULT_PORT = 6379
DEFAULT_DB = 1  # Rasa's own default for its lock store


def redis_from_env(environ: Mapping[str, str] = os.environ) -> Dict[str, Any]:
    """``RedisLockStore`` keyword arguments from ``LOCK_STORE_URL``; {} when unset."""
    raw = (environ.get(ENV_VAR) or "").strip()
    if not raw:
        return {}
    parts = urlsplit(raw)
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


class EnvLockStore:
    """A factory with a class's face: Rasa only loads classes from endpoint files."""

    def __new__(cls, endpoint_config: Any = None, **_: Any) -> LockStore:  # type: ignore[misc]
        settings = redis_from_env()
        if settings:
            return RedisLockStore(**settings)
        return InMemoryLockStore()
