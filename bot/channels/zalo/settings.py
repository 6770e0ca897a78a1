"""Settings of the Zalo OA channel, read from the environment (``ZALO_*``).

The channel is off unless ``ZALO_APP_ID`` is set. Keys of ``bot/credentials.yml``
(lower case, without the prefix) override the environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

QUERY_BUTTON_TYPES = ("oa.query.show", "oa.query.hide")


class ZaloConfigError(ValueError):
    """The channel is switched on but cannot work as configured."""


@dataclass(frozen=True)
class ZaloSettings:
    app_id: str = ""
    oa_secret_key: str = ""
    app_secret: str = ""
    api_base: str = "https://openapi.zalo.me"
    oauth_base: str = "https://oauth.zaloapp.com"
    refresh_token: str = ""
    token_store: str = "var/zalo_tokens.json"
    # Key of the hash that turns a Zalo user id into a conversation id; the OA
    # secret key when empty.
    sender_id_key: str = ""
    button_type: str = "oa.query.show"
    max_buttons: int = 5
    # [UNVERIFIED] alternatives of the contract: "header" reads X-ZEvent-Timestamp.
    signature_timestamp: str = "body"
    http_timeout: float = 10.0
    send_retries: int = 3
    retry_base_seconds: float = 1.0

    @property
    def enabled(self) -> bool:
        return bool(self.app_id)

    @property
    def hash_key(self) -> bytes:
        return (self.sender_id_key or self.oa_secret_key).encode("utf-8")

    @classmethod
    def load(
        cls, env: Mapping[str, str], credentials: Mapping[str, Any] | None = None
    ) -> ZaloSettings:
        values: dict[str, Any] = {}
        for name, default in cls.__dataclass_fields__.items():
            raw = (credentials or {}).get(name)
            if raw is None:
                raw = env.get(f"ZALO_{name.upper()}")
            if raw is None or str(raw).strip() == "":
                continue
            kind = type(default.default)
            values[name] = kind(str(raw).strip()) if kind in (int, float) else str(raw).strip()
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        if not self.enabled:
            return
        missing = [
            f"ZALO_{name.upper()}"
            for name in ("oa_secret_key", "app_secret")
            if not getattr(self, name)
        ]
        if missing:
            raise ZaloConfigError(
                "Zalo channel: ZALO_APP_ID is set but " + ", ".join(missing) + " is empty"
            )
        if self.button_type not in QUERY_BUTTON_TYPES:
            raise ZaloConfigError(
                f"Zalo channel: ZALO_BUTTON_TYPE must be one of {QUERY_BUTTON_TYPES}"
            )
        if self.signature_timestamp not in ("body", "header"):
            raise ZaloConfigError("Zalo channel: ZALO_SIGNATURE_TIMESTAMP must be body or header")
        if not 1 <= self.max_buttons <= 5:
            raise ZaloConfigError("Zalo channel: ZALO_MAX_BUTTONS must be between 1 and 5")
