"""One conversation per support topic: the right, dated answer, in all three spellings."""

from __future__ import annotations

import pytest

from dvc_common.facts import fact
from tests.support.stack import payloads

UPDATED = f"Cập nhật {fact('updated')}"

TOPICS = [
    # (message, a phrase of the expected answer)
    ("tải VNeID ở đâu", "App Store"),
    ("tu dang ky tai khoan muc 1 tren dien thoai", "mức 1"),
    ("muc 2 can mang gi", "Công an"),
    ("dc duyet r kich hoat sao", "passcode"),
    ("e quen mk vneid r ak", "Quên mật khẩu"),
    ("đổi điện thoại mới đăng nhập VNeID", "NFC"),
    ("không quét được chip căn cước", "NFC"),
    ("ko nhan dc otp", "OTP"),
    ("tích hợp bằng lái vào VNeID", "3 lần"),
    ("có người gọi bảo cài VNeID", "OTP"),
    ("nop ho so online lam sao", "Nộp trực tuyến"),
    ("đăng nhập cổng dịch vụ công bằng vneid", "QR"),
    ("nộp hồ sơ ở xã khác được không", "118/2025"),
    ("hồ sơ bị yêu cầu bổ sung", "bổ sung"),
    ("huy ho so duoc ko", "rút"),
    ("nhận kết quả qua bưu điện", "bưu chính công ích"),
    ("thanh toán lệ phí online", "Yêu cầu thanh toán"),
    ("bị trừ tiền mà chưa thanh toán xong", "Không thanh toán lại"),
    ("bien lai o dau", "biên lai"),
    ("hotline vneid", "1900 0368"),
]


@pytest.mark.parametrize("message, expected", TOPICS)
def test_support_answers_are_correct_and_dated(chat, message, expected):
    answer = chat.text(message)
    assert expected.lower() in answer.lower(), answer
    assert UPDATED in answer


def test_procedure_info_answers_from_the_catalogue(chat):
    answer = chat.text("làm giấy khai sinh cần gì")
    assert "Đăng ký khai sinh" in answer and "1.001193" in answer
    details = chat.text('/procedure_info{"procedure":"khai_sinh","procedure_part":"details"}')
    assert "Giấy chứng sinh" in details and "dvc-tim-kiem-thu-tuc" in details


def test_procedure_info_without_a_procedure_asks_with_buttons(chat):
    messages = chat.say("thủ tục cần giấy tờ gì")
    assert '/procedure_info{"procedure":"ket_hon"}' in payloads(messages)
    answer = chat.text('/procedure_info{"procedure":"ket_hon"}')
    assert "Đăng ký kết hôn" in answer


def test_centre_info_and_handoff(chat):
    assert "Trung tâm Phục vụ hành chính công" in chat.text("trung tâm làm việc giờ nào")
    assert "18001096" in chat.text("cho tôi gặp cán bộ")


def test_question_in_the_middle_of_the_lookup_form(chat, seed):
    assert "mã hồ sơ" in chat.text("tra cứu hồ sơ")
    interruption = chat.text("quên mật khẩu VNeID thì làm sao")
    assert "Quên mật khẩu" in interruption
    assert "mã hồ sơ" in interruption.split("Quên mật khẩu")[-1]  # the form asks again
    chat.text(seed["dossiers"][0]["code"])
    assert "Đang xử lý" in chat.text("5678")
