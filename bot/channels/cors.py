"""Cross-origin permission for the widget's message API, from an allow-list.

A centre puts the widget on its own website (another origin than the assistant's), so
the browser asks before it posts to ``/chat/webhook``. ``WIDGET_ALLOWED_ORIGINS`` lists
the websites allowed to do that, separated by commas or spaces, each as
``scheme://host[:port]`` (for example ``https://ttphvhcc.example.gov.vn``).

- a request without ``Origin`` (curl, server-to-server) or from the assistant's own
  origin needs no permission and gets no CORS headers;
- an allowed origin gets ``Access-Control-Allow-Origin`` with that origin (never ``*``,
  and no credentials: the widget sends no cookies);
- any other origin is refused with 403, the preflight included.

Only the widget's API uses this; no other route sends CORS headers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, Mapping
from urllib.parse import urlsplit

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

ENV_VAR = "WIDGET_ALLOWED_ORIGINS"
ALLOW_METHODS = "POST, OPTIONS"
ALLOW_HEADERS = "Content-Type, Accept"
MAX_AGE_SECONDS = "600"
DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_origin(value: str) -> str | None:
    """``scheme://host[:port]`` in lower case without a default port, or None."""
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is None or port == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def parse_allowed(raw: str) -> FrozenSet[str]:
    """The origins of a comma- or space-separated list; raises on an invalid entry."""
    origins = set()
    for item in raw.replace(",", " ").split():
        origin = normalise_origin(item)
        if origin is None:
            raise ValueError(
                f"{ENV_VAR}: {item!r} is not an origin like https://ttphvhcc.example.gov.vn"
            )
        origins.add(origin)
    return frozenset(origins)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    headers: Dict[str, str]


class CorsPolicy:
    def __init__(self, allowed: FrozenSet[str]) -> None:
        self.allowed = allowed

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> CorsPolicy:
        return cls(parse_allowed(environ.get(ENV_VAR, "")))

    @staticmethod
    def _same_origin(origin: str, host: str) -> bool:
        # Behind the proxy the scheme seen here may differ (TLS ends at nginx), so the
        # assistant's own origin is recognised by its host (and port) alone.
        return urlsplit(origin).netloc.lower() == (host or "").strip().lower()

    def check(self, origin: str | None, host: str, preflight: bool = False) -> Verdict:
        """Whether a request from ``origin`` to this ``host`` may go on, and its headers."""
        headers = {"Vary": "Origin"}
        if origin is None:
            return Verdict(not preflight, headers)
        normal = normalise_origin(origin)
        if normal is not None and normal in self.allowed:
            headers["Access-Control-Allow-Origin"] = origin
            if preflight:
                headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
                headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
                headers["Access-Control-Max-Age"] = MAX_AGE_SECONDS
            return Verdict(True, headers)
        if not preflight and self._same_origin(origin, host):
            return Verdict(True, headers)
        return Verdict(False, headers)


#: The body of a refusal (the browser hides it from the page; a webmaster sees it in the
#: network panel).
REFUSED = {
    "error": "origin_not_allowed",
    "message": "Trang web này chưa được phép dùng trợ lý. Quản trị website cần đề nghị đơn "
    "vị vận hành trợ lý thêm địa chỉ trang vào danh sách cho phép (WIDGET_ALLOWED_ORIGINS).",
}


def answer_preflights(bp: Blueprint, path: str, policy: CorsPolicy) -> None:
    """Answers ``OPTIONS path`` by ``policy``, ahead of Rasa's own CORS layer.

    ``rasa run`` puts sanic-cors on the whole app, and its request middleware answers
    every OPTIONS request itself (with no permission unless ``--cors`` opens every
    route). This middleware is put first, so that the widget's preflight gets the
    allow-list's answer and all other routes keep Rasa's behaviour.
    """

    async def preflight(request: Request) -> HTTPResponse | None:
        if request.method != "OPTIONS" or request.path.rstrip("/") != path:
            return None
        verdict = policy.check(request.headers.get("origin"), request.host, preflight=True)
        if not verdict.allowed:
            return response.json(REFUSED, status=403, headers=verdict.headers)
        return response.empty(headers=verdict.headers)

    @bp.listener("before_server_start")
    async def put_preflight_first(app: Any, loop: Any) -> None:
        if preflight not in app.request_middleware:
            app.request_middleware.appendleft(preflight)
