"""What a hand-off request is about, prefilled from the conversation so far.

The topic is the last thing the citizen asked before wanting a person: the label of
its intent, or the words themselves when the assistant did not understand them. The
dossier code is the last one looked up (slot ``last_dossier_code`` or ``dossier_code``,
or a code the citizen typed).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable

from actions.fallback import INTENT_LABELS
from dvc_common.redact import redact

# Intents that say nothing about what the citizen needs.
NOT_A_TOPIC = {
    "human_handoff",
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "help",
    "stop",
    "bot_challenge",
    "next_step",
    "previous_step",
    "repeat_step",
    "inform",
    "out_of_scope",
}
FALLBACK_INTENTS = {"nlu_fallback"}
CODE_SLOTS = ("last_dossier_code", "dossier_code")
MAX_TOPIC = 300


def _user_events(events: Iterable[Dict[str, Any]]):
    return [e for e in events if e.get("event") == "user"]


def prefill_topic(events: list) -> str | None:
    """The label of the last meaningful question before the hand-off, if any."""
    users = _user_events(events)
    # The newest messages are the hand-off itself (typed or a button).
    while users and (users[-1].get("parse_data") or {}).get("intent", {}).get("name") in (
        "human_handoff",
        "inform",
        "affirm",
        "deny",
    ):
        users.pop()
    for event in reversed(users):
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        text = (event.get("text") or "").strip()
        if intent in FALLBACK_INTENTS and text and not text.startswith("/"):
            return clean_topic(f"“{text}”")
        if intent in INTENT_LABELS and intent not in NOT_A_TOPIC:
            return INTENT_LABELS[intent]
    return None


def last_dossier_code(events: list, slots: Dict[str, Any]) -> str | None:
    for name in CODE_SLOTS:
        if slots.get(name):
            return str(slots[name])
    for event in reversed(events):
        if event.get("event") == "slot" and event.get("name") in CODE_SLOTS and event.get("value"):
            return str(event["value"])
        if event.get("event") == "user":
            for entity in (event.get("parse_data") or {}).get("entities") or []:
                if entity.get("entity") == "dossier_code" and entity.get("value"):
                    return str(entity["value"])
    return None


def clean_topic(text: str) -> str:
    """No ID or phone number, one line, bounded."""
    return " ".join(redact(text).split())[:MAX_TOPIC]
