"""Offers the other question of a message that asked two things.

The NLU pipeline marks it (bot/nlu/second_request.py: ``second_request`` in the parse
data); after answering the main question, the answering actions call
:func:`offer_second_request`, which adds ``utter_second_request`` with one button that
asks it. A button press or a typed message carries no mark, so the offer is made once.
"""

from __future__ import annotations

import json
from typing import Any, Dict

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.wording import fill, wording


def second_request_button(latest_message: Dict[str, Any]) -> Dict[str, str] | None:
    """The "Hỏi tiếp" button for the message's second request, if it has one we can name."""
    labels = wording("fallback")["intent_labels"]  # as actions/fallback.py
    found = latest_message.get("second_request")
    if not isinstance(found, dict):
        return None
    intent = found.get("intent")
    if not isinstance(intent, str) or intent not in labels:
        return None
    label = labels[intent]
    payload = f"/{intent}"
    # Imported here: actions/procedures.py offers a second request too.
    from actions.procedures import load_catalogue

    key = found.get("procedure")
    procedure = load_catalogue().procedures.get(key) if isinstance(key, str) else None
    if intent == "procedure_info" and procedure is not None:
        label = procedure.name
        payload += json.dumps({"procedure": key}, separators=(",", ":"))
    if not label:
        return None
    return {
        "title": fill(wording("second_request")["button_title"], label=label),
        "payload": payload,
    }


def offer_second_request(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    button = second_request_button(tracker.latest_message or {})
    if button:
        dispatcher.utter_message(response="utter_second_request", buttons=[button])
