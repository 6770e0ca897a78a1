"""Settings from the environment (and a ``.env`` file in the working directory, if any)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SEED_FILE = Path(__file__).resolve().parent / "seed" / "demo.json"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", populate_by_name=True, env_ignore_empty=True
    )

    host: str = Field("127.0.0.1", validation_alias="DOSSIER_SERVICE_HOST")
    port: int = Field(8001, ge=1, le=65535, validation_alias="DOSSIER_SERVICE_PORT")
    seed_file: Path = Field(DEFAULT_SEED_FILE, validation_alias="DOSSIER_SEED_FILE")
    db: str = Field(":memory:", validation_alias="DOSSIER_DB")
    lookup_max_failures: int = Field(5, ge=1, validation_alias="DOSSIER_LOOKUP_MAX_FAILURES")
    lookup_window_seconds: int = Field(900, ge=1, validation_alias="DOSSIER_LOOKUP_WINDOW_SECONDS")
    log_level: Literal["critical", "error", "warning", "info", "debug"] = Field(
        "info", validation_alias="DOSSIER_SERVICE_LOG_LEVEL"
    )
    docs: bool = Field(
        False,
        validation_alias="DOSSIER_SERVICE_DOCS",
        description="Serve the HTML Swagger UI at /docs (off: every response is JSON).",
    )
