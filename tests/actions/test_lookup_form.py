import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.lookup_form import ValidateDossierLookupForm
from tests.actions.rendering import rendered

FORM = ValidateDossierLookupForm()


def validate_code(tracker_factory, value, invalid=0):
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(slots={"lookup_invalid_inputs": invalid})
    return FORM.validate_dossier_code(value, dispatcher, tracker, {}), rendered(dispatcher.messages)


def validate_last4(tracker_factory, value, invalid=0):
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(slots={"lookup_invalid_inputs": invalid})
    return FORM.validate_phone_last4(value, dispatcher, tracker, {}), rendered(dispatcher.messages)


def test_code_is_normalised(tracker_factory):
    slots, messages = validate_code(tracker_factory, "000.00.12.h56 - 261015 - 0042")
    assert slots == {"dossier_code": "000.00.12.H56-261015-0042"}
    assert messages == []


def test_code_inside_a_sentence_is_taken(tracker_factory):
    slots, _ = validate_code(tracker_factory, "mã là 38.98.h29-261102-0007 ạ")
    assert slots == {"dossier_code": "38.98.H29-261102-0007"}


def test_malformed_code_is_asked_again_with_an_example(tracker_factory):
    slots, messages = validate_code(tracker_factory, "000.00.12-H56")
    assert slots == {"dossier_code": None, "lookup_invalid_inputs": 1.0}
    [message] = messages
    assert "chưa đúng định dạng" in message["text"]
    assert "000.00.12.H56-261015-0042" in message["text"]
    assert not message["buttons"]


def test_repeated_invalid_input_explains_and_offers_to_stop(tracker_factory):
    slots, messages = validate_code(tracker_factory, "abc", invalid=2)
    assert slots["lookup_invalid_inputs"] == 3.0
    assert "chưa đúng định dạng" in messages[0]["text"]
    assert messages[1]["response"] == "utter_lookup_invalid_many"


def test_last4_forms(tracker_factory):
    for typed in ("5678", "số cuối 5678", "4 số cuối là 5678 ạ", "56 78"):
        slots, messages = validate_last4(tracker_factory, typed)
        assert slots == {"phone_last4": "5678"}, typed
        assert messages == []


def test_full_phone_keeps_only_last4_and_says_so(tracker_factory):
    for typed in ("0912345678", "0912 345 678", "+84912345678"):
        slots, messages = validate_last4(tracker_factory, typed)
        assert slots == {"phone_last4": "5678"}, typed
        assert messages[0]["response"] == "utter_only_last4_needed"


def test_bad_last4_is_asked_again(tracker_factory):
    for typed in ("567", "56789", "không nhớ", "1234 5678"):
        slots, messages = validate_last4(tracker_factory, typed)
        assert slots["phone_last4"] is None, typed
        assert "4 chữ số cuối" in messages[0]["text"]


async def test_extract_takes_text_only_when_the_slot_is_asked_and_it_looks_like_an_answer(
    tracker_factory,
):
    dispatcher = CollectingDispatcher()
    asked = {"requested_slot": "phone_last4"}
    answer = tracker_factory(slots=asked, text="5678", intent="inform")
    question = tracker_factory(
        slots=asked, text="quên mật khẩu vneid", intent="vneid_forgot_password"
    )
    other_slot = tracker_factory(slots={"requested_slot": "dossier_code"}, text="5678")
    button = tracker_factory(slots=asked, text="/stop", intent="stop")
    assert await FORM.extract_phone_last4(dispatcher, answer, {}) == {"phone_last4": "5678"}
    assert await FORM.extract_phone_last4(dispatcher, question, {}) == {}
    assert await FORM.extract_phone_last4(dispatcher, other_slot, {}) == {}
    assert await FORM.extract_phone_last4(dispatcher, button, {}) == {}


async def test_extract_code_keeps_a_code_already_given(tracker_factory):
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(
        slots={"requested_slot": "dossier_code", "dossier_code": "000.00.12.H56-261015-0042"},
        text="123",
    )
    assert await FORM.extract_dossier_code(dispatcher, tracker, {}) == {}


async def test_form_stops_asking_after_too_many_failed_lookups(tracker_factory):
    dispatcher = CollectingDispatcher()
    slots = ["dossier_code", "phone_last4"]
    blocked = tracker_factory(slots={"lookup_failures": 3.0})
    fresh = tracker_factory(slots={"lookup_failures": 1.0})
    assert await FORM.required_slots(slots, dispatcher, blocked, {}) == []
    assert await FORM.required_slots(slots, dispatcher, fresh, {}) == slots


async def test_a_code_and_a_full_phone_in_one_message_give_both(tracker_factory):
    dispatcher = CollectingDispatcher()
    text = "hồ sơ 000.00.12.H56 261015 0042 số điện thoại 0912 345 678"
    tracker = tracker_factory(slots={"requested_slot": "dossier_code"}, text=text)
    extracted = await FORM.extract_phone_last4(dispatcher, tracker, {})
    slots, messages = validate_last4(tracker_factory, extracted["phone_last4"])
    assert slots == {"phone_last4": "5678"}
    assert messages[0]["response"] == "utter_only_last4_needed"
    code, _ = validate_code(tracker_factory, text)
    assert code == {"dossier_code": "000.00.12.H56-261015-0042"}


async def test_a_new_code_at_the_digits_prompt_is_not_taken_for_digits(tracker_factory):
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(
        slots={"requested_slot": "phone_last4"}, text="000.00.12.H56-261016-0043"
    )
    assert await FORM.extract_phone_last4(dispatcher, tracker, {}) == {}


@pytest.mark.parametrize(
    "text",
    [
        "cccd của tôi là 036158009999, tra giúp",
        "email hoa.le@gmail.com",
        "mật khẩu là Hoa@1985",
        "0912345678",  # a phone number is no dossier code
    ],
)
async def test_personal_data_is_no_answer_to_the_code_prompt(tracker_factory, text):
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(slots={"requested_slot": "dossier_code"}, text=text)
    assert await FORM.extract_dossier_code(dispatcher, tracker, {}) == {}


async def test_the_message_just_looked_up_is_not_read_again(tracker_factory):
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(text="000.00.12.H56-261015-0042 0912345678")
    tracker.latest_action_name = "action_lookup_dossier"
    assert await FORM.extract_phone_last4(dispatcher, tracker, {}) == {}


def test_a_slot_cleared_by_a_reset_is_not_an_invalid_input(tracker_factory):
    # After a wrong pair the form starts again in the same turn: the cleared digits
    # are validated as None and must not be answered as a typing mistake.
    assert validate_last4(tracker_factory, None) == ({"phone_last4": None}, [])
    assert validate_code(tracker_factory, None) == ({"dossier_code": None}, [])
