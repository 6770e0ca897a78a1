from unittest.mock import MagicMock

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.errors import ModelLoadError
from bot.nlu.second_request import (
    OUTPUT_KEY,
    ClauseModel,
    SecondRequestDetector,
    clause_spans,
    is_question,
)
from bot.nlu.tokenizer import VietnameseTokenizer
from tests.support.nlu_messages import classified_message

TOKENIZER = VietnameseTokenizer(VietnameseTokenizer.get_default_config())
OFFER = ["vneid_register_level2", "payment_howto", "procedure_info", "hotline"]
TRAINING = {
    "vneid_register_level2": [
        "làm định danh mức 2 ở đâu",
        "định danh mức 2 cần mang gì",
        "đăng ký tài khoản định danh mức 2 tại công an xã",
        "muc 2 can mang gi",
    ],
    "payment_howto": [
        "thanh toán lệ phí online thế nào",
        "nộp lệ phí trực tuyến ra sao",
        "trả phí trên cổng dịch vụ công",
        "thanh toan le phi bang the ngan hang",
    ],
    "procedure_info": [
        "làm giấy khai sinh cần gì",
        "đăng ký kết hôn cần giấy tờ gì",
        "thủ tục khai sinh mất bao lâu",
        "ket hon can mang gi",
    ],
    "hotline": ["số tổng đài hỗ trợ", "hotline vneid là số nào", "gọi số nào để hỏi"],
    "greet": ["xin chào", "chào bạn", "chào cháu"],
}


def spans(text):
    return [text[a:b].strip() for a, b in clause_spans(text)]


def test_clauses_split_at_sentence_ends_and_question_openers():
    assert spans("Mức 2 cần gì? Với lại nộp phí sao") == ["Mức 2 cần gì?", "Với lại nộp phí sao"]
    assert spans("khai sinh cần gì, còn kết hôn thì sao") == [
        "khai sinh cần gì,",
        "còn kết hôn thì sao",
    ]
    assert spans("muc 2 can gi. ngoai ra nop phi online the nao") == [
        "muc 2 can gi.",
        "ngoai ra nop phi online the nao",
    ]
    # "còn" without a comma before it is a word ("còn hạn"), not a new question.
    assert spans("thẻ còn hạn không") == ["thẻ còn hạn không"]


@pytest.fixture(scope="module")
def detector():
    examples = []
    for intent, texts in TRAINING.items():
        for text in texts:
            examples.append(Message({TEXT: text, INTENT: intent}))
    data = TrainingData(examples)
    TOKENIZER.process_training_data(data)
    storage = MagicMock()
    component = SecondRequestDetector(
        {"offer_intents": OFFER, "min_confidence": 0.5}, storage, MagicMock()
    )
    lemmas = [
        (tuple(t.lemma for t in m.get("text_tokens")), m.get(INTENT)) for m in data.intent_examples
    ]
    component.model = ClauseModel.fit(lemmas, 10.0)
    return component


def parsed(text, intent, entities=(), ranking=()):
    return classified_message(text, intent, entities, ranking)


def test_the_other_question_is_found(detector):
    message = parsed(
        "chào cháu. bác muốn làm định danh mức 2 thì mang gì? với lại lệ phí nộp online thế nào",
        "vneid_register_level2",
    )
    detector.process([message])
    assert message.get(OUTPUT_KEY)["intent"] == "payment_howto"
    assert OUTPUT_KEY in message.as_dict(only_output_properties=True)


def test_a_second_procedure_is_found(detector):
    message = parsed(
        "làm giấy khai sinh cần gì, còn đăng ký kết hôn thì cần giấy tờ gì",
        "procedure_info",
        [("khai sinh", "khai_sinh"), ("kết hôn", "ket_hon")],
    )
    detector.process([message])
    assert message.get(OUTPUT_KEY) == {
        "intent": "procedure_info",
        "confidence": message.get(OUTPUT_KEY)["confidence"],
        "procedure": "ket_hon",
    }


