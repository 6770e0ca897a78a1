"""Conversation ids for Zalo users: a keyed hash, so no Zalo id reaches the tracker."""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "zalo-"


def conversation_id(key: bytes, zalo_user_id: str) -> str:
    digest = hmac.new(key, zalo_user_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest[:40]
