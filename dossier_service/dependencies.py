"""FastAPI dependencies: settings, database connection, limits, client, clock."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Iterator

from fastapi import Depends, Request

from .clients import client_address, client_key
from .clock import Clock
from .db import Database
from .ratelimit import LookupLimits
from .settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_db(request: Request) -> Iterator[sqlite3.Connection]:
    database: Database = request.app.state.database
    conn = database.connect()
    try:
        yield conn
    finally:
        conn.close()


def get_limits(request: Request) -> LookupLimits:
    return request.app.state.limits


def get_client_key(request: Request) -> str:
    """The hashed address the per-client limit counts (see clients.py)."""
    state = request.app.state
    peer = request.client.host if request.client else None
    address = client_address(
        peer, request.headers.getlist("x-forwarded-for"), state.trusted_proxies
    )
    return client_key(address, state.client_secret)


def get_clock(request: Request) -> Clock:
    """Override in tests: ``app.dependency_overrides[get_clock] = lambda: fake_clock``."""
    return request.app.state.clock


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbDep = Annotated[sqlite3.Connection, Depends(get_db)]
LimitsDep = Annotated[LookupLimits, Depends(get_limits)]
ClientDep = Annotated[str, Depends(get_client_key)]
ClockDep = Annotated[Clock, Depends(get_clock)]
