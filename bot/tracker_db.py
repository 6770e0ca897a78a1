"""Where the tracker store lives, from the environment.

``TRACKER_DB_URL`` (for example ``postgresql://rasa:SECRET@db.example:5432/rasa``, with
``?sslmode=require`` and other driver options as query parameters) puts the tracker
store on that database; every Rasa server of a deployment points at the same one.
Unset, the store stays the SQLite file of ``bot/endpoints.yml`` (``TRACKER_DB``).
"""

from __future__ import annotations

import os
from typing import Any, Dict, Mapping

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ENV_VAR = "TRACKER_DB_URL"


def database_from_env(environ: Mapping[str, str] = os.environ) -> Dict[str, Any]:
    """``SQLTrackerStore`` keyword arguments from ``TRACKER_DB_URL``; {} when unset."""
    raw = (environ.get(ENV_VAR) or "").strip()
    if not raw:
        return {}
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ValueError(
            f"{ENV_VAR} is not a database URL like postgresql://user:pw@host/db"
        ) from None
    if not url.drivername.startswith("postgresql") or not url.database or not url.host:
        raise ValueError(f"{ENV_VAR} must name a PostgreSQL host and database")
    return {
        "dialect": url.drivername,
        "host": url.host,
        "port": url.port,
        "db": url.database,
        "username": url.username,
        "password": url.password,
        "query": dict(url.query),
    }


def describe(environ: Mapping[str, str] = os.environ) -> str:
    """The tracker store in words, without the password (for start-up messages)."""
    settings = database_from_env(environ)
    if not settings:
        return f"SQLite {environ.get('TRACKER_DB', '')}"
    port = f":{settings['port']}" if settings["port"] else ""
    return f"PostgreSQL {settings['host']}{port}/{settings['db']}"
