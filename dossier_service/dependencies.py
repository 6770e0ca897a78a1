"""FastAPI dependencies: settings, database connection, limiter, clock."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Iterator

from fastapi import Depends, Request

from .clock import Clock
from .db import Database
from .ratelimit import FailureLimiter
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


def get_limiter(request: Request) -> FailureLimiter:
    return request.app.state.limiter


def get_clock(request: Request) -> Clock:
    """Override in tests: ``app.dependency_overrides[get_clock] = lambda: fake_clock``."""
    return request.app.state.clock


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbDep = Annotated[sqlite3.Connection, Depends(get_db)]
LimiterDep = Annotated[FailureLimiter, Depends(get_limiter)]
ClockDep = Annotated[Clock, Depends(get_clock)]
