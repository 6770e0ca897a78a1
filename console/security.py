"""Passwords (argon2), session tokens, CSRF tokens and the login attempt limit."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone
from typing import overload

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from console.models import LoginFailure, Staff, StaffSession, utcnow
from console.settings import Settings

SESSION_COOKIE = "console_session"
LOGIN_CSRF_COOKIE = "console_login_csrf"
_hasher = PasswordHasher()
# Verified against when the user does not exist, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not a password")
MIN_PASSWORD = 10


@overload
def as_utc(value: datetime) -> datetime: ...


@overload
def as_utc(value: None) -> None: ...


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; everything stored is UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"password must have at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def verify_password(staff: Staff | None, password: str) -> bool:
    try:
        _hasher.verify(staff.password_hash if staff else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return staff is not None and staff.active


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


def open_session(db: Session, staff: Staff, settings: Settings) -> str:
    token = new_token()
    db.add(
        StaffSession(
            token_hash=token_hash(token),
            staff_id=staff.id,
            csrf_token=new_token(),
            expires_at=utcnow() + timedelta(hours=settings.session_hours),
        )
    )
    db.execute(delete(StaffSession).where(StaffSession.expires_at < utcnow()))
    db.commit()
    return token


def find_session(db: Session, token: str | None) -> StaffSession | None:
    if not token:
        return None
    found = db.get(StaffSession, token_hash(token))
    if found is None or as_utc(found.expires_at) < utcnow() or not found.staff.active:
        return None
    return found


def close_session(db: Session, token: str | None) -> None:
    if token:
        db.execute(delete(StaffSession).where(StaffSession.token_hash == token_hash(token)))
        db.commit()


class LoginLimiter:
    """At most N failed logins per user name and per client address in a window."""

    def __init__(self, settings: Settings) -> None:
        self.max = settings.login_max_failures
        self.window = timedelta(minutes=settings.login_window_minutes)

    def _since(self) -> datetime:
        return utcnow() - self.window

    def retry_after(self, db: Session, username: str, client: str) -> int:
        """Seconds until a new attempt is allowed; 0 when allowed now."""
        since = self._since()
        worst = 0
        for column, value in ((LoginFailure.username, username), (LoginFailure.client, client)):
            count, oldest = db.execute(
                select(func.count(), func.min(LoginFailure.at)).where(
                    column == value, LoginFailure.at >= since
                )
            ).one()
            if count >= self.max and oldest is not None:
                wait = (as_utc(oldest) + self.window - utcnow()).total_seconds()
                worst = max(worst, int(wait) + 1)
        return worst

    def failed(self, db: Session, username: str, client: str) -> None:
        db.add(LoginFailure(username=username, client=client))
        db.execute(delete(LoginFailure).where(LoginFailure.at < self._since()))
        db.commit()

    def succeeded(self, db: Session, username: str) -> None:
        db.execute(delete(LoginFailure).where(LoginFailure.username == username))
        db.commit()
