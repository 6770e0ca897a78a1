from rasa_sdk.executor import CollectingDispatcher

from actions.lookup_prompts import ActionAskDossierCode, ActionAskPhoneLast4

CONTEXT = {"code": "000.00.12.H56-261015-0042"}


def ask(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return [m["response"] for m in dispatcher.messages], dispatcher.messages, slots


def test_first_lookup_asks_for_the_code(tracker_factory):
    responses, _, slots = ask(ActionAskDossierCode(), tracker_factory())
    assert responses == ["utter_ask_dossier_code"]
    assert slots["lookup_prompt_count"] == 1.0


def test_after_a_lookup_asks_same_or_another_dossier_once(tracker_factory):
    responses, messages, slots = ask(
        ActionAskDossierCode(), tracker_factory(slots={"last_dossier": CONTEXT})
    )
    assert responses == ["utter_ask_same_or_other_dossier"]
    assert messages[0]["code"] == CONTEXT["code"]
    assert slots["lookup_previous_offered"] is True
    again, _, _ = ask(
        ActionAskDossierCode(),
        tracker_factory(slots={"last_dossier": CONTEXT, "lookup_previous_offered": True}),
    )
    assert again == ["utter_ask_dossier_code"]


def test_the_same_prompt_is_never_shown_three_times_in_a_row(tracker_factory):
    seen = []
    slots = {}
    for _ in range(4):
        responses, _, new = ask(ActionAskPhoneLast4(), tracker_factory(slots=slots))
        seen.append(responses)
        slots.update(new)
    assert seen[0] == seen[1] == ["utter_ask_phone_last4"]
    assert seen[2] == ["utter_lookup_way_out", "utter_ask_phone_last4_again"]
    assert seen[3] == ["utter_ask_phone_last4"]


def test_a_prompt_for_another_slot_starts_counting_again(tracker_factory):
    slots = {"lookup_prompted_slot": "dossier_code", "lookup_prompt_count": 2.0}
    responses, _, new = ask(ActionAskPhoneLast4(), tracker_factory(slots=slots))
    assert responses == ["utter_ask_phone_last4"] and new["lookup_prompt_count"] == 1.0


def test_right_after_a_way_out_the_prompt_is_short(tracker_factory):
    tracker = tracker_factory()
    tracker.events = [
        {"event": "user", "text": "không có mã"},
        {"event": "action", "name": "utter_lookup_way_out"},
    ]
    responses, _, _ = ask(ActionAskDossierCode(), tracker)
    assert responses == ["utter_ask_dossier_code_again"]
