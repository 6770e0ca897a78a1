"""Validation of the dossier lookup form: one ``validate_<slot>`` per slot.

The form asks for the dossier code, then the last 4 digits of the phone number
registered with the dossier. Input is taken from the message text only while the
form asks for that slot and the message looks like an answer (it has digits, or was
understood as ``inform``); anything else is left to the rules, so that a question in
the middle of the form is answered and the form goes on. After repeated invalid
input the form explains and offers to stop. Wording: bot/domain/lookup.yml.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.phone_digits import last4_from_text, looks_like_full_phone
from actions.settings import load_settings
from dvc_common.dossier_code import EXAMPLE_CODE, extract_code, without_codes
from dvc_common.redact import personal_data_kinds

FORM = "dossier_lookup_form"
ANSWER_INTENTS = {"inform", "check_dossier_status", "dossier_overdue", "nlu_fallback"}


def _looks_like_answer(tracker: Tracker) -> bool:
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    intent = (message.get("intent") or {}).get("name")
    if text.startswith("/"):
        return False
    kinds = personal_data_kinds(text)
    if kinds and not extract_code(text):
        # Only a phone number at the digits prompt is an answer (its last 4 are used).
        at_digits = tracker.get_slot("requested_slot") == "phone_last4"
        if not (kinds == {"phone"} and at_digits):
            return False
    return any(ch.isdigit() for ch in text) or intent in ANSWER_INTENTS


def _latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


class ValidateDossierLookupForm(FormValidationAction):
    def name(self) -> str:
        return "validate_dossier_lookup_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        # After too many failed lookups the form stops asking; the lookup action
        # then gives the centre's and the portal's contacts instead.
        failures = tracker.get_slot("lookup_failures") or 0
        if failures >= load_settings().max_lookup_failures:
            return []
        return domain_slots

    def _requested_text(self, tracker: Tracker, slot: str) -> str | None:
        if tracker.get_slot("requested_slot") != slot or not _looks_like_answer(tracker):
            return None
        return (tracker.latest_message or {}).get("text")

    async def extract_dossier_code(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if tracker.get_slot("dossier_code"):
            return {}
        text = self._requested_text(tracker, "dossier_code")
        return {"dossier_code": text} if text else {}

    async def extract_phone_last4(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        # The message just looked up is not read twice (a wrong pair asks again).
        if tracker.latest_action_name == "action_lookup_dossier":
            return {}
        text = _latest_text(tracker)
        if not text.startswith("/") and extract_code(text):
            # A code and a full phone number in one message: use the phone's last 4.
            rest = without_codes(text)
            if looks_like_full_phone(rest) and last4_from_text(rest):
                return {"phone_last4": rest}
            if tracker.get_slot("requested_slot") == "phone_last4" and last4_from_text(rest):
                return {"phone_last4": rest}
            return {}
        answer = self._requested_text(tracker, "phone_last4")
        return {"phone_last4": answer} if answer else {}

    def _invalid(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        slot: str,
        response: str,
        **values: Any,
    ) -> Dict[str, Any]:
        count = int(tracker.get_slot("lookup_invalid_inputs") or 0) + 1
        dispatcher.utter_message(response=response, **values)
        if count >= load_settings().max_invalid_inputs:
            dispatcher.utter_message(response="utter_lookup_invalid_many")
        return {slot: None, "lookup_invalid_inputs": float(count)}

    def validate_dossier_code(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        if slot_value is None:  # cleared by a reset, not typed: nothing to say
            return {"dossier_code": None}
        code = extract_code(str(slot_value))
        if code:
            return {"dossier_code": code}
        return self._invalid(
            dispatcher,
            tracker,
            "dossier_code",
            "utter_lookup_invalid_code",
            example=EXAMPLE_CODE,
        )

    def validate_phone_last4(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        if slot_value is None:  # cleared by a reset, not typed: nothing to say
            return {"phone_last4": None}
        text = str(slot_value)
        digits = last4_from_text(text)
        if digits:
            if looks_like_full_phone(text):
                dispatcher.utter_message(response="utter_only_last4_needed")
            return {"phone_last4": digits}
        return self._invalid(
            dispatcher,
            tracker,
            "phone_last4",
            "utter_lookup_invalid_last4",
        )
