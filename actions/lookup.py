"""Looking up where a dossier stands, after the lookup form has the code and digits.

The 4 digits are used for this one call and cleared in the same turn. A found dossier
becomes the conversation's context (actions.dossier_context) for the questions that
follow. A wrong pair asks again for the digits only (the code is kept, with a button
to change it). Inside a volunteer guide, the guide is offered again afterwards.
Wording: the utter_lookup_* and utter_dossier_answer responses (bot/domain/lookup.yml).
"""

from __future__ import annotations

import logging
import math
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.contacts import lookup_fallback_lines
from actions.dossier_answer import RESPONSE as DOSSIER_ANSWER
from actions.dossier_answer import answer_buttons, answer_values
from actions.dossier_client import CLIENT_LOCKED, Outcome, client_ip_of, shared_client
from actions.dossier_context import FLAG_SLOT, SLOT, context_of
from actions.settings import Settings, load_settings

logger = logging.getLogger(__name__)


def fresh_start(keep_code: str | None = None) -> List[Dict[str, Any]]:
    """Slots of a lookup that starts afresh: no digits, counters at zero."""
    return [
        SlotSet("dossier_code", keep_code),
        SlotSet("phone_last4", None),
        SlotSet("lookup_invalid_inputs", 0.0),
        SlotSet("lookup_prompted_slot", None),
        SlotSet("lookup_prompt_count", 0.0),
        SlotSet("lookup_previous_offered", False),
    ]


def _reset(
    failures: float, keep_code: str | None = None, outcome: str | None = None
) -> List[Dict[str, Any]]:
    # The digits are not kept once used; a new lookup asks again. The outcome
    # (found:<status>, not_found, rate_limited, unavailable, limited, incomplete) is
    # counted by the console's dashboard.
    return [
        SlotSet("lookup_outcome", outcome),
        *fresh_start(keep_code),
        SlotSet("lookup_failures", failures),
    ]


def _ways(settings: Settings) -> str:
    """The other ways to find a dossier's status, one a line ({ways} in the responses)."""
    return "\n".join(lookup_fallback_lines(settings.centre))


def _back_to_guide(tracker: Tracker) -> List[Dict[str, Any]]:
    """Inside a volunteer guide, offer the guide again after the lookup."""
    return [FollowupAction("action_guide_offer_resume")] if tracker.get_slot("guide_active") else []


class ActionLookupDossier(Action):
    def name(self) -> str:
        return "action_lookup_dossier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        settings = load_settings()
        failures = float(tracker.get_slot("lookup_failures") or 0)
        code = tracker.get_slot("dossier_code")
        last4 = tracker.get_slot("phone_last4")

        if failures >= settings.max_lookup_failures:
            dispatcher.utter_message(response="utter_lookup_limited", ways=_ways(settings))
            return _reset(failures, outcome="limited") + _back_to_guide(tracker)

        if not code or not last4:
            dispatcher.utter_message(response="utter_lookup_incomplete")
            return _reset(failures, outcome="incomplete")

        client = shared_client(settings.dossier_service_url, settings.dossier_timeout)
        result = await client.lookup_async(code, last4, client_ip_of(tracker.latest_message))

        if result.outcome is Outcome.FOUND and result.dossier:
            dispatcher.utter_message(
                response=DOSSIER_ANSWER,
                buttons=answer_buttons(result.dossier),
                **answer_values(result.dossier),
            )
            return [
                *_reset(failures, outcome=f"found:{result.dossier.get('status')}"),
                SlotSet(SLOT, context_of(result.dossier)),
                SlotSet(FLAG_SLOT, True),
                *_back_to_guide(tracker),
            ]

        if result.outcome in (Outcome.NOT_FOUND, Outcome.INVALID):
            failures += 1
            if failures >= settings.max_lookup_failures:
                dispatcher.utter_message(
                    response="utter_lookup_not_found_stop", code=code, ways=_ways(settings)
                )
                return _reset(failures, outcome="not_found") + _back_to_guide(tracker)
            # Only the digits are asked again; the prompt has a button to change the code.
            dispatcher.utter_message(response="utter_lookup_wrong_pair", code=code)
            return [
                *_reset(failures, keep_code=code, outcome="not_found"),
                FollowupAction("dossier_lookup_form"),
            ]

        if result.outcome is Outcome.RATE_LIMITED:
            # The service says why (this code, or this address) and when to retry.
            wait = {
                "code": code,
                "minutes": math.ceil((result.retry_after or 60) / 60),
                "ways": _ways(settings),
            }
            if result.reason == CLIENT_LOCKED:
                dispatcher.utter_message(response="utter_lookup_client_locked", **wait)
            else:
                dispatcher.utter_message(response="utter_lookup_code_locked", **wait)
            return _reset(failures, outcome="rate_limited") + _back_to_guide(tracker)

        logger.warning("dossier lookup unavailable: %s", result.reason)
        dispatcher.utter_message(response="utter_lookup_unavailable", ways=_ways(settings))
        return _reset(failures, outcome="unavailable") + _back_to_guide(tracker)


class ActionLookupStop(Action):
    """Stopping a lookup: its code, digits and counters go; a new one starts afresh."""

    def name(self) -> str:
        return "action_lookup_stop"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        dispatcher.utter_message(response="utter_lookup_stopped")
        return fresh_start() + _back_to_guide(tracker)


class ActionLookupChangeCode(Action):
    """Another dossier code: forget the current one, then the form asks for a code."""

    def name(self) -> str:
        return "action_lookup_change_code"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        return [*fresh_start(), SlotSet("lookup_previous_offered", True)]
