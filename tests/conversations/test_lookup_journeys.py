"""Dossier lookup as people really use it (issue 8), over the REST channel on the real
stack: fresh starts, codes as typed, ways out, personal data, the dossier as context,
status meanings and a lookup inside a guide."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from dvc_common.guides import all_guides
from dvc_common.statuses import load_statuses
from tests.support.stack import code_of, payloads

UNIT = "Trung tâm Phục vụ hành chính công xã Thọ Xuân"  # the test seed's receiving unit
WAY_OUT = ("phiếu tiếp nhận và hẹn trả kết quả", "Quản lý hồ sơ", "VNeID", "căn cước")


def due_of(seed, index: int) -> str:
    return datetime.fromisoformat(seed["dossiers"][index]["due_at"]).strftime("%d/%m/%Y")


def look_up(chat, seed, index: int, digits: str) -> str:
    chat.text("tra cứu hồ sơ")
    chat.text(code_of(seed, index))
    return chat.text(digits)


# 1. Fresh starts -------------------------------------------------------------------


@pytest.mark.parametrize(
    "stop", ["/stop", "thôi dừng lại", "thôi không tra nữa", "không, tôi không muốn tra nữa"]
)
def test_stop_then_restart_asks_for_the_code_and_the_counter_starts_at_zero(chat, seed, stop):
    chat.text("tra cứu hồ sơ")
    chat.text("12-34")  # two invalid inputs: the counter is at 2
    chat.text("99-99")
    assert "Đã dừng tra cứu" in chat.text(stop)
    again = chat.text("tra cứu hồ sơ")
    assert "mã hồ sơ" in again and "4 số cuối" not in again
    first_typo = chat.text("12-34")
    assert "chưa đúng định dạng" in first_typo and "nhiều lần" not in first_typo


def test_stop_forgets_the_code(chat, seed):
    chat.text("tra cứu hồ sơ")
    assert "4 số cuối" in chat.text(code_of(seed, 0))
    chat.text("dừng lại")
    again = chat.text("tra cứu hồ sơ")
    assert "mã hồ sơ" in again and "4 số cuối" not in again


def test_after_a_lookup_a_new_one_asks_same_or_another_dossier(chat, seed):
    code = code_of(seed, 0)
    assert "Đang xử lý" in look_up(chat, seed, 0, "5678")
    messages = chat.say("tra cứu hồ sơ")
    text = "\n".join(m.get("text", "") for m in messages)
    assert code in text
    assert f'/inform{{"dossier_code": "{code}"}}' in payloads(messages)
    assert "/lookup_change_code" in payloads(messages)
    # Same dossier: only the digits again (they are never kept).
    assert "4 số cuối" in chat.text(f'/inform{{"dossier_code": "{code}"}}')
    assert "Đang xử lý" in chat.text("5678")
    # Another dossier: the plain code prompt.
    chat.text("tra cứu hồ sơ")
    other = chat.text("/lookup_change_code")
    assert "mã hồ sơ" in other and code not in other
    assert "4 số cuối" in chat.text(code_of(seed, 3))
    assert "chờ trả kết quả" in chat.text("4444")


def test_a_wrong_pair_asks_only_the_digits_again_with_a_button_to_change_the_code(chat, seed):
    chat.text("tra cứu hồ sơ")
    chat.text(code_of(seed, 0))
    messages = chat.say("0000")
    text = "\n".join(m.get("text", "") for m in messages)
    assert "Không tìm thấy" in text and "4 số cuối" in text
    assert "/lookup_change_code" in payloads(messages)
    assert "Đang xử lý" in chat.text("5678")  # the code was not typed again


def test_change_code_after_a_wrong_pair(chat, seed):
    chat.text("tra cứu hồ sơ")
    chat.text(code_of(seed, 0))
    chat.text("0000")
    assert "mã hồ sơ" in chat.text("/lookup_change_code")
    chat.text(code_of(seed, 3))
    assert "chờ trả kết quả" in chat.text("4444")


# 2. Codes as people type them ------------------------------------------------------


def _variants(code: str):
    unit, day, seq = code.split("-")
    return [
        f"{unit} {day} {seq}",  # spaces instead of dashes
        f"{unit}.{day}.{seq}",  # dots instead of dashes
        f"{unit.replace('0', 'O')}-{day}-{seq.replace('0', 'o')}",  # the letter O for 0
        code.lower(),
        f"  {unit}  -  {day}   -  {seq}  ",  # extra spaces
        f"cháu ơi xem giúp bác hồ sơ {unit} {day} {seq} với",  # inside a sentence
    ]


@pytest.mark.parametrize("variant", range(6))
def test_each_code_variant_is_found(chat, seed, variant):
    typed = _variants(code_of(seed, 0))[variant]
    chat.text("tra cứu hồ sơ")
    assert "4 số cuối" in chat.text(typed), typed
    answer = chat.text("5678")
    assert "Đang xử lý" in answer and code_of(seed, 0) in answer


def test_a_code_in_the_first_message_in_another_variant(chat, seed):
    unit, day, seq = code_of(seed, 3).split("-")
    assert "4 số cuối" in chat.text(f"hồ sơ {unit.lower()} {day} {seq} xong chưa")
    assert "chờ trả kết quả" in chat.text("4444")


def test_a_code_and_a_full_phone_in_one_message(chat, seed, stack):
    unit, day, seq = code_of(seed, 0).split("-")
    answer = chat.text(f"tra giúp hồ sơ {unit} {day} {seq}, số điện thoại 0912 345 678")
    assert "chỉ cần 4 số cuối" in answer and "Đang xử lý" in answer
    chat.text("cảm ơn")
    with sqlite3.connect(stack.tracker_db) as db:
        rows = db.execute("select data from events where sender_id = ?", (chat.sender,)).fetchall()
    assert rows and not any("345 678" in r[0] or "0912345678" in r[0] for r in rows)


def test_anything_else_still_gets_the_format_with_an_example(chat):
    chat.text("tra cứu hồ sơ")
    reply = chat.text("000.00.12 H56 123")
    assert "chưa đúng định dạng" in reply and "000.00.12.H56-261015-0042" in reply


# 3. Ways out ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "at, message",
    [
        ("start", "tôi không có mã hồ sơ"),
        ("code", "mất giấy hẹn rồi thì tra thế nào"),
        ("start", "tôi không có mã hồ sơ, chỉ có căn cước thôi"),
        ("digits", "số điện thoại là của con trai bà, bà không nhớ"),
        ("digits", "tôi không nhớ số điện thoại đã đăng ký"),
        ("code", "/lookup_way_out"),
    ],
)
def test_each_way_out_says_where_the_code_is_and_offers_a_person(chat, seed, at, message):
    if at in ("code", "digits"):
        chat.text("tra cứu hồ sơ")
    if at == "digits":
        chat.text(code_of(seed, 0))
    messages = chat.say(message)
    text = "\n".join(m.get("text", "") for m in messages)
    for fact in WAY_OUT:
        assert fact in text, fact
    assert "/human_handoff" in payloads(messages)
    assert "rút hồ sơ" not in text.lower()


def test_never_the_same_prompt_three_times_in_a_row(chat, seed):
    chat.text("tra cứu hồ sơ")
    first = chat.text(code_of(seed, 0))
    second = chat.text("abc")
    third = chat.text("thế bà làm thế nào")
    assert "4 số cuối của số điện thoại đã đăng ký khi nộp" in first
    replies = [first, second, third]
    assert not all("Để bảo vệ thông tin của người nộp" in r for r in replies)
    assert any("phiếu tiếp nhận và hẹn trả kết quả" in r for r in replies[1:])


# 4. Personal data typed into the chat ------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "cccd của tôi là 036158009999",
        "số cmnd cũ 123456789",
        "email của tôi là hoa.le@gmail.com",
        "mật khẩu vneid của tôi là Hoa@1985",
        "mã OTP là 123456",
        "passcode 654321",
    ],
)
def test_personal_data_is_warned_about_and_the_form_keeps_its_code(chat, seed, typed):
    chat.text("tra cứu hồ sơ")
    assert "4 số cuối" in chat.text(code_of(seed, 0))
    reply = chat.text(typed)
    assert "không bao giờ cần" in reply and "chưa đúng" not in reply
    answer = chat.text("5678")
    assert "Đang xử lý" in answer and code_of(seed, 0) in answer


def test_a_citizen_id_instead_of_a_code_is_warned_about(chat):
    reply = chat.text("cccd của tôi là 036158009999, tra giúp")
    assert "không bao giờ cần" in reply and "chưa đúng định dạng" not in reply
    assert "mã hồ sơ" in reply


def test_a_phone_number_outside_the_digits_prompt_is_warned_about(chat):
    assert "không bao giờ cần" in chat.text("số điện thoại của tôi là 0912345678")


# 5. The dossier as context ---------------------------------------------------------


def test_when_will_it_be_done_gives_the_dossiers_date(chat, seed):
    look_up(chat, seed, 0, "5678")
    reply = chat.text("thế bao giờ mới xong")
    assert due_of(seed, 0) in reply and code_of(seed, 0) in reply
    assert "Bạn cho tôi mã hồ sơ" not in reply and "4 số cuối" not in reply


def test_when_overdue_it_apologises_and_gives_the_right_to_a_written_apology(chat, seed):
    look_up(chat, seed, 1, "0001")
    reply = chat.text("thế bao giờ mới xong")
    assert reply.startswith("Tôi rất tiếc")
    assert due_of(seed, 1) in reply and "Phiếu xin lỗi" in reply and UNIT in reply


def test_where_to_complain_names_the_dossiers_unit(chat, seed):
    look_up(chat, seed, 0, "5678")
    messages = chat.say("giờ tôi khiếu nại ở đâu")
    text = "\n".join(m.get("text", "") for m in messages)
    assert UNIT in text and code_of(seed, 0) in text and "18001096" in text
    assert "/human_handoff" in payloads(messages)


def test_an_angry_overdue_message_gets_an_apology_first(chat, seed):
    look_up(chat, seed, 1, "0001")
    reply = chat.text("trễ hẹn 2 lần rồi")
    assert reply.startswith("Tôi rất tiếc")
    assert due_of(seed, 1) in reply and UNIT in reply


def test_what_the_status_means_for_that_dossier(chat, seed):
    look_up(chat, seed, 2, "1122")
    reply = chat.text("trạng thái này nghĩa là gì")
    assert "Yêu cầu thực hiện nghĩa vụ tài chính" in reply
    assert UNIT in reply and due_of(seed, 2) in reply


def test_not_within_competence_for_that_dossier(chat, seed):
    look_up(chat, seed, 0, "5678")
    reply = chat.text("không thuộc thẩm quyền nghĩa là gì")
    assert "không phải cơ quan có quyền giải quyết" in reply and UNIT in reply


def test_whom_to_call_for_that_dossier(chat, seed):
    look_up(chat, seed, 0, "5678")
    reply = chat.text("số tổng đài hỗ trợ là gì")
    assert UNIT in reply and code_of(seed, 0) in reply


# 6. Statuses explained without a lookup ----------------------------------------------


@pytest.mark.parametrize("code", range(1, 11))
def test_a_status_meaning_for_each_status(chat, code):
    status = load_statuses().statuses[code]
    reply = chat.text(f"trạng thái '{status.label.lower()}' nghĩa là gì")
    if code == 5:  # its own answer: how to add documents
        assert "bổ sung" in reply.lower()
    else:
        assert status.meaning in reply and "Việc cần làm" in reply


def test_where_is_the_dossier_code(chat):
    reply = chat.text("mã hồ sơ nằm ở đâu")
    assert "phiếu tiếp nhận và hẹn trả kết quả" in reply and "Quản lý hồ sơ" in reply


# 7. A lookup inside a guide ---------------------------------------------------------


def test_a_lookup_in_the_middle_of_a_guide_resumes_the_guide(chat, seed):
    n = len(all_guides()["filing_online"].steps)
    chat.text('/volunteer_mode{"guide":"filing_online"}')
    chat.text("/next_step")
    chat.text("tra cứu hồ sơ")
    chat.text(code_of(seed, 0))
    messages = chat.say("5678")
    text = "\n".join(m.get("text", "") for m in messages)
    assert "Đang xử lý" in text and "bước 2/" in text
    assert "/repeat_step" in payloads(messages)
    assert f"Bước 2/{n}" in chat.text("/repeat_step")
