"""Volunteer guide mode: walking a step-by-step guide in the chat.

The guides are data (guides/*.yml, loaded by dvc_common.guides); these actions only
move through them. State lives in slots: ``guide`` (id), ``guide_step`` (0-based),
``guide_active`` (a guide is open: rules answer questions and offer to resume) and
``guide_awaiting_outcome`` (the last step was passed: was the citizen's task done?).
Wording: the utter_guide_* responses of bot/domain/volunteer.yml.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.guide_outcomes import record_outcome
from dvc_common.guides import Guide, all_guides, step_lines


def start_payload(guide_id: str) -> str:
    return '/volunteer_mode{"guide":"' + guide_id + '"}'


def _open_guide(tracker: Tracker) -> Guide | None:
    if not tracker.get_slot("guide_active"):
        return None
    return all_guides().get(tracker.get_slot("guide") or "")


def _current_step(tracker: Tracker, guide: Guide) -> int:
    step = int(tracker.get_slot("guide_step") or 0)
    return max(0, min(step, len(guide.steps) - 1))


def show_step(dispatcher: CollectingDispatcher, guide: Guide, index: int) -> List[Dict[str, Any]]:
    # The step's text and the navigation buttons: utter_guide_step.
    dispatcher.utter_message(response="utter_guide_step", lines="\n".join(step_lines(guide, index)))
    return [SlotSet("guide_step", float(index)), SlotSet("guide_resume_pending", False)]


def _menu(dispatcher: CollectingDispatcher, intro: str) -> None:
    """The response ``intro`` with one button per guide."""
    buttons = [
        {"title": guide.title, "payload": start_payload(guide.id)}
        for guide in all_guides().values()
    ]
    dispatcher.utter_message(response=intro, buttons=buttons)


class ActionGuideStart(Action):
    """volunteer_mode: the guide menu, or the guide named by the `guide` entity."""

    def name(self) -> str:
        return "action_guide_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        requested = next(tracker.get_latest_entity_values("guide"), None)
        events: List[Dict[str, Any]] = []
        previous = _open_guide(tracker)
        guides = all_guides()
        if requested is None:
            _menu(dispatcher, "utter_guide_menu")
            return events
        guide = guides.get(requested)
        if guide is None:
            _menu(dispatcher, "utter_guide_not_found")
            return events
        if previous and previous.id != guide.id:
            step = _current_step(tracker, previous)
            record_outcome(
                tracker.sender_id, previous.id, "abandoned", step + 1, len(previous.steps)
            )
        dispatcher.utter_message(
            response="utter_guide_intro",
            guide_title=guide.title,
            summary=guide.summary,
            prepare="\n".join(f"☐ {item}" for item in guide.prepare),
            page=guide.page_path,
            official_channel=guide.official_channel,
        )
        return [
            SlotSet("guide", guide.id),
            SlotSet("guide_active", True),
            SlotSet("guide_awaiting_outcome", False),
            *show_step(dispatcher, guide, 0),
        ]


class ActionGuideNext(Action):
    def name(self) -> str:
        return "action_guide_next"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        guide = _open_guide(tracker)
        if guide is None:
            dispatcher.utter_message(response="utter_no_guide_open")
            return []
        index = _current_step(tracker, guide)
        if tracker.get_slot("guide_resume_pending"):
            # "tiếp tục" after a question in the middle: back to the step that was
            # interrupted, not past it.
            return show_step(dispatcher, guide, index)
        index += 1
        if index < len(guide.steps):
            return show_step(dispatcher, guide, index)
        dispatcher.utter_message(
            response="utter_guide_finished", steps=len(guide.steps), guide_title=guide.title
        )
        return [
            SlotSet("guide_step", float(len(guide.steps) - 1)),
            SlotSet("guide_active", False),
            SlotSet("guide_awaiting_outcome", True),
        ]


class ActionGuidePrevious(Action):
    def name(self) -> str:
        return "action_guide_previous"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        guide = _open_guide(tracker)
        if guide is None:
            dispatcher.utter_message(response="utter_no_guide_open")
            return []
        index = _current_step(tracker, guide)
        if index == 0:
            dispatcher.utter_message(response="utter_guide_first_step")
            return show_step(dispatcher, guide, 0)
        return show_step(dispatcher, guide, index - 1)


class ActionGuideRepeat(Action):
    def name(self) -> str:
        return "action_guide_repeat"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        guide = _open_guide(tracker)
        if guide is None:
            dispatcher.utter_message(response="utter_no_guide_open")
            return []
        return show_step(dispatcher, guide, _current_step(tracker, guide))


class ActionStop(Action):
    """stop outside a form: stops the open guide, or says nothing is running."""

    def name(self) -> str:
        return "action_stop"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        guide = _open_guide(tracker)
        if guide is None:
            dispatcher.utter_message(response="utter_nothing_to_stop")
            return [SlotSet("guide_awaiting_outcome", False)]
        step = _current_step(tracker, guide)
        record_outcome(tracker.sender_id, guide.id, "abandoned", step + 1, len(guide.steps))
        dispatcher.utter_message(
            response="utter_guide_stopped",
            guide_title=guide.title,
            step=step + 1,
            steps=len(guide.steps),
            restart=start_payload(guide.id),
        )
        return [SlotSet("guide_active", False), SlotSet("guide_awaiting_outcome", False)]


class ActionGuideOutcome(Action):
    """The answer to 'was the task done?' after the last step."""

    def name(self) -> str:
        return "action_guide_outcome"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        guide = all_guides().get(tracker.get_slot("guide") or "")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        done = intent == "affirm"
        if guide is not None:
            record_outcome(
                tracker.sender_id, guide.id, "finished", len(guide.steps), len(guide.steps), done
            )
        if done:
            dispatcher.utter_message(response="utter_guide_done")
        elif guide is not None:
            dispatcher.utter_message(
                response="utter_guide_not_done", restart=start_payload(guide.id)
            )
        else:
            dispatcher.utter_message(response="utter_guide_not_done_no_guide")
        return [SlotSet("guide_awaiting_outcome", False)]


class ActionGuideOfferResume(Action):
    """After answering a question in the middle of a guide: offer to go on."""

    def name(self) -> str:
        return "action_guide_offer_resume"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
        guide = _open_guide(tracker)
        if guide is None:
            return []
        step = _current_step(tracker, guide)
        dispatcher.utter_message(
            response="utter_guide_offer_resume",
            step=step + 1,
            steps=len(guide.steps),
            guide_title=guide.title,
        )
        return [SlotSet("guide_resume_pending", True)]
