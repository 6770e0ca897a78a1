"""Questions that follow a lookup, answered for the dossier just looked up.

After a successful lookup the conversation keeps that dossier's non-personal details
(actions.dossier_context). "bao giờ mới xong", "khiếu nại ở đâu", "trạng thái này là
gì", "gọi ai" and an overdue complaint are then answered with that dossier's own date,
unit and status, without asking for the code again. An angry or overdue message gets
an apology first. Without a dossier in context, a status is explained from
dvc_common/statuses.yml and a complaint gets the general channels.
Wording: bot/domain/lookup.yml; anger markers: actions/anger.yml.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.dossier_context import SLOT, facts, in_progress
from dvc_common.statuses import find_status, load_statuses
from dvc_common.vntext import plain_words

ANGER_FILE = Path(__file__).with_name("anger.yml")


@lru_cache(maxsize=1)
def _anger_markers() -> List[str]:
    raw = yaml.safe_load(ANGER_FILE.read_text(encoding="utf-8"))
    return [" " + plain_words(m) + " " for m in raw["markers"]]


def sounds_angry(text: str) -> bool:
    plain = " " + plain_words(text) + " "
    return "!!" in (text or "") or any(m in plain for m in _anger_markers())


def _explain_status(dispatcher: CollectingDispatcher, text: str, context: Dict[str, Any]) -> None:
    named = find_status(text)
    if named is None and context.get("code"):
        dispatcher.utter_message(response="utter_dossier_status_meaning", **facts(context))
        return
    if named is None:
        labels = "\n".join(
            f"{code}. {s.label}" for code, s in sorted(load_statuses().statuses.items())
        )
        dispatcher.utter_message(response="utter_status_list", labels=labels)
        return
    dispatcher.utter_message(
        response="utter_status_meaning", label=named.label, meaning=named.meaning, todo=named.todo
    )
    if context.get("code") and named.key == str(context.get("status")):
        dispatcher.utter_message(response="utter_dossier_status_meaning", **facts(context))
    elif context.get("code") and not named.key.isdigit():
        dispatcher.utter_message(response="utter_term_ask_unit", **facts(context))


def _when_done(dispatcher: CollectingDispatcher, context: Dict[str, Any]) -> None:
    if context.get("overdue"):
        dispatcher.utter_message(response="utter_dossier_when_done_overdue", **facts(context))
    elif in_progress(context):
        dispatcher.utter_message(response="utter_dossier_when_done", **facts(context))
    else:
        dispatcher.utter_message(response="utter_dossier_when_done_closed", **facts(context))


class ActionDossierFollowup(Action):
    def name(self) -> str:
        return "action_dossier_followup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        text = message.get("text") or ""
        context: Dict[str, Any] = tracker.get_slot(SLOT) or {}
        has_dossier = bool(context.get("code"))

        if intent == "status_meaning":
            _explain_status(dispatcher, text, context)
            return []

        if not has_dossier:
            if intent == "dossier_complain":
                dispatcher.utter_message(response="utter_complain_no_dossier")
                return []
            # When-done, overdue, whom to call: it takes a lookup first.
            if intent == "dossier_overdue" or sounds_angry(text):
                dispatcher.utter_message(response="utter_dossier_apology")
            if tracker.active_loop_name == "dossier_lookup_form":
                return []  # the form goes on and asks what it still needs
            dispatcher.utter_message(response="utter_lookup_needed")
            return [FollowupAction("dossier_lookup_form")]

        if (
            intent == "dossier_overdue"
            or sounds_angry(text)
            or (intent == "dossier_when_done" and context.get("overdue"))
        ):
            dispatcher.utter_message(response="utter_dossier_apology")
        if intent in ("dossier_when_done", "dossier_overdue"):
            _when_done(dispatcher, context)
            if intent == "dossier_overdue" or context.get("overdue"):
                dispatcher.utter_message(response="utter_dossier_complain", **facts(context))
        elif intent == "dossier_complain":
            dispatcher.utter_message(response="utter_dossier_complain", **facts(context))
        else:  # hotline, whom to call
            dispatcher.utter_message(response="utter_dossier_contact", **facts(context))
        return []
