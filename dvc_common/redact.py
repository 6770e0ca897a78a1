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


# What kinds of personal data a message holds, to warn the citizen (issue 8, point 4).
# A minimal version: the reliability work (issue on storage) may replace it with the
# same signature.
OLD_ID = re.compile(r"(?<![\w.])\d{9}(?![\w.])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A password, OTP or passcode named and followed by a value holding a digit or symbol.
SECRET = re.compile(
    r"(?:mật\s*khẩu|mat\s*khau|\bmk\b|\bpass(?:word|code)?\b|\botp\b|mã\s*xác\s*(?:thực|nhận)"
    r"|ma\s*xac\s*(?:thuc|nhan)|mã\s*pin|ma\s*pin|\bpin\b)"
    # a few words may come between: "mật khẩu vneid của tôi là Hoa@1985"
    r"[^\n]{0,30}?(?<!\S)(?P<value>\S*[\d@#$%^&*!]\S*)",
    re.IGNORECASE,
)


def personal_data_kinds(text: str) -> set[str]:
    """The kinds of personal data in ``text``: a subset of
    {"citizen_id", "old_id", "phone", "email", "secret"}."""
    kinds: set[str] = set()
    if not text:
        return kinds
    if CITIZEN_ID.search(text):
        kinds.add("citizen_id")
    if OLD_ID.search(text):
        kinds.add("old_id")
    if PHONE.search(text):
        kinds.add("phone")
    if EMAIL.search(text):
        kinds.add("email")
    match = SECRET.search(text)
    if match and len(match.group("value").strip(".,;!?")) >= 4:
        kinds.add("secret")
    return kinds
