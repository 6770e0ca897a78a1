import pytest

from dvc_common.redact import CITIZEN_ID_MASK, PHONE_MASK, personal_data_kinds, redact


@pytest.mark.parametrize(
    "text, expected",
    [
        ("cccd của tôi 001234567890", f"cccd của tôi {CITIZEN_ID_MASK}"),
        ("sdt 0912345678 ạ", f"sdt {PHONE_MASK} ạ"),
        ("gọi 0912 345 678", f"gọi {PHONE_MASK}"),
        ("+84912345678", PHONE_MASK),
    ],
)
def test_personal_numbers_are_masked(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    ["5678", "000.00.12.H56-261015-0042", "tổng đài 18001096", "1900 0368", "hồ sơ 261015"],
)
def test_other_numbers_are_kept(text):
    assert redact(text) == text


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
def test_personal_data_kinds(text, kinds):
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
def test_no_personal_data(text):
    assert personal_data_kinds(text) == set()
