"""Console settings from the environment (and ``.env`` in the working directory)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", populate_by_name=True, env_ignore_empty=True
    )

    host: str = Field("127.0.0.1", validation_alias="CONSOLE_HOST")
    port: int = Field(8002, ge=1, le=65535, validation_alias="CONSOLE_PORT")
    # The console's own database: CONSOLE_DB_URL (e.g. postgresql+psycopg://...) or a
    # SQLite file CONSOLE_DB.
    db_url: str | None = Field(None, validation_alias="CONSOLE_DB_URL")
    db_file: Path = Field(ROOT / "var" / "console.db", validation_alias="CONSOLE_DB")
    # Rasa's tracker store, read only: TRACKER_DB_URL or the SQLite file TRACKER_DB.
    tracker_db_url: str | None = Field(None, validation_alias="TRACKER_DB_URL")
    tracker_db_file: Path = Field(ROOT / "var" / "tracker.db", validation_alias="TRACKER_DB")
    guide_outcomes_file: Path = Field(
        ROOT / "var" / "guide_outcomes.jsonl", validation_alias="GUIDE_OUTCOMES_FILE"
    )
    domain_dir: Path = Field(ROOT / "bot" / "domain", validation_alias="CONSOLE_DOMAIN_DIR")
    # Shared secret of the internal API (the hand-off action); empty: API refused.
    api_token: str = Field("", validation_alias="CONSOLE_API_TOKEN")
    # Client addresses allowed on the internal API (loopback unless deployed otherwise).
    internal_hosts: str = Field("127.0.0.1,::1", validation_alias="CONSOLE_INTERNAL_HOSTS")
    # Secure cookies: "auto" (when the request came over HTTPS), "true" or "false".
    cookie_secure: str = Field("auto", validation_alias="CONSOLE_COOKIE_SECURE")
    session_hours: int = Field(12, ge=1, validation_alias="CONSOLE_SESSION_HOURS")
    login_max_failures: int = Field(5, ge=1, validation_alias="CONSOLE_LOGIN_MAX_FAILURES")
    login_window_minutes: int = Field(15, ge=1, validation_alias="CONSOLE_LOGIN_WINDOW_MINUTES")
    phone_retention_days: int = Field(90, ge=1, validation_alias="CONSOLE_PHONE_RETENTION_DAYS")
    timezone: str = Field("Asia/Ho_Chi_Minh", validation_alias="CONSOLE_TIMEZONE")
    log_level: str = Field("info", validation_alias="CONSOLE_LOG_LEVEL")

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.db_file}"

    @property
    def tracker_url(self) -> str:
        if self.tracker_db_url:
            return self.tracker_db_url
        # Opened read only: the console never writes to the tracker store.
        return f"sqlite:///file:{self.tracker_db_file}?mode=ro&uri=true"

    @property
    def internal_host_set(self) -> set[str]:
        return {h.strip() for h in self.internal_hosts.split(",") if h.strip()}
