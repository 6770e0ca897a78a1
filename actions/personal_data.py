"""A warning when personal data is typed into the chat (issue 8, point 4).

An ID number, a phone number, an e-mail, a password, OTP or passcode is never needed:
the citizen is told so and the conversation goes on where it was (the lookup form
keeps its state; rules bring the form or the guide back). A full phone number at the
digits prompt is the expected answer, not a warning case: the form uses its last 4.
Storage of these values is the tracker store's (dvc_common.redact).
Wording: bot/domain/lookup.yml.
"""

from __future__ import annotations

from typing import Any, Dict

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from dvc_common.dossier_code import extract_code
from dvc_common.redact import personal_data_kinds

ID_KINDS = {"citizen_id", "old_id"}


class ActionPersonalDataWarning(Action):
    def name(self) -> str:
        return "action_personal_data_warning"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        text = (tracker.latest_message or {}).get("text") or ""
        kinds = personal_data_kinds(text)
        in_form = tracker.active_loop_name == "dossier_lookup_form"
        digits_prompt = in_form and tracker.get_slot("requested_slot") == "phone_last4"
        if kinds <= {"phone"} and (digits_prompt or extract_code(text)):
            return []  # the form takes the last 4 digits and says only 4 are needed
        dispatcher.utter_message(response="utter_personal_data_warning")
        if kinds & ID_KINDS and not in_form:
            dispatcher.utter_message(response="utter_personal_data_id_hint")
        return []
