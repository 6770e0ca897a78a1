"""The redaction: masks, contextual replies, and a fuzz test of its properties."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dvc_common.redact import (
    CITIZEN_ID_MASK,
    EMAIL_MASK,
    MASKS,
    OLD_ID_MASK,
    PHONE_DIGITS_MASK,
    PHONE_MASK,
    SECRET_MASK,
    fold,
    mentions_secret,
    personal_data_kinds,
    redact,
    redact_phone_digits_reply,
    redact_secret_reply,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("cccd của tôi 001234567890", f"cccd của tôi {CITIZEN_ID_MASK}"),
        ("cccd 001 203 004 567.", f"cccd {CITIZEN_ID_MASK}."),
        ("cmnd 123.456.789", f"cmnd {OLD_ID_MASK}"),
        ("sdt 0912345678 ạ", f"sdt {PHONE_MASK} ạ"),
        ("gọi 0912 345 678", f"gọi {PHONE_MASK}"),
        ("+84912345678", PHONE_MASK),
        ("(+84) 912345678 nhé", f"{PHONE_MASK} nhé"),
        ("số (028) 3823 4567", f"số {PHONE_MASK}"),
        ("mail a.b@c.vn.", f"mail {EMAIL_MASK}."),
        ("mã otp là 123456", f"mã otp là {SECRET_MASK}"),
        ("mk: Abc@1234, sđt 0912-345-678", f"mk: {SECRET_MASK}, sđt {PHONE_MASK}"),
    ],
)
def test_masks_replace_exactly_the_personal_data(text, expected):
    assert redact(text) == expected


def test_masks_are_vietnamese_and_have_no_digits():
    for mask in MASKS.values():
        assert mask.startswith("[") and mask.endswith("đã ẩn]")
        assert not any(ch.isdigit() for ch in mask)


def test_nfd_input_is_recognised():
    text = unicodedata.normalize("NFD", "mật khẩu của tôi là Hoa@2024, số căn cước 001203004567")
    masked = redact(text)
    assert "Hoa@2024" not in masked and "001203004567" not in masked
    assert personal_data_kinds(text) == {"secret", "citizen_id"}


def test_fullwidth_digits_are_digits_too():
    assert "0912" not in redact("sđt ０９１２３４５６７８").replace("０９１２", "0912")
    assert personal_data_kinds("sđt ０９１２３４５６７８") == {"phone"}


def test_empty_and_non_text_values_pass_through():
    assert redact("") == ""
    assert redact(None) is None
    assert personal_data_kinds("") == set()


def test_fold_keeps_offsets():
    text = "Mật khẩu ĐÃ đổi"
    assert fold(text) == "mat khau da doi"
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bạn không cần gửi mật khẩu hay mã OTP cho tôi.", True),
        ("ko nhan dc otp", True),
        ("Passcode gồm 6 số", True),
        ("tra cứu hồ sơ", False),
        ("pin điện thoại yếu", False),
    ],
)
def test_mentions_secret(text, expected):
    assert mentions_secret(text) is expected


@pytest.mark.parametrize(
    "reply, gone",
    [
        ("123456", "123456"),
        ("123 456", "123 456"),
        ("Abc@1234", "Abc@1234"),
        ("HoaLan1990", "HoaLan1990"),
        ("đây 654321 nhé", "654321"),
        ("mã là 9090 8080", "9090 8080"),
    ],
)
def test_a_reply_after_a_secret_was_mentioned_loses_the_secret(reply, gone):
    assert gone not in redact_secret_reply(reply)
    assert SECRET_MASK in redact_secret_reply(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "vẫn không nhận được",
        "tôi dùng VNeID trên iPhone",
        "/affirm",
        "hồ sơ 000.00.12.H56-261015-0042",
        "chờ 5 phút rồi",
    ],
)
def test_a_reply_after_a_secret_was_mentioned_keeps_ordinary_words(reply):
    assert redact_secret_reply(reply) == reply


@pytest.mark.parametrize(
    "reply, gone",
    [
        ("5678", "5678"),
        ("số cuối 5678", "5678"),
        ("56 78", "56 78"),
        ("5.678", "5.678"),
        ("0912345678", "5678"),
        ("+84 912 345 678", "678"),
        ("năm sáu bảy tám", "năm sáu bảy tám"),
        ("nam sau bay tam", "nam sau bay tam"),
        ("hồ sơ 000.00.12.H56-261015-0042 số cuối 5678", "5678"),
    ],
)
def test_the_phone_digits_reply_keeps_no_number(reply, gone):
    masked = redact_phone_digits_reply(reply)
    assert gone not in masked
    assert PHONE_DIGITS_MASK in masked or PHONE_MASK in masked


def test_the_phone_digits_reply_keeps_the_dossier_code_and_payloads():
    assert "000.00.12.H56-261015-0042" in redact_phone_digits_reply(
        "000.00.12.H56-261015-0042 5678"
    )
    assert redact_phone_digits_reply("/stop") == "/stop"
    assert redact_phone_digits_reply("tôi không nhớ số") == "tôi không nhớ số"


# --- fuzz ----------------------------------------------------------------------------

ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
PHONE = st.builds(
    lambda prefix, digits, sep: prefix + sep.join([digits[:3], digits[3:6], digits[6:]]),
    st.sampled_from(["09", "03", "08", "+84 9", "84 3", "(+84) 9", "07"]),
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.sampled_from(["", " ", ".", "-"]),
)
CITIZEN_ID = st.builds(
    lambda digits, sep: sep.join(digits[i : i + 3] for i in range(0, 12, 3)),
    st.text(alphabet="0123456789", min_size=12, max_size=12),
    st.sampled_from(["", " ", ".", "-"]),
)
EMAIL = st.from_regex(
    r"[a-z][a-z0-9._]{0,15}@[a-z]{2,10}\.(vn|com|com\.vn|gov\.vn)", fullmatch=True
)
WORDS = st.sampled_from(
    ["cccd", "sđt", "số của tôi", "email", "gửi giúp", "ạ", "nhé,", "(", ")", ":", "hồ sơ"]
)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(ANY_TEXT)
def test_any_text_is_handled_and_redaction_is_stable(text):
    once = redact(text)
    assert isinstance(once, str)
    assert redact(once) == once
    assert personal_data_kinds(once) == set()
    for reply in (redact_secret_reply(text), redact_phone_digits_reply(text)):
        assert isinstance(reply, str)


@FUZZ
@given(st.lists(st.one_of(WORDS, PHONE, CITIZEN_ID, EMAIL), min_size=1, max_size=6))
def test_personal_data_inside_any_sentence_is_gone(parts):
    text = " ".join(parts)
    masked = redact(text)
    digits_left = re.sub(r"\D", "", masked)
    for part in parts:
        if "@" in part:
            assert part not in masked
        elif re.sub(r"\D", "", part) and len(re.sub(r"\D", "", part)) >= 9:
            assert re.sub(r"\D", "", part)[-8:] not in digits_left


@FUZZ
@given(ANY_TEXT, st.sampled_from(["000.00.12.H56-261015-0042", "38.98.H29-251015-0001"]))
def test_dossier_codes_survive_any_neighbourhood(text, code):
    assert code in redact(f"{text} {code} {text}")
    assert redact(f"hồ sơ {code}.") == f"hồ sơ {code}."


SPECIAL = [
    "",
    "\x00\x01\x1f\x7f",
    "<script>alert('0912345678')</script>",
    "'; DROP TABLE events; -- 001203004567",
    "000.00.12.H56-261015-0042' OR '1'='1",
    "😀📱 0912 345 678 🙏",
    unicodedata.normalize("NFD", "số điện thoại 0912345678, mật khẩu là Hoa@2024"),
    "\u200b0912\u200b345\u200b678",
]


@pytest.mark.parametrize("text", SPECIAL)
def test_special_inputs(text):
    for function in (redact, redact_secret_reply, redact_phone_digits_reply):
        once = function(text)
        assert isinstance(once, str)
        digits = re.sub(r"\D", "", once)
        assert "0912345678" not in digits and "001203004567" not in digits
    assert redact(redact(text)) == redact(text)


def test_a_megabyte_of_mixed_text_is_redacted():
    block = "sđt 0912 345 678, hồ sơ 000.00.12.H56-261015-0042, phí 200.000 đồng, mk: Ab@12345. "
    text = block * (1_000_000 // len(block))
    masked = redact(text)
    assert "0912 345 678" not in masked and "Ab@12345" not in masked
    assert masked.count("000.00.12.H56-261015-0042") == text.count("000.00.12.H56-261015-0042")


# Cases of the lookup form's personal-data warnings (actions/personal_data.py).
@pytest.mark.parametrize(
    "text, kinds",
    [
        ("cccd của tôi là 036158009999, tra giúp", {"citizen_id"}),
        ("số cmnd cũ 123456789", {"old_id"}),
        ("sđt của tôi 0912 345 678", {"phone"}),
        ("email tôi là hoa.le@gmail.com", {"email"}),
        ("mật khẩu của tôi là Hoa@1985", {"secret"}),
        ("mã OTP là 123456", {"secret"}),
        ("passcode 654321 đây", {"secret"}),
        ("mk la abc12345", {"secret"}),
        ("mật khẩu vneid của tôi là Hoa@1985", {"secret"}),
    ],
)
def test_personal_data_kinds_of_the_lookup_warnings(text, kinds):
    assert personal_data_kinds(text) == kinds


@pytest.mark.parametrize(
    "text",
    [
        "quên mật khẩu VNeID",
        "không nhận được mã OTP",
        "mã otp hết hạn sau 3 phút",
        "quên mật khẩu VNeID 2 lần rồi",
        "passcode gồm 6 số",
        "5678",
        "000.00.12.H56-261015-0042",
        "tổng đài 18001096",
        "tra cứu hồ sơ",
    ],
)
def test_no_personal_data_for_the_lookup_warnings(text):
    assert personal_data_kinds(text) == set()
