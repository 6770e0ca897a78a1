"""First stage of the two-stage fallback: "Có phải ý bạn là …" with the top guesses."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import topic_for
from actions.wording import wording

# What each intent means, as a citizen would say it (button titles): actions/fallback.yml.
INTENT_LABELS: Dict[str, str] = dict(wording("fallback")["intent_labels"])
MAX_GUESSES = 3
# A message in a language the assistant does not serve (bot/nlu/language_guard.py).
LANGUAGE_RESPONSES = {
    "en": "utter_other_language_en",
    "zh": "utter_other_language_zh",
    "ko": "utter_other_language_ko",
    "ja": "utter_other_language_ja",
    "other": "utter_other_language_other",
}


class ActionDefaultAskAffirmation(Action):
    def name(self) -> str:
        return "action_default_ask_affirmation"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        latest = tracker.latest_message or {}
        language = latest.get("language")
        if language:
            response = LANGUAGE_RESPONSES.get(language, LANGUAGE_RESPONSES["other"])
            dispatcher.utter_message(response=response)
            return []
        topic = topic_for("nlu_fallback", latest.get("text") or "")
        if topic is not None:
            # Unsure of the intent, but the words name a topic we can answer.
            dispatcher.utter_message(response=topic.response)
            return []
        if latest.get("unknown_words"):
            # Nothing to guess from: ask to rephrase, with the menu.
            dispatcher.utter_message(response="utter_fallback_rephrase_or_menu")
            return []
        ranking = latest.get("intent_ranking") or []
        guesses = [r["name"] for r in ranking if r.get("name") in INTENT_LABELS][:MAX_GUESSES]
        buttons = [{"title": INTENT_LABELS[name], "payload": f"/{name}"} for name in guesses]
        buttons.append({"title": wording("fallback")["none_of_these"], "payload": "/out_of_scope"})
        # A person is always one button away (the hand-off flow, actions/handoff.py).
        if "human_handoff" not in guesses:
            buttons.append({"title": INTENT_LABELS["human_handoff"], "payload": "/human_handoff"})
        dispatcher.utter_message(response="utter_fallback_guesses", buttons=buttons)
        return []
