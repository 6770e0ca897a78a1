"""Fuzzing the normaliser (hypothesis): any text, no crash, stable results."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from dvc_common.vntext import (
    MAX_MESSAGE_CHARS,
    bounded,
    canonical_tones,
    lemma,
    normalize,
    plain_words,
    strip_diacritics,
)

ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=100),
    st.text(max_size=200).map(lambda t: unicodedata.normalize("NFD", t)),
    st.text(
        alphabet="aăâeêioôơuưyđAĂÂĐ \u0300\u0301\u0303\u0309\u0323\u0306\u0302\u031b", max_size=80
    ),
)
HUGE = ["a" * 1_000_000, "hòa " * 100_000, "\u0301" * 100_000, "😀" * 50_000, "\x00" * 100_000]


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT)
@example(text="")
@example(text="<script>alert('xss')</script>")
@example(text="'; DROP TABLE events; --")
@example(text="Đăng ký khai sinh 😀🇻🇳")
def test_every_function_takes_any_text(text):
    for function in (normalize, canonical_tones, strip_diacritics, lemma, plain_words, bounded):
        assert isinstance(function(text), str)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT)
def test_normalised_text_is_stable(text):
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)
    tones = canonical_tones(text)
    assert canonical_tones(tones) == tones


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT)
def test_nfc_and_nfd_input_meet(text):
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert normalize(nfc) == normalize(nfd)
    assert canonical_tones(nfc) == canonical_tones(nfd)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT)
def test_no_vietnamese_diacritic_survives_stripping(text):
    plain = strip_diacritics(text)
    assert "đ" not in plain and "Đ" not in plain
    assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", plain))


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=3000))
def test_bounded_keeps_short_text_and_cuts_long_text(text):
    out = bounded(text)
    assert len(out) <= MAX_MESSAGE_CHARS
    assert text.startswith(out)
    assert out == text or len(out) == MAX_MESSAGE_CHARS


def test_huge_inputs_do_not_crash():
    for text in HUGE:
        assert isinstance(normalize(text), str)
        assert len(canonical_tones(bounded(text))) <= MAX_MESSAGE_CHARS
