import pytest

from dvc_common.redact import CITIZEN_ID_MASK, PHONE_MASK, redact


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
