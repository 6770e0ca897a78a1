"""Checks on what the web widget sends, before Rasa sees it."""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

MAX_CHARS = 1000
# C0 and C1 control characters except newline and tab; also bidi overrides and
# zero-width characters, which can hide text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

MESSAGES = {
    "invalid_json": "Yêu cầu không hợp lệ. Bạn tải lại trang rồi thử lại nhé.",
    "invalid_sender": "Phiên trò chuyện không hợp lệ. Bạn tải lại trang rồi thử lại nhé.",
    "empty": "Bạn chưa nhập nội dung. Hãy gõ câu hỏi hoặc chọn một nút bên dưới.",
    "too_long": f"Tin nhắn dài quá {MAX_CHARS} ký tự. Bạn viết ngắn gọn hơn hoặc chia thành "
    "nhiều tin nhé.",
}


@dataclass(frozen=True)
class CheckedMessage:
    sender: str = ""
    text: str = ""
    error: str | None = None

    @property
    def error_message(self) -> str:
        return MESSAGES.get(self.error or "", "")


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


def check_message(body: Any) -> CheckedMessage:
    if not isinstance(body, dict):
        return CheckedMessage(error="invalid_json")
    sender = body.get("sender")
    if not valid_sender(sender):
        return CheckedMessage(error="invalid_sender")
    raw = body.get("message")
    if not isinstance(raw, str):
        return CheckedMessage(sender=sender, error="empty")
    text = clean_text(raw)
    if not text:
        return CheckedMessage(sender=sender, error="empty")
    if len(text) > MAX_CHARS:
        return CheckedMessage(sender=sender, error="too_long")
    return CheckedMessage(sender=sender, text=text)
