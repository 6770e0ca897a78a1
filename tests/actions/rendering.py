"""Renders what actions send as Rasa would: domain responses filled like the NLG does.

An action that says ``dispatcher.utter_message(response="utter_x", code=...)`` sends the
response's name and its values; Rasa's server then picks the response in ``bot/domain``,
fills its ``{placeholders}`` from the values and the slots (the ``fact_`` slots have
initial values), and appends the buttons the action gave (RemoteAction._utter_responses).
Tests read the citizen's message through :func:`render`, as the citizen would.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain

DOMAIN_DIR = "bot/domain"
_MESSAGE_KEYS = ("text", "buttons", "image", "elements", "attachment", "custom")


@lru_cache(maxsize=1)
def domain() -> Domain:
    return Domain.load(DOMAIN_DIR)


def _initial_slots() -> Dict[str, Any]:
    return {slot.name: slot.initial_value for slot in domain().slots}


def render(message: Dict[str, Any], slots: Dict[str, Any] | None = None) -> Dict[str, Any]:
    """One message of a CollectingDispatcher, as the citizen gets it: text and buttons."""
    message = dict(message)
    name = message.pop("response", None)
    draft: Dict[str, Any] = {}
    if name:
        assert name in domain().responses, f"{name} is not a response of {DOMAIN_DIR}"
        filled = {**_initial_slots(), **(slots or {})}
        nlg = TemplatedNaturalLanguageGenerator(domain().responses)
        draft = nlg.generate_from_slots(name, filled, "rest", **message) or {}
        text = draft.get("text") or ""
        assert "{" not in text, f"{name}: a placeholder was not filled: {text!r}"
    buttons = message.pop("buttons", None) or []
    if buttons:
        draft.setdefault("buttons", [])
        draft["buttons"] = [*draft["buttons"], *buttons]
    draft.update({k: v for k, v in message.items() if v and k in _MESSAGE_KEYS})
    return {"text": draft.get("text"), "buttons": draft.get("buttons") or []}


def texts(messages: List[Dict[str, Any]]) -> List[str]:
    return [render(m)["text"] or "" for m in messages]


def rendered(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The messages with ``text`` and ``buttons`` as the citizen gets them; the response's
    name and values stay, for the tests that check them."""
    return [{**message, **render(message)} for message in messages]
