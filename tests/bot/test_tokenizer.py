import unicodedata

from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.tokenizer import VietnameseTokenizer


def tokenize(text):
    tokenizer = VietnameseTokenizer(VietnameseTokenizer.get_default_config())
    message = Message({TEXT: text})
    return message, tokenizer.tokenize(message, TEXT)


def test_three_ways_of_typing_get_the_same_lemmas():
    lemmas = [
        [t.lemma for t in tokenize(text)[1]]
        for text in ("đăng ký tài khoản", "dang ky tai khoan", "dk tk")
    ]
    joined = [" ".join(x) for x in lemmas]
    assert joined[0] == joined[1] == joined[2] == "dang ky tai khoan"


def test_token_text_and_offsets_stay_on_the_message_text():
    message, tokens = tokenize("Hoà bình ko dc")
    text = message.get(TEXT)
    assert text == "Hòa bình ko dc"
    for token in tokens:
        assert text[token.start : token.end] == token.text


def test_nfd_message_is_stored_as_nfc():
    message, tokens = tokenize(unicodedata.normalize("NFD", "quên mật khẩu"))
    assert message.get(TEXT) == "quên mật khẩu"
    assert [t.lemma for t in tokens] == ["quen", "mat", "khau"]


def test_text_is_bounded_before_the_rest_of_the_pipeline_sees_it():
    from dvc_common.vntext import MAX_MESSAGE_CHARS

    message, tokens = tokenize("tra cứu hồ sơ " * 100_000)  # 1.4 MB
    assert len(message.get(TEXT)) <= MAX_MESSAGE_CHARS
    assert len(tokens) <= MAX_MESSAGE_CHARS // 2
    assert all(token.end <= MAX_MESSAGE_CHARS for token in tokens)
