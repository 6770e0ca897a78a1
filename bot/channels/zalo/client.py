"""Sends consultation messages from the OA, handling Zalo's error codes.

Zalo answers errors with HTTP 200 and ``error != 0`` (spec/zalo-oa.md section 2):
- ``-216``/``-220`` token refused: refresh once, resend;
- window errors (the citizen is outside the messaging window): logged, not retried;
- ``-32`` rate limit and ``-100``: retried with exponential back-off;
- ``-235`` ("API does not support this type of OA", seen on government OAs): the same
  body goes to the v2 endpoint, for this message and every later one.
"""

from __future__ import annotations

import asyncio
import logging
from enum import Enum
from typing import Any, Dict

import aiohttp

from bot.channels.zalo.tokens import TokenError, TokenManager

logger = logging.getLogger(__name__)

V3_SEND = "/v3.0/oa/message/cs"
V2_SEND = "/v2.0/oa/message"
TOKEN_REFUSED = {-216, -220}
WINDOW_CLOSED = {-213, -217, -227, -230, -232, -234, -244}
RETRYABLE = {-32, -100}
V3_UNSUPPORTED = -235


class SendResult(Enum):
    SENT = "sent"
    WINDOW_CLOSED = "window_closed"
    FAILED = "failed"


class ZaloClient:
    def __init__(
        self,
        api_base: str,
        tokens: TokenManager,
        retries: int = 3,
        retry_base_seconds: float = 1.0,
    ) -> None:
        self.api_base = api_base.rstrip("/")
        self.tokens = tokens
        self.retries = retries
        self.retry_base_seconds = retry_base_seconds
        self.use_v2 = False

    async def send(
        self,
        session: aiohttp.ClientSession,
        user_id: str,
        message: Dict[str, Any],
        conversation: str = "",
    ) -> SendResult:
        """Sends one message; ``conversation`` (the hashed id) names it in logs."""
        body = {"recipient": {"user_id": user_id}, "message": message}
        refreshed = False
        attempt = 0
        while True:
            try:
                token = await self.tokens.access_token(session)
            except TokenError as exc:
                logger.error("zalo: cannot send to %s: %s", conversation, exc)
                return SendResult.FAILED
            path = V2_SEND if self.use_v2 else V3_SEND
            code, text = await self._post(session, path, body, token)
            if code == 0:
                return SendResult.SENT
            if code in TOKEN_REFUSED and not refreshed:
                refreshed = True
                logger.info("zalo: access token refused (error %s); refreshing", code)
                try:
                    await self.tokens.refresh(session, refused=token)
                except TokenError as exc:
                    logger.error("zalo: cannot send to %s: %s", conversation, exc)
                    return SendResult.FAILED
                continue
            if code in WINDOW_CLOSED:
                logger.warning(
                    "zalo: %s is outside the messaging window (error %s: %s); not retried",
                    conversation,
                    code,
                    text,
                )
                return SendResult.WINDOW_CLOSED
            if code == V3_UNSUPPORTED and not self.use_v2:
                logger.warning(
                    "zalo: v3 send refused with -235 (%s); using %s from now on", text, V2_SEND
                )
                self.use_v2 = True
                continue
            if (code in RETRYABLE or code is None) and attempt < self.retries:
                delay = self.retry_base_seconds * 2**attempt
                attempt += 1
                logger.warning(
                    "zalo: send to %s failed (error %s: %s); retry %s in %.1fs",
                    conversation,
                    code,
                    text,
                    attempt,
                    delay,
                )
                await asyncio.sleep(delay)
                continue
            logger.error("zalo: send to %s failed (error %s: %s)", conversation, code, text)
            return SendResult.FAILED

    async def _post(
        self, session: aiohttp.ClientSession, path: str, body: Dict[str, Any], token: str
    ) -> tuple[int | None, str]:
        """Zalo's error code (0 on success), None when the call itself failed."""
        try:
            async with session.post(
                self.api_base + path,
                json=body,
                headers={"access_token": token, "Content-Type": "application/json"},
            ) as response:
                if response.status != 200:
                    return None, f"HTTP {response.status}"
                data = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            return None, type(exc).__name__
        if not isinstance(data, dict):
            return None, "unexpected answer"
        try:
            return int(data.get("error", -1)), str(data.get("message", ""))[:200]
        except (TypeError, ValueError):
            return None, "unexpected answer"
