"""Centre information (the hand-off to a person is actions/handoff.py).

Wording: utter_center_info in bot/domain/centre.yml.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.contacts import centre_lines
from actions.second_request import offer_second_request
from actions.settings import load_settings


class ActionCenterInfo(Action):
    def name(self) -> str:
        return "action_center_info"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        contacts = "\n".join(centre_lines(load_settings().centre))
        dispatcher.utter_message(response="utter_center_info", contacts=contacts)
        offer_second_request(dispatcher, tracker)
        return []
