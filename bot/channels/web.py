"""The web chat channel: the widget's files, a demo page and a checked message API.

Routes (same origin as the Rasa server; nothing is loaded from another host):
- ``GET  /chat/``               demo page with the widget
- ``GET  /chat/static/<file>``  widget.js, widget.css
- ``GET  /chat/health``         {"status": "ok"}
- ``POST /chat/webhook``        {"sender": "<uuid4>", "message": "..."}
                                -> {"messages": [{"text": ..., "buttons": [...]}]}
                                or 400 {"error": code, "message": Vietnamese text}
                                (429 when one sender sends too fast; 413 for a body
                                over the HTTP layer's limit)
- ``OPTIONS /chat/webhook``     CORS preflight: origins in WIDGET_ALLOWED_ORIGINS only
                                (see ``bot.channels.cors``); other origins get 403

Rasa already answers ``GET /`` itself, so the widget lives under ``/chat/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.answering import handle_message, install_http_limits
from bot.channels.client_address import Network, request_client_address, trusted_proxies_from_env
from bot.channels.cors import REFUSED, CorsPolicy, answer_preflights
from bot.channels.input_checks import check_message, error_message, json_body
from bot.channels.rate_limit import SenderRateLimiter, shared_limiter
from dvc_common.facts import fill_facts

STATIC_DIR = Path(__file__).resolve().parents[1] / "web" / "static"
STATIC_FILES = {
    "widget.js": "application/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


def _bot_messages(collected: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    out = []
    for message in collected:
        item: Dict[str, Any] = {}
        if message.get("text"):
            item["text"] = str(message["text"])
        buttons = message.get("buttons") or []
        item["buttons"] = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in buttons
            if isinstance(b, dict)
        ]
        if item.get("text") or item["buttons"]:
            out.append(item)
    return out


class WebChatInput(RestInput):
    def __init__(
        self,
        limiter: SenderRateLimiter | None = None,
        proxies: List[Network] | None = None,
    ) -> None:
        self.limiter = limiter
        self.proxies = trusted_proxies_from_env() if proxies is None else proxies

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> WebChatInput:
        return cls()

    @classmethod
    def name(cls) -> str:
        return "web"

    def url_prefix(self) -> str:
        return "/chat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("web_chat", __name__)
        install_http_limits(bp)
        cors = CorsPolicy.from_env()
        limiter = self.limiter or shared_limiter()

        @bp.get("/")
        async def page(request: Request) -> HTTPResponse:
            html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
            return response.html(
                html, headers={**SECURITY_HEADERS, "Content-Security-Policy": PAGE_CSP}
            )

        @bp.get("/static/<name>")
        async def static(request: Request, name: str) -> HTTPResponse:
            if name not in STATIC_FILES:
                return response.json({"error": "not_found"}, status=404)
            # The widget's own texts (shown when the server cannot answer) name the
            # hotline: filled from bot/domain/facts.yml, like every other answer.
            return response.text(
                fill_facts((STATIC_DIR / name).read_text(encoding="utf-8")),
                content_type=STATIC_FILES[name],
                headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"},
            )

        @bp.get("/health")
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        answer_preflights(bp, f"{self.url_prefix()}/webhook", cors)

        @bp.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            verdict = cors.check(request.headers.get("origin"), request.host)
            if not verdict.allowed:
                return response.json(
                    REFUSED, status=403, headers={**SECURITY_HEADERS, **verdict.headers}
                )
            answer = await handle(request)
            answer.headers.update(verdict.headers)
            return answer

        async def handle(request: Request) -> HTTPResponse:
            checked = check_message(json_body(request))
            if checked.error:
                return _refuse(checked.error, 400, request.app)
            allowed, retry_after = limiter.check(checked.sender)
            if not allowed:
                return _refuse("rate_limited", 429, request.app, retry_after=retry_after)
            message = UserMessage(
                checked.text,
                CollectingOutputChannel(),
                checked.sender,
                input_channel=self.name(),
                metadata={"client_ip": request_client_address(request, self.proxies)},
            )
            turn = await handle_message(on_new_message, message, self.name(), request.app)
            return response.json(
                {"messages": _bot_messages(turn.messages)}, headers=SECURITY_HEADERS
            )

        return bp


def _refuse(code: str, status: int, app: Any, **values: Any) -> HTTPResponse:
    return response.json(
        {"error": code, "message": error_message(code, app, **values)},
        status=status,
        headers=SECURITY_HEADERS,
    )
