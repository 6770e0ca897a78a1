import json

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.centre import ActionCenterInfo
from actions.fallback import INTENT_LABELS
from actions.procedures import ActionProcedureInfo, load_catalogue
from actions.second_request import second_request_button
from actions.wording import wording


def title(label):
    return wording("second_request")["button_title"].format(label=label)


def test_the_second_request_becomes_a_button():
    button = second_request_button({"second_request": {"intent": "payment_howto"}})
    assert button == {"title": title(INTENT_LABELS["payment_howto"]), "payload": "/payment_howto"}
    assert button["title"] != INTENT_LABELS["payment_howto"]


def test_a_second_procedure_is_asked_by_name():
    button = second_request_button(
        {"second_request": {"intent": "procedure_info", "procedure": "ket_hon"}}
    )
    assert button["title"] == title(load_catalogue().procedures["ket_hon"].name)
    name, entities = button["payload"].split("{", 1)
    assert name == "/procedure_info"
    assert json.loads("{" + entities) == {"procedure": "ket_hon"}


@pytest.mark.parametrize(
    "found",
    [None, "payment_howto", {"intent": "no_such_intent"}, {"intent": None}, {}, {"intent": []}],
)
def test_nothing_to_offer(found):
    assert second_request_button({"second_request": found}) is None
    assert second_request_button({}) is None


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker, {})
    return dispatcher.messages


@pytest.mark.parametrize(
    "action, intent, entities",
    [
        (ActionAnswer(), "vneid_register_level2", []),
        (ActionCenterInfo(), "center_info", []),
        (
            ActionProcedureInfo(),
            "procedure_info",
            [{"entity": "procedure", "value": "khai_sinh", "start": 0, "end": 1}],
        ),
    ],
)
def test_answers_end_with_the_offer(tracker_factory, action, intent, entities):
    offer = {"second_request": {"intent": "payment_howto", "confidence": 0.9}}
    tracker = tracker_factory(text="...", intent=intent, entities=entities, parse=offer)
    messages = run(action, tracker)
    assert len(messages) == 2
    assert messages[-1]["response"] == "utter_second_request"
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/payment_howto"]
    # Without a second request, the answer alone.
    plain = run(action, tracker_factory(text="...", intent=intent, entities=entities))
    assert [m["response"] for m in plain] == [messages[0]["response"]]


def test_a_malformed_procedure_is_ignored():
    button = second_request_button(
        {"second_request": {"intent": "procedure_info", "procedure": []}}
    )
    assert button["payload"] == "/procedure_info"
