from rasa_sdk.executor import CollectingDispatcher

from actions.centre import ActionCenterInfo
from actions.fallback import ActionDefaultAskAffirmation
from dvc_common.facts import fact
from tests.actions.rendering import rendered


def test_affirmation_offers_top_guesses_as_buttons(tracker_factory):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "vneid_forgot_password", "confidence": 0.4},
        {"name": "vneid_change_device", "confidence": 0.3},
        {"name": "vneid_otp_problem", "confidence": 0.2},
        {"name": "hotline", "confidence": 0.1},
    ]
    dispatcher = CollectingDispatcher()
    ActionDefaultAskAffirmation().run(
        dispatcher, tracker_factory(intent="nlu_fallback", ranking=ranking), {}
    )
    [message] = rendered(dispatcher.messages)
    assert message["response"] == "utter_fallback_guesses"
    assert message["text"].startswith("Xin lỗi")
    assert [b["payload"] for b in message["buttons"]] == [
        "/vneid_forgot_password",
        "/vneid_change_device",
        "/vneid_otp_problem",
        "/out_of_scope",
        "/human_handoff",
    ]


def test_centre_info_without_configuration_invents_nothing(tracker_factory, monkeypatch):
    for name in ("CENTRE_ADDRESS", "CENTRE_HOURS", "CENTRE_PHONE"):
        monkeypatch.delenv(name, raising=False)
    dispatcher = CollectingDispatcher()
    ActionCenterInfo().run(dispatcher, tracker_factory(), {})
    [message] = rendered(dispatcher.messages)
    text = message["text"]
    assert "chưa có địa chỉ" in text and f"Cập nhật {fact('updated')}" in text


def test_centre_info_uses_the_configuration(tracker_factory, monkeypatch):
    monkeypatch.setenv("CENTRE_NAME", "Trung tâm Phục vụ hành chính công xã Thử Nghiệm")
    monkeypatch.setenv("CENTRE_HOURS", "Thứ Hai đến Thứ Sáu")
    dispatcher = CollectingDispatcher()
    ActionCenterInfo().run(dispatcher, tracker_factory(), {})
    [message] = rendered(dispatcher.messages)
    text = message["text"]
    assert "xã Thử Nghiệm" in text and "Thứ Hai đến Thứ Sáu" in text


def test_a_message_in_english_gets_the_answer_in_english_and_vietnamese():
    from rasa_sdk import Tracker

    from actions.fallback import ActionDefaultAskAffirmation

    tracker = Tracker(
        "t", {}, {"text": "How do I get a passport", "language": "en"}, [], False, None, {}, None
    )
    dispatcher = CollectingDispatcher()
    ActionDefaultAskAffirmation().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == "utter_other_language_en"
