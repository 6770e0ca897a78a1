"""Read-only access to Rasa's SQL tracker store (the ``events`` table).

Texts are already redacted by the tracker store (ID and phone numbers masked); they
are masked again here in case an older store did not.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from console.settings import Settings
from dvc_common.redact import redact

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    sender_id: str
    type_name: str
    at: datetime
    intent: str | None
    action: str | None
    data: dict[str, Any]

    @property
    def text(self) -> str:
        return redact(self.data.get("text") or "")


class TrackerReader:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._engine: Engine | None = None

    def engine(self) -> Engine:
        if self._engine is None:
            url = self.settings.tracker_url
            if url.startswith("postgresql"):
                engine = create_engine(
                    url, connect_args={"options": "-c default_transaction_read_only=on"}
                )
            else:
                engine = create_engine(url)
            self._engine = engine
        return self._engine

    def _rows(self, sql: str, **params: Any) -> list[Event]:
        if not self.settings.tracker_db_url and not self.settings.tracker_db_file.exists():
            return []  # no conversation yet
        try:
            with self.engine().connect() as connection:
                rows = connection.execute(text(sql), params).all()
        except SQLAlchemyError as exc:
            logger.warning("tracker store unreadable: %s", type(exc).__name__)
            return []
        events = []
        for sender_id, type_name, stamp, intent, action, data in rows:
            try:
                payload = json.loads(data or "{}")
            except ValueError:
                payload = {}
            events.append(
                Event(
                    sender_id,
                    type_name,
                    datetime.fromtimestamp(stamp or 0, timezone.utc),
                    intent,
                    action,
                    payload,
                )
            )
        return events

    def events_since(self, since: datetime) -> list[Event]:
        """Every event since ``since``, grouped by conversation, in order."""
        return self._rows(
            "SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
            "FROM events WHERE timestamp >= :since ORDER BY sender_id, id",
            since=since.timestamp(),
        )

    def last_messages(self, sender_id: str, limit: int = 20) -> list[Event]:
        """The conversation's last user and bot messages, oldest first."""
        events = self._rows(
            "SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
            "FROM events WHERE sender_id = :sender AND type_name IN ('user', 'bot') "
            "ORDER BY id DESC LIMIT :limit",
            sender=sender_id,
            limit=limit,
        )
        return list(reversed(events))
