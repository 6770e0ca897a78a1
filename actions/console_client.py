"""The only client of the centre's console (console/): phone holds and hand-off requests.

Calls are authenticated with the shared secret ``CONSOLE_API_TOKEN``, have short
timeouts and run in a worker thread so that the action server's event loop never
blocks. Any failure comes back as ``None``; the caller apologises and gives contacts.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from typing import Any, Dict

import requests

logger = logging.getLogger(__name__)
TIMEOUT = 3.0


@dataclass(frozen=True)
class ConsoleClient:
    base_url: str
    token: str
    timeout: float = TIMEOUT

    @classmethod
    def from_env(cls) -> ConsoleClient:
        port = os.environ.get("CONSOLE_PORT", "8002")
        url = os.environ.get("CONSOLE_URL") or f"http://127.0.0.1:{port}"
        return cls(url.rstrip("/"), os.environ.get("CONSOLE_API_TOKEN", ""))

    def _call(self, method: str, path: str, body: Dict[str, Any] | None = None):
        if not self.token:
            logger.warning("CONSOLE_API_TOKEN is not set: hand-off requests cannot be sent")
            return None
        try:
            response = requests.request(
                method,
                f"{self.base_url}{path}",
                json=body,
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            logger.warning("console unreachable: %s", type(exc).__name__)
            return None
        if response.status_code >= 400:
            logger.warning("console answered %s on %s", response.status_code, path)
            return None
        try:
            return response.json()
        except ValueError:
            logger.warning("console answered garbage on %s", path)
            return None

    async def _async(self, method: str, path: str, body: Dict[str, Any] | None = None):
        try:
            return await asyncio.wait_for(
                asyncio.to_thread(self._call, method, path, body), timeout=self.timeout + 1
            )
        except asyncio.TimeoutError:
            return None

    async def hold_phone(self, phone: str) -> str | None:
        """Leaves the number with the console; returns the hold id that stands for it."""
        body = await self._async("POST", "/internal/phone-holds", {"phone": phone})
        hold = (body or {}).get("hold") if isinstance(body, dict) else None
        return hold if isinstance(hold, str) and hold else None

    async def drop_phone(self, hold: str) -> None:
        await self._async("DELETE", f"/internal/phone-holds/{hold}")

    async def create_request(self, request: Dict[str, Any]) -> str | None:
        """Creates a hand-off request; returns its number (e.g. YC-000042)."""
        body = await self._async("POST", "/internal/requests", request)
        number = (body or {}).get("number") if isinstance(body, dict) else None
        return number if isinstance(number, str) and number else None
