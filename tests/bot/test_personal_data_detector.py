from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.personal_data_detector import PersonalDataDetector


def classify(text, intent="check_dossier_status"):
    ranking = [{"name": intent, "confidence": 0.8}, {"name": "inform", "confidence": 0.1}]
    message = Message(data={TEXT: text, INTENT: ranking[0], INTENT_RANKING_KEY: ranking})
    PersonalDataDetector().process([message])
    return message.get(INTENT)["name"]


def test_personal_data_wins_over_the_classifier():
    assert classify("cccd của tôi là 036158009999, tra giúp") == "share_personal_data"
    assert classify("email hoa@gmail.com") == "share_personal_data"
    assert classify("sđt 0912345678") == "share_personal_data"


def test_a_code_with_a_phone_number_stays_a_lookup():
    assert classify("hồ sơ 000.00.12.H56-261015-0042 sđt 0912345678") == "check_dossier_status"


def test_no_warning_without_personal_data():
    assert classify("cccd của tôi là gì", intent="share_personal_data") == "inform"
    assert classify("tra cứu hồ sơ") == "check_dossier_status"
