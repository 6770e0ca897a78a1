"""The Zalo Official Account input channel (API v3), registered as ``zalo``.

Routes (Rasa puts a channel under ``/webhooks/<name>``):
- ``POST /webhooks/zalo/webhook``  Zalo's events: signature checked over the raw body
  first, 200 at once, the message handled after the acknowledgement;
- ``GET  /webhooks/zalo/webhook``  200, for Zalo's check when the URL is saved;
- ``GET  /webhooks/zalo/``         {"status": "ok" | "off"};

Off (every webhook call answers 404) unless ``ZALO_APP_ID`` is set. The contract is
``spec/zalo-oa.md``; the README's "Zalo OA" section explains the setup.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Set

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.input_checks import MAX_CHARS, clean_text
from bot.channels.zalo import signature, wording
from bot.channels.zalo.client import SendResult, ZaloClient
from bot.channels.zalo.conversation_id import conversation_id
from bot.channels.zalo.events import ZaloEvent, classify
from bot.channels.zalo.outgoing import zalo_messages
from bot.channels.zalo.recent_events import recent_events_from_env
from bot.channels.zalo.settings import ZaloSettings
from bot.channels.zalo.tokens import TokenFile, TokenManager

logger = logging.getLogger(__name__)

# What a follow event says to the dialogue: the welcome comes from the domain.
FOLLOW_MESSAGE = "/greet"
PROBE_BODIES = (b"", b"{}")


class ZaloInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "zalo"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> ZaloInput:
        return cls(ZaloSettings.load(os.environ, credentials))

    def __init__(self, settings: ZaloSettings) -> None:
        self.settings = settings
        self.recent = recent_events_from_env()
        self.tokens = TokenManager(
            TokenFile(settings.token_store),
            settings.oauth_base,
            settings.app_id,
            settings.app_secret,
            settings.refresh_token,
        )
        self.client = ZaloClient(
            settings.api_base,
            self.tokens,
            retries=settings.send_retries,
            retry_base_seconds=settings.retry_base_seconds,
        )
        self._tasks: Set[asyncio.Task] = set()
        if settings.enabled:
            logger.info("zalo: channel on for app %s", settings.app_id)
        else:
            logger.info("zalo: channel off (ZALO_APP_ID is not set)")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("zalo_webhook", __name__)

        @bp.get("/")
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.settings.enabled else "off"})

        @bp.get("/webhook")
        async def probe(request: Request) -> HTTPResponse:
            if not self.settings.enabled:
                return response.json({"error": "zalo_channel_off"}, status=404)
            return response.json({"status": "ok"})

        @bp.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            if not self.settings.enabled:
                return response.json({"error": "zalo_channel_off"}, status=404)
            raw: bytes = request.body or b""
            header = request.headers.get(signature.HEADER)
            if not header:
                if raw.strip() in PROBE_BODIES:
                    return response.json({"status": "ok"})  # URL check: nothing to do
                return response.json({"error": "missing_signature"}, status=401)
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            if not isinstance(body, dict) or not self._signed(header, raw, body, request):
                logger.warning("zalo: refused a request with a wrong signature")
                return response.json({"error": "invalid_signature"}, status=401)
            event = classify(body)
            if event.kind == "ignore":
                return response.json({"status": "ignored"})
            if not await self.recent.claim(event.dedup_key):
                return response.json({"status": "duplicate"})
            app = request.app
            task = asyncio.get_running_loop().create_task(
                self.handle(event, on_new_message, getattr(app.ctx, "agent", None))
            )
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return response.json({"status": "accepted"})

        return bp

    def _signed(self, header: str, raw: bytes, body: Dict[str, Any], request: Request) -> bool:
        if self.settings.signature_timestamp == "header":
            timestamp = request.headers.get(signature.TIMESTAMP_HEADER, "")
        else:
            timestamp = str(body.get("timestamp") or "")
        return signature.valid(
            header, self.settings.app_id, raw, timestamp, self.settings.oa_secret_key
        )

    async def handle(
        self,
        event: ZaloEvent,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        agent: Any,
    ) -> None:
        """Answers one accepted event (after Zalo got its 200)."""
        words = wording.DomainWording(getattr(agent, "domain", None))
        conversation = conversation_id(self.settings.hash_key, event.user_id)
        try:
            replies = await self._replies(event, conversation, on_new_message, words)
        except Exception:
            logger.exception("zalo: handling a message of %s failed", conversation)
            replies = words.messages(wording.UNAVAILABLE)
        await self.send(event.user_id, conversation, replies, words)

    async def _replies(
        self,
        event: ZaloEvent,
        conversation: str,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        words: wording.DomainWording,
    ) -> List[Dict[str, Any]]:
        if event.kind == "non_text":
            return words.messages(wording.TEXT_ONLY, wording.MENU)
        if event.kind == "follow":
            text = FOLLOW_MESSAGE
        else:
            text = clean_text(event.text)
            if not text:
                return []
            if len(text) > MAX_CHARS:
                return words.messages(wording.TOO_LONG)
        collector = CollectingOutputChannel()
        await on_new_message(UserMessage(text, collector, conversation, input_channel=self.name()))
        # Rasa answers nothing when the action server fails: never leave silence.
        return collector.messages or words.messages(wording.UNAVAILABLE)

    async def send(
        self,
        user_id: str,
        conversation: str,
        replies: List[Dict[str, Any]],
        words: wording.DomainWording,
    ) -> None:
        messages = zalo_messages(
            replies,
            words.for_sending(),
            query_type=self.settings.button_type,
            max_buttons=self.settings.max_buttons,
        )
        if not messages:
            return
        timeout = aiohttp.ClientTimeout(total=self.settings.http_timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for message in messages:
                result = await self.client.send(session, user_id, message, conversation)
                if result is not SendResult.SENT:
                    break  # the rest would fail the same way, or arrive out of order
