"""Hand-off to a person: the form (call back or visit, phone, time, topic, confirmation)
and the actions that send the request to the centre's console or drop it.

The callback phone number never lands in a slot: ``validate_handoff_phone`` leaves it
with the console (a "phone hold") in the same turn and keeps only a masked copy and
the hold id. Everything the citizen reads is in ``bot/domain/handoff.yml``.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.callback_phone import mask_phone, normalise_phone
from actions.console_client import ConsoleClient
from actions.contacts import centre_lines, hotline_lines
from actions.handoff_topic import clean_topic, last_dossier_code, prefill_topic
from actions.settings import load_settings
from actions.working_hours import load_working_hours
from dvc_common.vntext import plain_words

FORM = "handoff_form"
CALLBACK, VISIT = "callback", "visit"
# Intents that leave the form; the rules of data/rules/handoff.yml take them.
LEAVING = {"deny", "stop"}
HANDOFF_SLOTS = (
    "handoff_contact",
    "handoff_phone",
    "handoff_phone_hold",
    "handoff_window",
    "handoff_window_key",
    "handoff_topic",
    "handoff_topic_edited",
    "handoff_confirm",
    "handoff_failed",
)
_CALLBACK_WORDS = re.compile(r"\b(goi|dien thoai|call)\b")
_VISIT_WORDS = re.compile(r"\b(den|toi|truc tiep|gap)\b")


def _reset() -> List[Dict[str, Any]]:
    return [SlotSet(name, None) for name in HANDOFF_SLOTS]


def _contacts() -> str:
    return "\n".join([*centre_lines(load_settings().centre), *hotline_lines()])


def _answer(tracker: Tracker, slot: str) -> Dict[str, Any] | None:
    """The latest message, if it answers the question asked for ``slot``."""
    if tracker.get_slot("requested_slot") != slot:
        return None
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    if intent in LEAVING:
        return None
    return message


def _entity(message: Dict[str, Any], name: str) -> str | None:
    for entity in message.get("entities") or []:
        if entity.get("entity") == name and entity.get("value"):
            return str(entity["value"])
    return None


def _typed(message: Dict[str, Any]) -> str:
    text = (message.get("text") or "").strip()
    return "" if text.startswith("/") else text


class ValidateHandoffForm(FormValidationAction):
    def name(self) -> str:
        return "validate_handoff_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        if tracker.get_slot("handoff_failed"):
            return []
        slots = ["handoff_contact"]
        if tracker.get_slot("handoff_contact") == CALLBACK:
            slots += ["handoff_phone", "handoff_window"]
        return slots + ["handoff_topic", "handoff_confirm"]

    # -- how to be reached -------------------------------------------------------
    async def extract_handoff_contact(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        message = _answer(tracker, "handoff_contact")
        if message is None:
            return {}
        return {"handoff_contact": _entity(message, "handoff_contact") or message.get("text")}

    def validate_handoff_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if value in (CALLBACK, VISIT):
            return {"handoff_contact": value}
        words = plain_words(str(value or ""))
        if _CALLBACK_WORDS.search(words) or normalise_phone(str(value or "")):
            return {"handoff_contact": CALLBACK}
        if _VISIT_WORDS.search(words):
            return {"handoff_contact": VISIT}
        dispatcher.utter_message(response="utter_handoff_contact_invalid")
        return {"handoff_contact": None}

    # -- the phone number: sent to the console now, only a mask kept ---------------
    async def extract_handoff_phone(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        message = _answer(tracker, "handoff_phone")
        if message is None:
            return {}
        return {"handoff_phone": message.get("text") or ""}

    async def validate_handoff_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        phone = normalise_phone(str(value or ""))
        if not phone:
            dispatcher.utter_message(response="utter_handoff_phone_invalid")
            return {"handoff_phone": None}
        hold = await ConsoleClient.from_env().hold_phone(phone)
        if not hold:
            # The console is down: the form ends and the submit action apologises.
            return {"handoff_phone": mask_phone(phone), "handoff_failed": True}
        return {"handoff_phone": mask_phone(phone), "handoff_phone_hold": hold}

    # -- when to call ------------------------------------------------------------
    async def extract_handoff_window(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        message = _answer(tracker, "handoff_window")
        if message is None:
            return {}
        return {"handoff_window": _entity(message, "handoff_window") or message.get("text")}

    def validate_handoff_window(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        hours = load_working_hours()
        periods = hours.callback_periods()
        text = str(value or "").strip()
        period = hours.period_for_key(text)
        if period is None and text.isdigit() and 1 <= int(text) <= len(periods):
            period = periods[int(text) - 1]
        if period is None:
            dispatcher.utter_message(response="utter_handoff_window_invalid")
            return {"handoff_window": None}
        return {"handoff_window": hours.describe(period), "handoff_window_key": period.key}

    # -- what it is about ----------------------------------------------------------
    async def extract_handoff_topic(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if tracker.get_slot("requested_slot") is None and not tracker.get_slot("handoff_topic"):
            # The form has just started: prefill from the conversation.
            topic = prefill_topic(tracker.events)
            code = last_dossier_code(tracker.events, tracker.slots)
            if topic and code:
                topic = f"{topic} ({code})"
            return {"handoff_topic": topic} if topic else {}
        message = _answer(tracker, "handoff_topic")
        if message is None:
            return {}
        return {"handoff_topic": _typed(message)}

    def validate_handoff_topic(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        topic = clean_topic(str(value or ""))
        if len(topic) < 2:
            dispatcher.utter_message(response="utter_handoff_topic_invalid")
            return {"handoff_topic": None}
        return {"handoff_topic": topic}

    # -- confirmation ------------------------------------------------------------
    async def extract_handoff_confirm(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        message = _answer(tracker, "handoff_confirm")
        if message is None:
            return {}
        intent = (message.get("intent") or {}).get("name")
        value = _entity(message, "handoff_confirm") or ("yes" if intent == "affirm" else "")
        return {"handoff_confirm": value or message.get("text") or "?"}

    def validate_handoff_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if value == "yes":
            return {"handoff_confirm": "yes"}
        if value == "edit":
            return {"handoff_confirm": None, "handoff_topic": None, "handoff_topic_edited": True}
        dispatcher.utter_message(response="utter_handoff_confirm_invalid")
        return {"handoff_confirm": None}


class ActionAskHandoffWindow(Action):
    """Offers what is left of today's working periods and the next working day's."""

    def name(self) -> str:
        return "action_ask_handoff_window"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        hours = load_working_hours()
        now = hours.now()
        if hours.current_period(now) is None:
            opening = hours.next_opening(now)
            if opening:
                dispatcher.utter_message(
                    response="utter_handoff_outside_hours",
                    next_open=hours.describe_opening(opening, now),
                )
        buttons = [
            {
                "title": hours.describe(period, now),
                "payload": f'/inform{{"handoff_window": "{period.key}"}}',
            }
            for period in hours.callback_periods(now)
        ]
        dispatcher.utter_message(response="utter_ask_handoff_window", buttons=buttons)
        return []


class ActionHandoffSubmit(Action):
    """Sends the confirmed request to the console and tells the citizen what happens."""

    def name(self) -> str:
        return "action_handoff_submit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        slots = tracker.slots
        contact = slots.get("handoff_contact")
        number = None
        if not slots.get("handoff_failed") and slots.get("handoff_confirm") == "yes":
            number = await ConsoleClient.from_env().create_request(self._request(tracker))
        if not number:
            dispatcher.utter_message(response="utter_handoff_unavailable", contacts=_contacts())
            return _reset()

        hours = load_working_hours()
        now = hours.now()
        if contact == CALLBACK:
            dispatcher.utter_message(
                response="utter_handoff_created_callback",
                number=number,
                phone=slots.get("handoff_phone"),
                window=slots.get("handoff_window"),
            )
        else:
            current = hours.current_period(now)
            if current:
                dispatcher.utter_message(
                    response="utter_handoff_created_visit",
                    number=number,
                    until=f"{current.end:%H:%M}",
                    contacts="\n".join(centre_lines(load_settings().centre)),
                )
            else:
                opening = hours.next_opening(now)
                dispatcher.utter_message(
                    response="utter_handoff_created_visit_closed",
                    number=number,
                    next_open=hours.describe_opening(opening, now) if opening else "",
                    contacts="\n".join(centre_lines(load_settings().centre)),
                )
        return _reset()

    @staticmethod
    def _request(tracker: Tracker) -> Dict[str, Any]:
        slots = tracker.slots
        window_start = window_end = None
        key = slots.get("handoff_window_key")
        if key:
            start, end = key.split("/")
            window_start = start
            window_end = f"{start[:10]}T{end}"
        return {
            "conversation_id": tracker.sender_id,
            "channel": tracker.get_latest_input_channel(),
            "contact": slots.get("handoff_contact"),
            "phone_hold": slots.get("handoff_phone_hold"),
            "window_start": window_start,
            "window_end": window_end,
            "window_label": slots.get("handoff_window"),
            "topic": slots.get("handoff_topic") or "",
            "dossier_code": last_dossier_code(tracker.events, slots),
            "timezone": load_working_hours().tz.key,
        }


class ActionHandoffCancel(Action):
    """The citizen declined: nothing is sent, a phone number left with the console is dropped."""

    def name(self) -> str:
        return "action_handoff_cancel"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        hold = tracker.get_slot("handoff_phone_hold")
        if hold:
            await ConsoleClient.from_env().drop_phone(hold)
        dispatcher.utter_message(response="utter_handoff_declined")
        return _reset()
