"""The web chat channel: the widget's files, a demo page and a checked message API.

Routes (same origin as the Rasa server; nothing is loaded from another host):
- ``GET  /chat/``               demo page with the widget
- ``GET  /chat/static/<file>``  widget.js, widget.css
- ``GET  /chat/health``         {"status": "ok"}
- ``POST /chat/webhook``        {"sender": "<uuid4>", "message": "..."}
                                -> {"messages": [{"text": ..., "buttons": [...]}]}
                                or 400 {"error": code, "message": Vietnamese text}
- ``OPTIONS /chat/webhook``     CORS preflight: origins in WIDGET_ALLOWED_ORIGINS only
                                (see ``bot.channels.cors``); other origins get 403

Rasa already answers ``GET /`` itself, so the widget lives under ``/chat/``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.cors import REFUSED, CorsPolicy, answer_preflights
from bot.channels.input_checks import check_message

logger = logging.getLogger(__name__)

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
UNAVAILABLE = {
    "text": "Xin lỗi, hệ thống đang gặp sự cố nên tôi chưa trả lời được. Bạn thử lại sau "
    "ít phút, hoặc gọi tổng đài Cổng Dịch vụ công quốc gia 18001096, hoặc hỏi trực tiếp "
    "Trung tâm Phục vụ hành chính công xã.",
    "buttons": [],
}


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
    @classmethod
    def name(cls) -> str:
        return "web"

    def url_prefix(self) -> str:
        return "/chat"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        bp = Blueprint("web_chat", __name__)
        cors = CorsPolicy.from_env()

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
            return response.text(
                (STATIC_DIR / name).read_text(encoding="utf-8"),
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
            try:
                body = request.json
            except Exception:  # sanic raises on malformed JSON
                body = None
            checked = check_message(body)
            if checked.error:
                return response.json(
                    {"error": checked.error, "message": checked.error_message},
                    status=400,
                    headers=SECURITY_HEADERS,
                )
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        checked.text,
                        collector,
                        checked.sender,
                        input_channel=self.name(),
                    )
                )
            except Exception:
                logger.exception("web channel: message handling failed")
                return response.json({"messages": [UNAVAILABLE]}, headers=SECURITY_HEADERS)
            messages = _bot_messages(collector.messages)
            if not messages:
                # Rasa answers nothing when the action server fails: never leave the
                # citizen with silence.
                messages = [UNAVAILABLE]
            return response.json({"messages": messages}, headers=SECURITY_HEADERS)

        return bp
