"""SQL tracker store that never writes personal data in clear.

Before events are written, :func:`redact_events` masks, with the one redaction of
``dvc_common.redact``:

- in user messages: the text, the text and entity values of the parse data, and the
  metadata (ID and phone numbers, e-mails, secrets given after their keyword); the
  client address the chat channels add for the per-client limit is not kept;
- the reply to the question about the last 4 phone digits (the form asked for
  ``phone_last4``, or the message filled it): every number in it; the digits are
  used for the lookup in the turn they are typed and kept nowhere;
- the reply given right after an OTP, a password or a passcode was mentioned, by the
  assistant or by the user: anything that looks like the code or the password;
- slot values; the ``phone_last4`` slot is stored empty.

The current turn is unaffected (NLU and actions saw the message as typed); later
turns read the masked copy.
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Iterator, List, Sequence

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import (
    ActionExecuted,
    AllSlotsReset,
    BotUttered,
    EntitiesAdded,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)

import bot.server_tuning  # noqa: F401  (SQLite WAL, cached action response validator)
from bot.tracker_db import database_from_env
from dvc_common.redact import (
    MASKS,
    mentions_secret,
    redact,
    redact_phone_digits_reply,
    redact_secret_reply,
)

PHONE_DIGITS_SLOT = "phone_last4"
PHONE_DIGITS_PROMPTS = frozenset({"utter_ask_phone_last4", "action_ask_phone_last4"})
REQUESTED_SLOT = "requested_slot"
# Parse data keys that hold names chosen by the assistant, not what the user typed.
_PARSE_DATA_KEPT = frozenset({"intent", "intent_ranking", "response_selector", "message_id"})
_ENTITY_KEPT = frozenset({"entity", "extractor", "processors", "role", "group"})
# Metadata the chat channels add for the current turn (the per-client limit).
_METADATA_MASKED = {"client_ip": MASKS["ip_address"]}

Masker = Callable[[str], str]


def _deep(value: Any, mask: Masker) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {k: _deep(v, mask) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep(v, mask) for v in value]
    return value


def _entities(entities: Any, mask: Masker) -> Any:
    if not isinstance(entities, list):
        return entities
    return [
        {k: (v if k in _ENTITY_KEPT else _deep(v, mask)) for k, v in e.items()}
        if isinstance(e, dict)
        else e
        for e in entities
    ]


def _metadata(metadata: Any, mask: Masker) -> Any:
    if not isinstance(metadata, dict):
        return _deep(metadata, mask)
    return {
        k: (_METADATA_MASKED[k] if k in _METADATA_MASKED and v else _deep(v, mask))
        for k, v in metadata.items()
    }


def _user_event(event: UserUttered, mask: Masker) -> UserUttered:
    clean = copy.deepcopy(event)
    if clean.text:
        clean.text = mask(clean.text)
    parse_data = {}
    for key, value in (clean.parse_data or {}).items():
        if key in _PARSE_DATA_KEPT:
            parse_data[key] = value
        elif key == "entities":
            parse_data[key] = _entities(value, mask)
        elif key == "metadata":
            parse_data[key] = _metadata(value, mask)
        else:
            parse_data[key] = _deep(value, mask)
    clean.parse_data = parse_data
    clean.entities = _entities(clean.entities, mask)
    if clean.metadata:
        clean.metadata = _metadata(clean.metadata, mask)
    return clean


class _Context:
    """What the conversation was asking when a user message came in."""

    def __init__(self) -> None:
        self.requested_slot: str | None = None
        self.asked_for_digits = False
        self.secret_mentioned = False

    def see(self, event: Event) -> None:
        if isinstance(event, (Restarted, SessionStarted, AllSlotsReset)):
            self.requested_slot = None
        elif isinstance(event, SlotSet) and event.key == REQUESTED_SLOT:
            self.requested_slot = event.value
        elif isinstance(event, BotUttered):
            if (event.metadata or {}).get("utter_action") in PHONE_DIGITS_PROMPTS:
                self.asked_for_digits = True
            if mentions_secret(event.text or ""):
                self.secret_mentioned = True
        elif isinstance(event, ActionExecuted) and event.action_name in PHONE_DIGITS_PROMPTS:
            self.asked_for_digits = True

    def masker(self, events: Sequence[Event], index: int) -> Masker:
        """How to mask the user message at ``events[index]``."""
        if (
            self.requested_slot == PHONE_DIGITS_SLOT
            or self.asked_for_digits
            or _fills_digits(events, index)
        ):
            return redact_phone_digits_reply
        if self.secret_mentioned:
            return redact_secret_reply
        return redact

    def after_user(self, event: UserUttered) -> None:
        self.asked_for_digits = False
        # "mật khẩu của tôi là" followed by the password in the next message.
        self.secret_mentioned = mentions_secret(event.text or "")


def _fills_digits(events: Sequence[Event], index: int) -> bool:
    """Whether the turn of the user message at ``index`` set the phone digits."""
    for event in events[index + 1 :]:
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, SlotSet) and event.key == PHONE_DIGITS_SLOT and event.value:
            return True
    return False


def _slot_event(event: SlotSet) -> SlotSet:
    if event.key == PHONE_DIGITS_SLOT:
        value = None
    else:
        value = _deep(event.value, redact)
        if value == event.value:
            return event
    clean = copy.deepcopy(event)
    clean.value = value
    return clean


def _entities_event(event: EntitiesAdded) -> EntitiesAdded:
    clean = copy.deepcopy(event)
    clean.entities = _entities(clean.entities, redact)
    return clean


def redact_events(events: Sequence[Event], start: int = 0) -> Iterator[Event]:
    """Masked copies of ``events[start:]``, reading ``events[:start]`` for context."""
    events = list(events)
    context = _Context()
    for index, event in enumerate(events):
        if isinstance(event, UserUttered):
            if index >= start:
                yield _user_event(event, context.masker(events, index))
            context.after_user(event)
            continue
        context.see(event)
        if index < start:
            continue
        if isinstance(event, SlotSet):
            yield _slot_event(event)
        elif isinstance(event, EntitiesAdded):
            yield _entities_event(event)
        else:
            yield event


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Any = None, **kwargs: Any) -> None:
        # TRACKER_DB_URL, when set, replaces the SQLite settings of bot/endpoints.yml.
        super().__init__(domain, **{**kwargs, **database_from_env()})

    def _additional_events(self, session: Any, tracker: Any) -> Iterator[Event]:
        stored = self._event_query(
            session, tracker.sender_id, fetch_events_from_all_sessions=False
        ).count()
        events: List[Event] = list(tracker.events)
        return redact_events(events, start=stored)
