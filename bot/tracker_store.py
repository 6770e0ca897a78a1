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

import bot.server_tuning  # noqa: F401  (SQLite WAL, cached action response validator)
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
    def _additional_events(self, session: Any, tracker: Any) -> Iterator[Event]:
        for event in super()._additional_events(session, tracker):
            yield redact_event(event)
