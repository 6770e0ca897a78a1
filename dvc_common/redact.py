"""Masking of personal numbers typed into the chat.

Citizen ID numbers (12 digits) and phone numbers are not kept in clear in the
conversation store or the logs (design.md, security stance).
"""

from __future__ import annotations

import re

CITIZEN_ID = re.compile(r"(?<![\w.])\d{12}(?![\w.])")
PHONE = re.compile(r"(?<![\w.])(?:\+?84|0)(?:[\s.]?\d){9}(?![\w.])")
CITIZEN_ID_MASK = "[số định danh đã ẩn]"
PHONE_MASK = "[số điện thoại đã ẩn]"


def redact(text: str) -> str:
    if not text:
        return text
    text = CITIZEN_ID.sub(CITIZEN_ID_MASK, text)
    return PHONE.sub(PHONE_MASK, text)
