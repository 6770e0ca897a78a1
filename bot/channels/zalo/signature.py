"""The ``X-ZEvent-Signature`` of Zalo's OA webhook.

``mac=`` + lowercase hex SHA-256 (plain hash, not HMAC) of
``app_id + raw_body + timestamp + oa_secret_key`` (spec/zalo-oa.md section 1).
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-ZEvent-Signature"
TIMESTAMP_HEADER = "X-ZEvent-Timestamp"


def mac(app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str) -> str:
    digest = hashlib.sha256()
    digest.update(app_id.encode("utf-8"))
    digest.update(raw_body)
    digest.update(timestamp.encode("utf-8"))
    digest.update(oa_secret_key.encode("utf-8"))
    return digest.hexdigest()


def header_value(app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str) -> str:
    return "mac=" + mac(app_id, raw_body, timestamp, oa_secret_key)


def valid(
    header: str | None, app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str
) -> bool:
    """Constant-time check of a header value, with or without the ``mac=`` prefix."""
    if not header or not timestamp or not oa_secret_key:
        return False
    given = header.strip()
    if given[:4].lower() == "mac=":
        given = given[4:]
    expected = mac(app_id, raw_body, timestamp, oa_secret_key)
    return hmac.compare_digest(given.lower().encode("ascii", "replace"), expected.encode("ascii"))
