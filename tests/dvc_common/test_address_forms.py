"""Forms of address: who the writer says they are, and answers that call them so."""

import pytest

from dvc_common.address_forms import DEFAULT, FORMS, address, form_in, form_of


@pytest.mark.parametrize(
    "text, form",
    [
        ("chào cháu, bác năm nay 72 tuổi rồi, mắt kém, không nhớ mật khẩu", "bác"),
        ("cho bác hỏi làm căn cước ở đâu", "bác"),
        ("cháu ơi bác muốn hỏi cái VNeID", "bác"),
        ("số điện thoại là của con trai bà, bà không nhớ", "bà"),
        ("em là tình nguyện viên, bác ấy muốn làm giấy khai sinh cho cháu nội", "em"),
        ("anh ơi cho em hỏi", "em"),
        ("Chú quên mật khẩu VNeID rồi", "chú"),
        ("Chị muốn nộp hồ sơ đăng ký thường trú", "chị"),
        ("ông đã nộp hồ sơ tuần trước", "ông"),
        ("cô cần làm lại căn cước", "cô"),
        ("anh bị khóa tài khoản", "anh"),
        ("xin chào, cháu cần giúp", "cháu"),
        # without diacritics, only the forms that cannot be another word
        ("bac muon hoi ve vneid", "bác"),
        ("cho chau hoi cai", "cháu"),
        ("em la tinh nguyen vien", "em"),
    ],
)
def test_the_writer_names_themselves(text, form):
    assert form_in(text) == form


@pytest.mark.parametrize(
    "text",
    [
        "tôi muốn tra cứu hồ sơ",
        "Bà tôi muốn làm VNeID",  # someone else
        "Bác ấy không biết chữ",
        "cháu 10 tuổi có làm VNeID được không",  # a child the writer speaks of
        "làm giấy khai sinh cho cháu",
        "cô giáo bảo phải có VNeID",
        "Ông ơi",  # calling the assistant
        "ảnh bị mờ",
        "anh bi mo",  # "ảnh bị mờ" without diacritics
        "co muon nop ho so",  # "có muốn", not "cô muốn"
        "/vneid_install",
        "",
    ],
)
def test_no_form_when_the_writer_does_not_name_themselves(text):
    assert form_in(text) is None


def test_the_last_form_named_holds_for_the_rest_of_the_conversation():
    assert form_of([]) == DEFAULT
    assert form_of(["bác muốn hỏi", "tôi cần tra cứu", "/help", "mã là 123"]) == "bác"
    assert form_of(["bác muốn hỏi", "em là tình nguyện viên"]) == "em"


@pytest.mark.parametrize("form", FORMS)
def test_answers_call_the_citizen_by_the_form(form):
    text = "Bạn chọn một nút. Cảm ơn bạn! Các bạn"
    capital = form[0].upper() + form[1:]
    assert address(text, form) == f"{capital} chọn một nút. Cảm ơn {form}! Các {form}"


def test_the_default_and_unknown_forms_leave_the_text_alone():
    text = "Bạn chọn một nút; bạn bè không cần."
    assert address(text, DEFAULT) == text
    assert address(text, "ngài") == text
    # whole words only
    assert address("bạnbè", "bác") == "bạnbè"
