"""The lookup form's prompts: asking for the code and for the 4 digits.

- When this conversation already looked a dossier up, the code prompt first asks,
  with buttons, whether it is the same dossier (its code shown) or another one.
- The same prompt is never shown three times in a row: the third time, the ways out
  (where the code is written, the centre, a person) are given instead.
- Right after a way out or a personal-data warning, a short "when you have it, type
  it here" replaces the full prompt.
Wording: bot/domain/lookup.yml.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dossier_context import SLOT as CONTEXT_SLOT

FORM = "dossier_lookup_form"
REPEATS_BEFORE_WAY_OUT = 3
# Answers after which the full prompt would repeat what was just said.
SHORT_PROMPT_AFTER = {"utter_lookup_way_out", "action_personal_data_warning"}
_NOT_ANSWERS = {FORM, "action_listen", "validate_dossier_lookup_form"}


def _previous_answer(tracker: Tracker) -> str | None:
    """The last action before this run of the form, since the user last spoke."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return None
        if event.get("event") == "action" and event.get("name") not in _NOT_ANSWERS:
            if not str(event.get("name", "")).startswith("action_ask_"):
                return event.get("name")
    return None


def _count(tracker: Tracker, slot: str) -> int:
    if tracker.get_slot("lookup_prompted_slot") != slot:
        return 1
    return int(tracker.get_slot("lookup_prompt_count") or 0) + 1


def ask(dispatcher: CollectingDispatcher, tracker: Tracker, slot: str) -> List[Dict[str, Any]]:
    count = _count(tracker, slot)
    events: List[Dict[str, Any]] = [SlotSet("lookup_prompted_slot", slot)]
    if count >= REPEATS_BEFORE_WAY_OUT:
        dispatcher.utter_message(response="utter_lookup_way_out")
        dispatcher.utter_message(response=f"utter_ask_{slot}_again")
        return events + [SlotSet("lookup_prompt_count", 0.0)]
    events.append(SlotSet("lookup_prompt_count", float(count)))
    if _previous_answer(tracker) in SHORT_PROMPT_AFTER:
        dispatcher.utter_message(response=f"utter_ask_{slot}_again")
        return events
    previous = tracker.get_slot(CONTEXT_SLOT) or {}
    if (
        slot == "dossier_code"
        and previous.get("code")
        and not tracker.get_slot("lookup_previous_offered")
    ):
        dispatcher.utter_message(response="utter_ask_same_or_other_dossier", code=previous["code"])
        return events + [SlotSet("lookup_previous_offered", True)]
    dispatcher.utter_message(response=f"utter_ask_{slot}")
    return events


class ActionAskDossierCode(Action):
    def name(self) -> str:
        return "action_ask_dossier_code"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        return ask(dispatcher, tracker, "dossier_code")


class ActionAskPhoneLast4(Action):
    def name(self) -> str:
        return "action_ask_phone_last4"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        return ask(dispatcher, tracker, "phone_last4")
