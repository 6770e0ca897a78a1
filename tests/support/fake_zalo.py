"""A fake Zalo (OA API v3) for the tests and the demo: no test may reach Zalo.

Faithful to ``spec/zalo-oa.md`` section 6:
- citizen side: signed POSTs of OA events to the channel's webhook
  (``mac=`` sha256 of ``app_id + raw body + body.timestamp + OA secret key``);
- ``POST /v3.0/oa/message/cs``: checks the ``access_token`` header and the body shape
  (2,000 characters after NFC, at most 5 buttons, titles within 100 and query payloads
  within 1,000 characters), answers errors with HTTP 200 and ``error != 0``, and posts
  the ``oa_send_text`` echo back to the webhook;
- ``POST /v2.0/oa/message``: the same, for the ``-235`` fallback;
- ``POST /v4/oa/access_token``: rotating, single-use refresh tokens;
- modes: a refused token (``-216``), a closed window (``-230``), rate limits (``-32``),
  v3 not supported for this OA (``-235``);
- ``GET /citizen/``: a page that plays the citizen's side in a browser.

It records everything it received (``sent``, ``token_requests``, ``echo_statuses``).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import unicodedata
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, List
from urllib.parse import parse_qs, urlparse

import requests

from bot.channels.zalo.signature import header_value
from tests.support.http import QuietHandler, send, serve, stop

PAGE = Path(__file__).with_name("fake_zalo_citizen.html")
BUTTON_TYPES = {"oa.query.show", "oa.query.hide", "oa.open.url", "oa.open.phone", "oa.open.sms"}
ERRORS = {
    -32: "The request exceeds the rate limit",
    -201: "Invalid parameter",
    -216: "Access token is invalid",
    -230: "User has not interacted with the OA in the past 7 days",
    -235: "This API does not support this type of OA",
    -14006: "Invalid refresh token",
}


def _error(code: int) -> Dict[str, Any]:
    return {"error": code, "message": ERRORS.get(code, "Error")}


def _valid_message(body: Any) -> bool:
    if not isinstance(body, dict):
        return False
    recipient = body.get("recipient")
    message = body.get("message")
    if not isinstance(recipient, dict) or not isinstance(recipient.get("user_id"), str):
        return False
    if not isinstance(message, dict):
        return False
    text = message.get("text")
    attachment = message.get("attachment")
    if text is None and attachment is None:
        return False
    if text is not None:
        if not isinstance(text, str) or not text.strip():
            return False
        if len(unicodedata.normalize("NFC", text)) > 2000:
            return False
    if attachment is not None:
        payload = attachment.get("payload") if isinstance(attachment, dict) else None
        if not isinstance(payload, dict):
            return False
        buttons = payload.get("buttons")
        if buttons is not None:
            if not isinstance(buttons, list) or not 1 <= len(buttons) <= 5:
                return False
            for button in buttons:
                if not isinstance(button, dict) or button.get("type") not in BUTTON_TYPES:
                    return False
                title = button.get("title")
                if not isinstance(title, str) or not title or len(title) > 100:
                    return False
                value = button.get("payload")
                if button["type"].startswith("oa.query."):
                    if not isinstance(value, str) or not value or len(value) > 1000:
                        return False
                elif button["type"] == "oa.open.url":
                    if not isinstance(value, dict) or not str(value.get("url", "")).startswith(
                        "http"
                    ):
                        return False
                elif not isinstance(value, dict) or not value.get("phone_code"):
                    return False
    return True


class FakeZalo:
    def __init__(self, webhook_url: str = "", echo: bool = True, quiet: float = 1.5) -> None:
        # How long no new reply must come before wait_for returns: a real Rasa sends a
        # turn's replies well within 1.5 s of each other; a fake assistant at once.
        self.quiet = quiet
        self.app_id = "3608465249409039"
        self.oa_id = "3886132808788086"
        self.oa_secret_key = secrets.token_urlsafe(16)
        self.app_secret = secrets.token_urlsafe(16)
        self.refresh_token = "rt-" + secrets.token_urlsafe(12)
        self.access_token = ""  # none issued until the channel refreshes
        self.issued_tokens = [self.refresh_token]  # every token ever issued, for log checks
        self.webhook_url = webhook_url
        self.echo = echo
        self.lock = threading.Lock()
        self.reset()
        fake = self

        class Handler(QuietHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                fake._get(self)

            def do_POST(self):  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                fake._post(self, raw)

        self.server, self.url = serve(Handler)

    # -- state ----------------------------------------------------------------------

    def reset(self) -> None:
        with self.lock:
            self.sent: List[Dict[str, Any]] = []
            self.refused: List[Dict[str, Any]] = []
            self.token_requests: List[Dict[str, str]] = []
            self.echo_statuses: List[int] = []
            self.window_closed = False
            self.v3_unsupported = False
            self.rate_limited = 0  # the next N sends get -32
            self.citizen_ids: Dict[str, str] = {}

    def env(self, token_store: Path | str) -> Dict[str, str]:
        """The ZALO_* variables that point the channel at this fake."""
        return {
            "ZALO_APP_ID": self.app_id,
            "ZALO_OA_SECRET_KEY": self.oa_secret_key,
            "ZALO_APP_SECRET": self.app_secret,
            "ZALO_API_BASE": self.url,
            "ZALO_OAUTH_BASE": self.url,
            "ZALO_REFRESH_TOKEN": self.refresh_token,
            "ZALO_TOKEN_STORE": str(token_store),
            "ZALO_RETRY_BASE_SECONDS": "0.2",
        }

    def connect(self, rasa_url: str, token_store: Path | str) -> Dict[str, str]:
        """Points the fake at a Rasa server's webhook; returns the channel's ZALO_* variables."""
        self.webhook_url = rasa_url.rstrip("/") + "/webhooks/zalo/webhook"
        return self.env(token_store)

    def expire_token(self) -> None:
        """The current access token is refused from now on (-216)."""
        with self.lock:
            self.access_token = "revoked-" + secrets.token_hex(4)

    def close(self) -> None:
        stop(self.server)

    # -- citizen side ------------------------------------------------------------------

    def event(self, event_name: str, user_id: str, **message: Any) -> Dict[str, Any]:
        body: Dict[str, Any] = {
            "app_id": self.app_id,
            "user_id_by_app": "55" + user_id[2:],
            "event_name": event_name,
            "timestamp": str(int(time.time() * 1000)),
        }
        if event_name == "follow":
            body.update({"oa_id": self.oa_id, "follower": {"id": user_id}, "source": "testing"})
            return body
        body["sender"] = {"id": user_id}
        body["recipient"] = {"id": self.oa_id}
        body["message"] = {"msg_id": uuid.uuid4().hex, **message}
        return body

    def post(
        self, body: Dict[str, Any], sign: bool = True, secret: str | None = None
    ) -> requests.Response:
        """Posts an event to the channel, signed like Zalo (or not, or with ``secret``)."""
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if sign:
            headers["X-ZEvent-Signature"] = header_value(
                self.app_id, raw, str(body.get("timestamp", "")), secret or self.oa_secret_key
            )
        return requests.post(self.webhook_url, data=raw, headers=headers, timeout=10)

    def say(self, user_id: str, text: str) -> requests.Response:
        return self.post(self.event("user_send_text", user_id, text=text))

    def replies(self, user_id: str) -> List[Dict[str, Any]]:
        with self.lock:
            return [s["message"] for s in self.sent if s["user_id"] == user_id]

    def wait_for(
        self, user_id: str, count: int, timeout: float = 60.0, quiet: float | None = None
    ) -> List[Dict[str, Any]]:
        """The messages sent to a user once there are at least ``count`` and no more came
        for ``quiet`` seconds (replies go out one by one after the acknowledgement)."""
        quiet = self.quiet if quiet is None else quiet
        deadline = time.monotonic() + timeout
        seen, since = -1, time.monotonic()
        while time.monotonic() < deadline:
            got = self.replies(user_id)
            if len(got) != seen:
                seen, since = len(got), time.monotonic()
            elif len(got) >= count and time.monotonic() - since >= quiet:
                return got
            time.sleep(0.1)
        return self.replies(user_id)

    def wait_until(self, condition: Callable[[], bool], timeout: float = 60.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.1)
        return False

    # -- Zalo's API --------------------------------------------------------------------

    def _post(self, handler: QuietHandler, raw: bytes) -> None:
        path = urlparse(handler.path).path
        if path in ("/v3.0/oa/message/cs", "/v2.0/oa/message"):
            return self._send_message(handler, path, raw)
        if path == "/v4/oa/access_token":
            return self._token(handler, raw)
        if path == "/citizen/send":
            return self._citizen_send(handler, raw)
        send(handler, 404, b'{"error": "not found"}')

    def _answer(self, handler: QuietHandler, payload: Dict[str, Any]) -> None:
        send(handler, 200, json.dumps(payload).encode("utf-8"))  # errors too: HTTP 200

    def _send_message(self, handler: QuietHandler, path: str, raw: bytes) -> None:
        token = handler.headers.get("access_token", "")
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        with self.lock:
            code = 0
            if not self.access_token or not secrets.compare_digest(token, self.access_token):
                code = -216
            elif not _valid_message(body):
                code = -201
            elif self.window_closed:
                code = -230
            elif self.rate_limited > 0:
                self.rate_limited -= 1
                code = -32
            elif path.startswith("/v3.0") and self.v3_unsupported:
                code = -235
            record = {"path": path, "code": code, "body": body}
            if code:
                self.refused.append(record)
            else:
                user_id = body["recipient"]["user_id"]
                message_id = uuid.uuid4().hex
                self.sent.append(
                    {"path": path, "user_id": user_id, "message": body["message"], "id": message_id}
                )
        if code:
            return self._answer(handler, _error(code))
        self._answer(
            handler,
            {
                "data": {"message_id": message_id, "user_id": user_id, "quota": {}},
                "error": 0,
                "message": "Success",
            },
        )
        if self.echo and self.webhook_url:
            threading.Thread(
                target=self._echo, args=(user_id, body["message"], message_id), daemon=True
            ).start()

    def _echo(self, user_id: str, message: Dict[str, Any], message_id: str) -> None:
        body = {
            "app_id": self.app_id,
            "event_name": "oa_send_text",
            "sender": {"id": self.oa_id},
            "recipient": {"id": user_id},
            "message": {"text": message.get("text", ""), "msg_id": message_id},
            "timestamp": str(int(time.time() * 1000)),
        }
        try:
            status = self.post(body).status_code
        except requests.RequestException:
            status = 0
        with self.lock:
            self.echo_statuses.append(status)

    def _token(self, handler: QuietHandler, raw: bytes) -> None:
        form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8")).items()}
        with self.lock:
            self.token_requests.append(
                {"grant_type": form.get("grant_type", ""), "app_id": form.get("app_id", "")}
            )
            ok = (
                handler.headers.get("Content-Type", "").startswith(
                    "application/x-www-form-urlencoded"
                )
                and handler.headers.get("secret_key") == self.app_secret
                and form.get("app_id") == self.app_id
                and form.get("grant_type") == "refresh_token"
                and form.get("refresh_token") == self.refresh_token
            )
            if ok:  # single use: the old refresh token stops working
                self.access_token = "at-" + secrets.token_urlsafe(16)
                self.refresh_token = "rt-" + secrets.token_urlsafe(12)
                self.issued_tokens += [self.access_token, self.refresh_token]
                answer = {
                    "access_token": self.access_token,
                    "refresh_token": self.refresh_token,
                    "expires_in": "90000",
                }
        self._answer(handler, answer if ok else _error(-14006))

    # -- the citizen's page --------------------------------------------------------------

    def _get(self, handler: QuietHandler) -> None:
        parsed = urlparse(handler.path)
        if parsed.path in ("/", "/citizen"):
            return send(handler, 302, b"", "text/plain", {"Location": "/citizen/"})
        if parsed.path == "/citizen/":
            return send(handler, 200, PAGE.read_bytes(), "text/html; charset=utf-8")
        if parsed.path == "/citizen/messages":
            query = parse_qs(parsed.query)
            user_id = self._citizen_id(query.get("citizen", [""])[0])
            after = int((query.get("after") or ["0"])[0] or 0)
            messages = self.replies(user_id) if user_id else []
            payload = {"messages": messages[after:], "next": len(messages)}
            return send(handler, 200, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        if parsed.path == "/v2.0/oa/getoa":
            return self._answer(
                handler,
                {"data": {"oa_id": self.oa_id, "oa_type": 4, "is_verified": True}, "error": 0},
            )
        send(handler, 404, b'{"error": "not found"}')

    def _citizen_id(self, citizen: str) -> str:
        """A Zalo-like numeric user id for each browser session of the page."""
        if not citizen:
            return ""
        with self.lock:
            if citizen not in self.citizen_ids:
                self.citizen_ids[citizen] = str(2468458835 * 10**8 + len(self.citizen_ids) + 1)
            return self.citizen_ids[citizen]

    def _citizen_send(self, handler: QuietHandler, raw: bytes) -> None:
        try:
            body = json.loads(raw)
            user_id = self._citizen_id(str(body["citizen"]))
            text = str(body["text"])
        except (ValueError, KeyError, TypeError):
            return send(handler, 400, b'{"error": "bad request"}')
        try:
            status = self.say(user_id, text).status_code
        except requests.RequestException:
            status = 0
        send(handler, 200, json.dumps({"webhook_status": status}).encode("utf-8"))
