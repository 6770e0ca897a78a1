"""The OA's access and refresh tokens (spec/zalo-oa.md section 2, "Tokens").

Kept in a JSON file readable by its owner only (0600), replaced atomically (write to a
temporary file, fsync, rename). The refresh token is single-use and rotating, so a
refresh holds an exclusive lock on ``<store>.lock`` (one process at a time) and an
asyncio lock (one task at a time); a process that waited for the lock uses the pair
the other one just stored. ``ZALO_REFRESH_TOKEN`` seeds an empty store. Tokens are
never logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import logging
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import aiohttp

logger = logging.getLogger(__name__)

# Refresh this long before the access token's end (it lasts 25 hours).
EARLY_REFRESH_SECONDS = 600
REFRESH_ERRORS = {
    -14005: "the refresh token has expired",
    -14006: "the refresh token is invalid",
}


class TokenError(RuntimeError):
    """No usable access token; the message is safe to log (it holds no token)."""


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: float

    def fresh(self, now: float) -> bool:
        return bool(self.access_token) and now < self.expires_at - EARLY_REFRESH_SECONDS

    def __repr__(self) -> str:  # never show a token in a log or a traceback
        return f"Tokens(expires_at={self.expires_at:.0f})"


class TokenFile:
    """The file that holds the token pair."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def read(self) -> Tokens | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return Tokens(
                str(data["access_token"]), str(data["refresh_token"]), float(data["expires_at"])
            )
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            logger.error("zalo: token store %s is unreadable; using ZALO_REFRESH_TOKEN", self.path)
            return None

    def write(self, tokens: Tokens) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".zalo_tokens.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(asdict(tokens), handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Blocks until no other process refreshes."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


class TokenManager:
    def __init__(
        self,
        store: TokenFile,
        oauth_base: str,
        app_id: str,
        app_secret: str,
        seed_refresh_token: str = "",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.url = oauth_base.rstrip("/") + "/v4/oa/access_token"
        self.app_id = app_id
        self.app_secret = app_secret
        self.seed_refresh_token = seed_refresh_token
        self.clock = clock
        self._lock = asyncio.Lock()

    async def access_token(self, session: aiohttp.ClientSession) -> str:
        tokens = self.store.read()
        if tokens and tokens.fresh(self.clock()):
            return tokens.access_token
        return await self.refresh(session, refused=tokens.access_token if tokens else None)

    async def refresh(self, session: aiohttp.ClientSession, refused: str | None) -> str:
        """A new access token; ``refused`` is the one Zalo refused (or that expired)."""
        async with self._lock:
            lock = self.store.exclusive()
            await asyncio.to_thread(lock.__enter__)
            try:
                current = self.store.read()
                if current and current.access_token != refused and current.fresh(self.clock()):
                    return current.access_token  # another task or process refreshed
                refresh_token = current.refresh_token if current else self.seed_refresh_token
                if not refresh_token:
                    raise TokenError(
                        "no refresh token: set ZALO_REFRESH_TOKEN (README, section Zalo OA)"
                    )
                tokens = await self._request(session, refresh_token)
                await asyncio.to_thread(self.store.write, tokens)
                logger.info("zalo: access token refreshed")
                return tokens.access_token
            finally:
                lock.__exit__(None, None, None)

    async def _request(self, session: aiohttp.ClientSession, refresh_token: str) -> Tokens:
        form = {
            "refresh_token": refresh_token,
            "app_id": self.app_id,
            "grant_type": "refresh_token",
        }
        try:
            async with session.post(
                self.url, data=form, headers={"secret_key": self.app_secret}
            ) as response:
                data: Any = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise TokenError(f"token refresh failed: {type(exc).__name__}") from None
        if (
            not isinstance(data, dict)
            or not data.get("access_token")
            or not data.get("refresh_token")
        ):
            code = data.get("error") if isinstance(data, dict) else None
            reason = REFRESH_ERRORS.get(code, "refused")
            raise TokenError(
                f"token refresh {reason} (error {code}); an OA admin must grant the app "
                "again and set ZALO_REFRESH_TOKEN (README, section Zalo OA)"
            )
        try:
            lifetime = float(data.get("expires_in") or 0)  # a string in Zalo's answer
        except ValueError:
            lifetime = 0.0
        return Tokens(
            str(data["access_token"]), str(data["refresh_token"]), self.clock() + lifetime
        )
