"""The phone number a citizen gives for a call back: checked, normalised, masked.

The number itself goes to the centre's console only; the conversation keeps the
masked form.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.\-()]")
# Mobile: 10 digits, 03/05/07/08/09; fixed line: 11 digits, 02x.
_MOBILE = re.compile(r"0[35789]\d{8}")
_FIXED = re.compile(r"02\d{9}")


def normalise_phone(text: str) -> str | None:
    """``0912 345 678``, ``+84 912.345.678`` -> ``0912345678``; None if not a phone."""
    compact = _SEPARATORS.sub("", text or "")
    if compact.startswith("+84"):
        compact = "0" + compact[3:]
    elif compact.startswith("84") and len(compact) in (11, 12):
        compact = "0" + compact[2:]
    if _MOBILE.fullmatch(compact) or _FIXED.fullmatch(compact):
        return compact
    return None


def mask_phone(phone: str) -> str:
    """``0912345678`` -> ``09*****678``: enough for the citizen to recognise it."""
    return phone[:2] + "*" * (len(phone) - 5) + phone[-3:]
