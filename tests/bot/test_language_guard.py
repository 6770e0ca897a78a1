import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language_guard import LanguageGuard, detect_language


@pytest.mark.parametrize(
    "text, language",
    [
        ("How do I register for a VNeID account?", "en"),
        ("Hello, I lost my ID card, what should I do", "en"),
        ("Can you help me check the status of my application please", "en"),
        ("我想办理出生登记，需要什么材料？", "zh"),
        ("신분증을 잃어버렸어요. 어떻게 해야 하나요?", "ko"),
        ("パスポートの申請はどうすればいいですか", "ja"),
        ("Здравствуйте, как получить справку?", "other"),
    ],
)
def test_languages_the_assistant_does_not_serve_are_recognised(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "quên mật khẩu VNeID",
        "quen mat khau vneid",
        "e quen mk vneid r ak",
        "cam on ban nhieu",
        "nop ho so online lam sao",
        "tai app vneid o dau",
        "check ho so giup minh",
        "cho hoi the can cuoc lam o dau",
        "ok",
        "hello",
        "thanks ad",
        "000.00.12.H56-261015-0042",
        "5678",
        '/procedure_info{"procedure":"khai_sinh"}',
        "",
    ],
)
def test_vietnamese_and_codes_are_left_alone(text):
    assert detect_language(text) is None


def test_the_guard_predicts_the_fallback_and_names_the_language():
    message = Message(data={TEXT: "Where can I renew my passport please"})
    message.set(INTENT, {"name": "procedure_info", "confidence": 0.9})
    LanguageGuard({}).process([message])
    assert message.get(INTENT)["name"] == "nlu_fallback"
    assert message.get("language") == "en"
