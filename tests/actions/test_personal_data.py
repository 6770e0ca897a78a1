import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.personal_data import ActionPersonalDataWarning


def warn(tracker_factory, text, slots=None, active_loop=None):
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(
        slots=slots or {}, text=text, intent="share_personal_data", active_loop=active_loop
    )
    assert ActionPersonalDataWarning().run(dispatcher, tracker, {}) == []  # no state change
    return [m["response"] for m in dispatcher.messages]


@pytest.mark.parametrize(
    "text",
    ["cccd 036158009999", "cmnd 123456789", "sđt 0912345678", "hoa@gmail.com", "otp là 123456"],
)
def test_each_kind_is_warned_about(tracker_factory, text):
    assert "utter_personal_data_warning" in warn(tracker_factory, text)


def test_an_id_outside_the_form_says_what_a_lookup_needs(tracker_factory):
    assert warn(tracker_factory, "cccd của tôi là 036158009999, tra giúp") == [
        "utter_personal_data_warning",
        "utter_personal_data_id_hint",
    ]


def test_a_full_phone_at_the_digits_prompt_is_the_answer_not_a_warning(tracker_factory):
    at_digits = {"requested_slot": "phone_last4"}
    assert warn(tracker_factory, "0912345678", at_digits, "dossier_lookup_form") == []
    # other personal data at the digits prompt is still warned about
    assert warn(tracker_factory, "036158009999", at_digits, "dossier_lookup_form") == [
        "utter_personal_data_warning"
    ]