@pytest.mark.parametrize(
    "text, intent",
    [
        ("làm định danh mức 2 ở đâu", "vneid_register_level2"),
        # Two sentences about the same thing.
        ("Bác muốn làm định danh mức 2. Cần mang những gì hả cháu", "vneid_register_level2"),
        # A greeting is not a request.
        ("xin chào bạn. làm định danh mức 2 ở đâu", "vneid_register_level2"),
        # Buttons carry an intent, not a message.
        ("/payment_howto", "payment_howto"),
        # Chitchat is not answered with an offer.
        ("xin chào. số tổng đài hỗ trợ", "greet"),
    ],
)
def test_no_offer_without_a_second_topic(detector, text, intent):
    message = parsed(text, intent)
    detector.process([message])
    assert message.get(OUTPUT_KEY) is None


def test_a_model_without_its_clause_model_does_not_load(tmp_path):
    storage = MagicMock()
    storage.read_from.return_value.__enter__.return_value = tmp_path
    with pytest.raises(ModelLoadError):
        SecondRequestDetector.load({}, storage, MagicMock(), MagicMock())


def test_questions_are_told_from_the_story_around_them():
    assert is_question("mức 2 cần mang gì")
    assert is_question("Còn kết hôn thì sao?")
    assert is_question("cho tôi xin số tổng đài")
    assert is_question("thẻ này còn dùng được không")
    assert not is_question("tôi đã đổi điện thoại mới từ tháng trước")
    assert not is_question("máy không đọc được chip, cứ báo lỗi.")


def test_the_question_asked_first_is_answered_and_the_other_offered(detector):
    message = parsed(
        "Lệ phí nộp online thế nào? Với lại làm định danh mức 2 thì cần mang gì",
        "vneid_register_level2",
        ranking=[("vneid_register_level2", 0.6), ("payment_howto", 0.3)],
    )
    detector.process([message])
    assert message.get(INTENT) == {"name": "payment_howto", "confidence": 0.3}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == [
        "payment_howto",
        "vneid_register_level2",
    ]
    assert message.get(OUTPUT_KEY) == {"intent": "vneid_register_level2", "confidence": 0.9}


def test_story_before_the_question_does_not_change_the_intent(detector):
    message = parsed(
        "Tôi đã nộp lệ phí online trên cổng rồi. Giờ làm định danh mức 2 thì cần mang gì",
        "vneid_register_level2",
    )
    detector.process([message])
    assert message.get(INTENT)["name"] == "vneid_register_level2"
    assert message.get(OUTPUT_KEY) is None


def test_a_fallback_asking_two_things_answers_the_first(detector):
    message = parsed(
        "làm định danh mức 2 ở đâu vậy? ngoài ra thanh toán lệ phí online thế nào",
        "nlu_fallback",
        ranking=[("nlu_fallback", 0.45), ("vneid_register_level2", 0.4), ("payment_howto", 0.35)],
    )
    detector.process([message])
    assert message.get(INTENT)["name"] == "vneid_register_level2"
    assert message.get(OUTPUT_KEY)["intent"] == "payment_howto"


def test_a_fallback_in_another_language_is_left_alone(detector):
    message = parsed(
        "làm định danh mức 2 ở đâu vậy? ngoài ra thanh toán lệ phí online thế nào",
        "nlu_fallback",
    )
    message.set("language", "en")
    detector.process([message])
    assert message.get(INTENT)["name"] == "nlu_fallback"
    assert message.get(OUTPUT_KEY) is None


def test_a_trained_clause_model_is_saved_and_loaded(tmp_path):
    storage = MagicMock()
    storage.write_to.return_value.__enter__.return_value = tmp_path
    storage.read_from.return_value.__enter__.return_value = tmp_path
    examples = [Message({TEXT: t, INTENT: i}) for i, texts in TRAINING.items() for t in texts]
    data = TrainingData(examples)
    TOKENIZER.process_training_data(data)
    config = {"offer_intents": OFFER}
    trained = SecondRequestDetector(config, storage, MagicMock())
    trained.train(data)
    loaded = SecondRequestDetector.load(config, storage, MagicMock(), MagicMock())
    lemmas = ("thanh toan", "le phi", "online")
    assert loaded.model.probabilities(lemmas) == pytest.approx(trained.model.probabilities(lemmas))
    assert max(loaded.model.probabilities(lemmas).items(), key=lambda x: x[1])[0] == (
        "payment_howto"
    )
