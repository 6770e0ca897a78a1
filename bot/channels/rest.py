"""The REST channel with the same checks and limits as the web widget's channel.

Replaces Rasa's ``rest`` channel at the same address (``POST /webhooks/rest/webhook``,
``GET /webhooks/rest/``), with the same answer: a list of bot messages
``[{"recipient_id": ..., "text": ..., "buttons": [...]}]``.

- A body that is not a JSON object, a missing or malformed ``sender`` (1 to 128
  printable ASCII characters), a ``message`` that is not a string: 400
  ``{"error": code, "message": Vietnamese text}``.
- An empty message, one over 1,000 characters, or too many messages from one sender:
  200 with one polite bot message, as a normal answer, and Rasa never sees it.
- A body over the HTTP layer's limit: 413 (``bot/channels/answering.py``).
- When Rasa cannot answer (action server down, an action failed): the apology with
  the hotline and the portal, never an empty list.

Metadata sent by the client is ignored; the channel sets ``client_ip`` itself.
It has no authentication: the sender id proves nothing.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.answering import handle_message, install_http_limits
from bot.channels.client_address import Network, request_client_address, trusted_proxies_from_env
from bot.channels.input_checks import check_message, error_message, json_body, valid_api_sender
from bot.channels.rate_limit import SenderRateLimiter, shared_limiter

# Checks whose answer is a polite bot message rather than a 400.
ANSWERED_IN_CONVERSATION = {"empty", "too_long"}


class CheckedRestInput(RestInput):
    def __init__(
        self,
        limiter: SenderRateLimiter | None = None,
        proxies: List[Network] | None = None,
    ) -> None:
        self.limiter = limiter
        self.proxies = trusted_proxies_from_env() if proxies is None else proxies

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> CheckedRestInput:
        return cls()

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("custom_webhook_CheckedRestInput", __name__)
        install_http_limits(bp)
        limiter = self.limiter or shared_limiter()

        @bp.get("/")
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            checked = check_message(json_body(request), sender_ok=valid_api_sender)
            if checked.error and checked.error not in ANSWERED_IN_CONVERSATION:
                return response.json(
                    {"error": checked.error, "message": error_message(checked.error, request.app)},
                    status=400,
                )
            if checked.error:
                return _say(checked.sender, error_message(checked.error, request.app))
            allowed, retry_after = limiter.check(checked.sender)
            if not allowed:
                return _say(
                    checked.sender,
                    error_message("rate_limited", request.app, retry_after=retry_after),
                )
            message = UserMessage(
                checked.text,
                CollectingOutputChannel(),
                checked.sender,
                input_channel=self.name(),
                metadata={"client_ip": request_client_address(request, self.proxies)},
            )
            turn = await handle_message(on_new_message, message, self.name(), request.app)
            return response.json(turn.messages)

        return bp


def _say(sender: str, text: str) -> HTTPResponse:
    return response.json([{"recipient_id": sender, "text": text}])
