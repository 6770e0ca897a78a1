"""Masking of personal data returned to chat users."""

from __future__ import annotations

import unicodedata


def mask_name(name: str) -> str:
    """Keep the first letter of each word, replace the rest with '*' of the same length.

    >>> mask_name("Lê Thị Hoa")
    'L* T** H**'
    """
    words = unicodedata.normalize("NFC", name).split()
    return " ".join(word[0] + "*" * (len(word) - 1) for word in words)
