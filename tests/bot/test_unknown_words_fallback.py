from unittest.mock import MagicMock

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.tokenizer import VietnameseTokenizer
from bot.nlu.unknown_words_fallback import UnknownWordsFallback, known_ratio

TOKENIZER = VietnameseTokenizer(VietnameseTokenizer.get_default_config())


def message(text, intent="goodbye"):
    m = Message({TEXT: text})
    TOKENIZER.process([m])
    m.set(INTENT, {"name": intent, "confidence": 0.97})
    m.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.97}])
    return m


def trained():
    storage = MagicMock()
    storage.write_to.return_value.__enter__.return_value = MagicMock()
    component = UnknownWordsFallback({}, storage, MagicMock())
    examples = []
    for text in ("quên mật khẩu vneid", "tạm biệt nhé", "tra cứu hồ sơ"):
        example = Message({TEXT: text, INTENT: "x"})
        TOKENIZER.process_training_data(TrainingData(training_examples=[example]))
        examples.append(example)
    component.train(TrainingData(training_examples=examples))
    return component


def test_known_ratio_counts_digits_as_known():
    assert known_ratio(["ho", "so", "5678"], {"ho", "so"}) == 1.0
    assert known_ratio(["qwxz", "so"], {"so"}) == 0.5
    assert known_ratio([], set()) == 1.0


def test_gibberish_becomes_fallback_with_the_ranking_kept():
    component = trained()
    [m] = component.process([message("qwxz blorf ffff")])
    assert m.get(INTENT)["name"] == "nlu_fallback"
    assert [r["name"] for r in m.get(INTENT_RANKING_KEY)] == ["nlu_fallback", "goodbye"]
    assert m.get("unknown_words") is True


def test_known_words_in_any_spelling_pass():
    component = trained()
    for text in ("quen mk vneid", "Quên MẬT khẩu VNeID", "tra cuu hs 000.00.12.H56-261015-0042"):
        [m] = component.process([message(text, "vneid_forgot_password")])
        assert m.get(INTENT)["name"] == "vneid_forgot_password", text


def test_button_payloads_pass():
    [m] = trained().process([message("/human_handoff", "human_handoff")])
    assert m.get(INTENT)["name"] == "human_handoff"
