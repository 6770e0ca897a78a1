"""Reading the last 4 digits of a phone number from what a citizen typed."""

from __future__ import annotations

import re

_JOIN = re.compile(r"(?<=\d)[\s.\-]+(?=\d)")
_DIGITS = re.compile(r"\d+")


def last4_from_text(text: str) -> str | None:
    """'5678', 'số cuối 5678', '0912 345 678', '+84912345678' -> '5678'; else None."""
    groups = _DIGITS.findall(_JOIN.sub("", text or ""))
    # "4 số cuối là 5678": a short count before the digits is not a candidate.
    candidates = [g for g in groups if len(g) >= 4]
    if len(candidates) != 1:
        return None
    digits = candidates[0]
    if len(digits) == 4:
        return digits
    if len(digits) == 10 and digits.startswith("0"):
        return digits[-4:]
    if len(digits) == 11 and digits.startswith("84"):
        return digits[-4:]
    return None


def looks_like_full_phone(text: str) -> bool:
    groups = _DIGITS.findall(_JOIN.sub("", text or ""))
    return any(len(g) >= 10 for g in groups)
