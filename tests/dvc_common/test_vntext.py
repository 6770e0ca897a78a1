import unicodedata

import pytest

from dvc_common.vntext import canonical_tones, lemma, normalize, plain_words, strip_diacritics


@pytest.mark.parametrize(
    "a, b",
    [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Uỷ ban", "ủy ban"), ("qủa", "quả")],
)
def test_one_tone_placement(a, b):
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize("word", ["hoàn", "người", "giữa", "quá", "tiếng", "ngoài", "của", "mùa"])
def test_correct_spellings_are_kept(word):
    assert normalize(word) == word


def test_nfd_input_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Quên mật khẩu VNeID")
    assert normalize(nfd) == "quên mật khẩu vneid"
    assert unicodedata.is_normalized("NFC", canonical_tones(nfd))


def test_canonical_tones_keeps_case_and_length():
    text = "Hoà bình, THUỶ lợi 000.00.12.H56"
    out = canonical_tones(text)
    assert len(out) == len(text)
    assert out == "Hòa bình, THỦY lợi 000.00.12.H56"


def test_strip_diacritics():
    assert strip_diacritics("Đăng ký định danh điện tử") == "Dang ky dinh danh dien tu"


@pytest.mark.parametrize(
    "tokens",
    [("đăng", "dang"), ("ĐĂNG", "dang")],
)
def test_lemmas_meet(tokens):
    assert lemma(tokens[0]) == lemma(tokens[1])


def test_shorthand_meets_full_form():
    assert lemma("dk") == lemma("đk") == "dang ky"
    assert lemma("mk") == "mat khau"
    assert plain_words("e quen mk vneid r ak") == "em quen mat khau vneid roi a"
    assert plain_words("Đăng ký tài khoản") == plain_words("dk tk")


def test_vocative_oi_is_not_taken_for_roi():
    assert lemma("ơi") == "oi"
