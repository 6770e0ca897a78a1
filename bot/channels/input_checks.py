"""Checks on what a chat channel receives, before Rasa sees it.

Shared by the web widget's channel and the REST channel: the body must be a JSON
object with a sender id and a text message of at most ``MAX_CHARS`` characters.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from bot.channels.replies import reply_text
from dvc_common.vntext import MAX_MESSAGE_CHARS

MAX_CHARS = MAX_MESSAGE_CHARS
# Largest request body the chat server reads (bytes). A message of MAX_CHARS
# characters written as JSON escapes (12 bytes for an emoji) fits with room to spare.
MAX_BODY_BYTES = 32 * 1024
# C0 and C1 control characters except newline and tab; also bidi overrides and
# zero-width characters, which can hide text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Sender ids of API clients (REST): an opaque, printable ASCII id.
_API_SENDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}")

# Error code -> the domain response that explains it to the citizen.
REPLIES = {
    "invalid_json": "utter_channel_invalid_request",
    "invalid_sender": "utter_channel_invalid_sender",
    "invalid_message": "utter_channel_invalid_message",
    "empty": "utter_channel_empty",
    "too_long": "utter_channel_too_long",
    "too_large": "utter_channel_too_long",
    "rate_limited": "utter_channel_rate_limited",
}


def error_message(code: str, app: Any = None, **values: Any) -> str:
    """The Vietnamese explanation of an error code, from the domain."""
    return reply_text(REPLIES[code], app, max_chars=MAX_CHARS, **values)


@dataclass(frozen=True)
class CheckedMessage:
    sender: str = ""
    text: str = ""
    error: str | None = None

    @property
    def error_message(self) -> str:
        return error_message(self.error) if self.error else ""


def clean_text(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw)
    text = _CONTROL.sub("", text)
    return text.strip()


def valid_sender(value: Any) -> bool:
    """A random UUID 4 in canonical lower-case form, as the widget makes it."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return False
    return parsed.version == 4 and str(parsed) == value


def valid_api_sender(value: Any) -> bool:
    """A non-empty opaque id of at most 128 printable ASCII characters (REST clients)."""
    return isinstance(value, str) and _API_SENDER.fullmatch(value) is not None


def json_body(request: Any) -> Any:
    """The parsed JSON body of a Sanic request; None when it is not JSON or not UTF-8."""
    try:
        return request.json
    except Exception:  # noqa: BLE001 - sanic raises on malformed JSON or bytes
        return None


def check_message(body: Any, sender_ok: Callable[[Any], bool] = valid_sender) -> CheckedMessage:
    if not isinstance(body, dict):
        return CheckedMessage(error="invalid_json")
    sender = body.get("sender")
    if not sender_ok(sender):
        return CheckedMessage(error="invalid_sender")
    raw = body.get("message")
    if not isinstance(raw, str):
        return CheckedMessage(sender=sender, error="invalid_message")
    # Cleaning a huge string costs time: anything far over the limit is refused as is.
    if len(raw) > 4 * MAX_CHARS:
        return CheckedMessage(sender=sender, error="too_long")
    text = clean_text(raw)
    if not text:
        return CheckedMessage(sender=sender, error="empty")
    if len(text) > MAX_CHARS:
        return CheckedMessage(sender=sender, error="too_long")
    return CheckedMessage(sender=sender, text=text)
