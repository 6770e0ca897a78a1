import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer, TopicsError, load_topics, parse_topics, topic_for


@pytest.mark.parametrize(
    "intent, text, response",
    [
        ("vneid_register_level1", "làm VNeID cho con 10 tuổi thế nào", "utter_vneid_child"),
        ("vneid_register_level2", "dang ky dinh danh cho tre em duoi 14 tuoi", "utter_vneid_child"),
        ("vneid_register_level1", "mức 1 với mức 2 khác nhau thế nào", "utter_vneid_levels"),
        ("vneid_forgot_password", "tài khoản VNeID của tôi bị khoá rồi", "utter_vneid_locked"),
        ("vneid_scan_problem", "điện thoại nào quét được chip căn cước", "utter_nfc_phones"),
        ("scam_report", "tôi lỡ đọc mã OTP cho người gọi tự xưng công an", "utter_otp_given_away"),
        ("scam_report", "e lo doc ma otp cho thang lua dao r", "utter_otp_given_away"),
        ("nlu_fallback", "hệ thống đang bảo trì là sao", "utter_portal_maintenance"),
        ("payment_howto", "nộp phạt vi phạm giao thông online thế nào", "utter_traffic_fine"),
        ("nlu_fallback", "bi phat nguoi thi nop o dau", "utter_traffic_fine"),
        ("filing_anywhere", "sau sáp nhập xã thì giờ nộp hồ sơ ở đâu", "utter_filing_after_merger"),
    ],
)
def test_topics_are_recognised(intent, text, response):
    topic = topic_for(intent, text)
    assert topic is not None and topic.response == response


@pytest.mark.parametrize(
    "intent, text",
    [
        ("vneid_register_level1", "đăng ký định danh mức 1"),
        ("scam_report", "có người gọi bảo đọc mã OTP"),  # warned, not yet given away
        ("vneid_scan_problem", "không quét được chip"),
        ("payment_howto", "thanh toán lệ phí online"),
        ("greet", "xin chào, con tôi 10 tuổi"),  # topics only inside their intents
        # An elderly person's age is not a child's ("10 tuổi" is a keyword, not "tuổi").
        ("vneid_register_level2", "bác năm nay 72 tuổi rồi, làm định danh mức 2 ở đâu"),
    ],
)
def test_plain_questions_keep_their_intent_answer(intent, text):
    assert topic_for(intent, text) is None


def test_action_answers_the_topic_or_the_intent(tracker_factory):
    dispatcher = CollectingDispatcher()
    ActionAnswer().run(
        dispatcher, tracker_factory(text="quen mk vneid", intent="vneid_forgot_password"), {}
    )
    assert dispatcher.messages[0]["response"] == "utter_vneid_forgot_password"
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(text="vneid bị khóa rồi", intent="vneid_forgot_password")
    ActionAnswer().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == "utter_vneid_locked"


def test_every_topic_response_exists_in_the_domain():
    from pathlib import Path

    import yaml

    domain = Path(__file__).resolve().parents[2] / "bot" / "domain"
    responses = {}
    for path in domain.glob("*.yml"):
        responses.update(
            (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        )
    for topic in load_topics():
        assert topic.response in responses, topic.topic


def test_malformed_topics_name_the_problem():
    with pytest.raises(TopicsError, match="x: any must not be empty"):
        parse_topics([{"topic": "x", "response": "utter_x", "intents": ["greet"], "any": []}])
    with pytest.raises(TopicsError, match="response must be an utter_ name"):
        parse_topics([{"topic": "x", "response": "x", "intents": ["greet"], "any": ["a"]}])
