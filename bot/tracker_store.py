"""SQL tracker store that never writes a citizen ID or a phone number in clear.

User messages are stored with 12-digit ID numbers and phone numbers masked. The
current turn is unaffected (NLU and actions saw the message as typed); later turns
read the masked copy.
"""

from __future__ import annotations

import copy
from typing import Any, Iterator

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, UserUttered

from bot.tracker_db import database_from_env
from dvc_common.redact import redact


def redact_event(event: Event) -> Event:
    if not isinstance(event, UserUttered) or not event.text:
        return event
    masked = redact(event.text)
    if masked == event.text:
        return event
    clean = copy.deepcopy(event)
    clean.text = masked
    clean.parse_data["text"] = masked
    for entity in clean.parse_data.get("entities") or []:
        if isinstance(entity.get("value"), str):
            entity["value"] = redact(entity["value"])
    return clean


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Any = None, **kwargs: Any) -> None:
        # TRACKER_DB_URL, when set, replaces the SQLite settings of bot/endpoints.yml.
        super().__init__(domain, **{**kwargs, **database_from_env()})

    def _additional_events(self, session: Any, tracker: Any) -> Iterator[Event]:
        for event in super()._additional_events(session, tracker):
            yield redact_event(event)
