"""Settings from the environment (and a ``.env`` file in the working directory, if any)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SEED_FILE = Path(__file__).resolve().parent / "seed" / "demo.json"
#: The database keeps the failed look-ups, so the limits hold across restarts.
DEFAULT_DB = Path(__file__).resolve().parents[1] / "var" / "dossier_service.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", populate_by_name=True, env_ignore_empty=True
    )

    host: str = Field("127.0.0.1", validation_alias="DOSSIER_SERVICE_HOST")
    port: int = Field(8001, ge=1, le=65535, validation_alias="DOSSIER_SERVICE_PORT")
    seed_file: Path = Field(DEFAULT_SEED_FILE, validation_alias="DOSSIER_SEED_FILE")
    db: str = Field(str(DEFAULT_DB), validation_alias="DOSSIER_DB")
    # Abuse limits (see ratelimit.py and SECURITY.md for the design and its numbers).
    lookup_max_failures: int = Field(
        5,
        ge=1,
        validation_alias="DOSSIER_LOOKUP_MAX_FAILURES",
        description="Failed look-ups of one code before it is first locked.",
    )
    lookup_window_seconds: int = Field(
        86400,
        ge=1,
        validation_alias="DOSSIER_LOOKUP_WINDOW_SECONDS",
        description="A code's failures are forgotten after this long without a new one.",
    )
    lookup_lock_seconds: int = Field(
        60,
        ge=1,
        validation_alias="DOSSIER_LOOKUP_LOCK_SECONDS",
        description="First lock of a code; each further failure doubles it.",
    )
    lookup_max_lock_seconds: int = Field(
        900,
        ge=1,
        validation_alias="DOSSIER_LOOKUP_MAX_LOCK_SECONDS",
        description="Longest lock of a code: the longest an owner with the right pair waits.",
    )
    client_max_failures: int = Field(
        20,
        ge=1,
        validation_alias="DOSSIER_CLIENT_MAX_FAILURES",
        description="Failed look-ups from one client address within the client window.",
    )
    client_window_seconds: int = Field(
        3600,
        ge=1,
        validation_alias="DOSSIER_CLIENT_WINDOW_SECONDS",
    )
    trusted_proxies: str = Field(
        "127.0.0.1,::1",
        validation_alias="TRUSTED_PROXIES",
        description=(
            "Comma-separated addresses or networks (CIDR) whose X-Forwarded-For is believed: "
            "the action server. Empty: X-Forwarded-For is ignored."
        ),
    )
    log_level: Literal["critical", "error", "warning", "info", "debug"] = Field(
        "info", validation_alias="DOSSIER_SERVICE_LOG_LEVEL"
    )
    docs: bool = Field(
        False,
        validation_alias="DOSSIER_SERVICE_DOCS",
        description="Serve the HTML Swagger UI at /docs (off: every response is JSON).",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _valid_networks(cls, value: str) -> str:
        from .clients import parse_networks

        parse_networks(value)  # raises ValueError naming the bad entry
        return value
