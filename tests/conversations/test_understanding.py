"""Topics inside the contract intents, procedure cards, other languages and the guide
fixes, over the REST channel on the real stack. Each answer is identified by a phrase
only that answer contains."""

from __future__ import annotations

import pytest
import requests

from actions.procedures import load_catalogue
from actions.wording import wording
from dvc_common.facts import fact
from dvc_common.guides import all_guides
from tests.support.stack import payloads

TOPICS = [
    # (message, a phrase only that answer has)
    ("làm tài khoản VNeID cho con gái 11 tuổi được không", "Trẻ dưới 14 tuổi không tự đăng ký"),
    ("định danh mức một với mức hai khác nhau chỗ nào vậy", "mức 1 và mức 2 khác nhau thế này"),
    ("tài khoản vneid của bác bị khóa rồi", "chưa có hướng dẫn mở khóa"),
    ("điện thoại loại nào quét được chip thẻ căn cước", "iPhone 7"),
    ("chết rồi tôi lỡ đọc mã OTP cho người gọi xưng là công an", "Đổi mật khẩu VNeID ngay"),
    ("vào cổng dịch vụ công cứ báo hệ thống đang bảo trì", "Hệ thống đang bảo trì"),
    ("bị phạt nguội thì nộp tiền phạt online ở đâu", "dvc-thanh-toan-vi-pham-giao-thong"),
    ("xã tôi sáp nhập rồi giờ nộp hồ sơ ở đâu", "xã/phường mới"),
]


@pytest.mark.parametrize("message, phrase", TOPICS)
def test_narrower_topics_get_their_own_answer(chat, message, phrase):
    answer = chat.text(message)
    assert phrase in answer, answer
    assert f"Cập nhật {fact('updated')}" in answer


PROCEDURES_BY_NAME = [
    ("Thủ tục khai tử cho bố tôi thế nào?", "khai_tu"),
    ("Phiếu lý lịch tư pháp", "ly_lich_tu_phap"),
    ("tôi muốn xin giấy xác nhận độc thân thì làm thế nào", "xac_nhan_hon_nhan"),
    ("đổi bằng lái xe bây giờ làm ở đâu", "gplx"),
    ("đăng ký tạm trú cho người thuê trọ", "tam_tru"),
]


@pytest.mark.parametrize("message, key", PROCEDURES_BY_NAME)
def test_procedures_named_as_people_name_them_get_their_card(chat, message, key):
    procedure = load_catalogue().procedures[key]
    answer = chat.text(message)
    assert procedure.name in answer and procedure.where in answer, answer


@pytest.mark.parametrize("key", sorted(load_catalogue().procedures))
def test_each_procedure_card_says_where_and_its_details_list_the_documents(chat, key):
    procedure = load_catalogue().procedures[key]
    card = chat.say(f'/procedure_info{{"procedure":"{key}"}}')
    assert procedure.where in card[0]["text"]
    details_payload = f'/procedure_info{{"procedure":"{key}","procedure_part":"details"}}'
    assert details_payload in payloads(card)
    details = chat.text(details_payload)
    assert all(document in details for document in procedure.documents), details


def test_asking_the_same_card_again_gets_a_short_answer(chat):
    first = chat.text('/procedure_info{"procedure":"ket_hon"}')
    again = chat.text('/procedure_info{"procedure":"ket_hon"}')
    assert "Nơi nộp" in first and "vừa gửi ở trên" in again and "Nơi nộp" not in again


def test_a_message_in_english_is_answered_in_english_and_vietnamese(chat):
    answer = chat.text("Hello, how can I renew my passport? I don't speak Vietnamese")
    assert "only speaks Vietnamese" in answer and "chỉ hỗ trợ bằng tiếng Việt" in answer
    assert fact("mps_hotline") in answer and fact("portal_hotline") in answer


def test_vietnamese_without_diacritics_is_not_taken_for_english(chat):
    assert "only speaks Vietnamese" not in chat.text("cho hoi nop ho so online the nao")


def test_done_at_the_end_of_a_guide_gets_no_fallback(chat):
    guide = all_guides()["portal_login"]
    chat.text('/volunteer_mode{"guide":"portal_login"}')
    for _ in guide.steps:
        chat.text("/next_step")
    done = chat.text("/affirm")
    assert "cảm ơn bạn" in done and "chưa hiểu" not in done


def test_continue_after_a_question_shows_the_interrupted_step(chat):
    n = len(all_guides()["portal_login"].steps)
    chat.text('/volunteer_mode{"guide":"portal_login"}')
    chat.text("/next_step")
    chat.text("số tổng đài hỗ trợ là gì")
    assert f"Bước 2/{n}" in chat.text("tiếp tục hướng dẫn")
    assert f"Bước 3/{n}" in chat.text("tiếp")


@pytest.mark.parametrize("guide_id", ["khai_sinh", "lien_thong_khai_sinh"])
def test_the_birth_guides_walk_to_the_end(chat, guide_id):
    guide = all_guides()[guide_id]
    n = len(guide.steps)
    assert f"Bước 1/{n}" in chat.text(f'/volunteer_mode{{"guide":"{guide_id}"}}')
    for i in range(2, n + 1):
        assert f"Bước {i}/{n}" in chat.text("/next_step")
    assert "đã làm xong chưa" in chat.text("/next_step")
    assert "cảm ơn bạn" in chat.text("/affirm")


def test_the_birth_card_offers_its_guide(chat):
    messages = chat.say('/procedure_info{"procedure":"khai_sinh"}')
    assert '/volunteer_mode{"guide":"khai_sinh"}' in payloads(messages)


def test_the_guide_index_answers_with_and_without_the_slash(stack):
    for path in ("/huong-dan", "/huong-dan/"):
        response = requests.get(stack.rasa_url + path, timeout=10)
        assert response.status_code == 200 and "Hướng dẫn từng bước" in response.text


# Two questions in one message: the first answered, the other one button away.
COMPOSITE = [
    (
        "Cho tôi hỏi làm định danh mức 2 thì cần mang theo giấy tờ gì? Với lại nộp lệ phí "
        "trên cổng dịch vụ công bằng cách nào?",
        "Đăng ký tài khoản định danh mức 2",
        "/payment_howto",
        "Thanh toán phí, lệ phí trực tuyến",
    ),
    (
        "Làm giấy khai sinh cho con cần những gì, còn đăng ký kết hôn thì cần giấy tờ gì?",
        load_catalogue().procedures["khai_sinh"].name,
        '/procedure_info{"procedure":"ket_hon"}',
        load_catalogue().procedures["ket_hon"].name,
    ),
]


@pytest.mark.parametrize("message, first, payload, second", COMPOSITE)
def test_a_composite_message_offers_its_second_question(chat, message, first, payload, second):
    messages = chat.say(message)
    assert first in messages[0]["text"], messages
    assert payloads(messages[-1:]) == [payload], messages
    offer = wording("second_request")["button_title"].split("{")[0]
    assert messages[-1]["buttons"][0]["title"].startswith(offer)
    pressed = chat.say(payload)
    assert second in "\n".join(m.get("text", "") for m in pressed), pressed
    assert not any(m.get("text") == messages[-1]["text"] for m in pressed)


def test_a_long_message_asking_one_thing_gets_no_offer(chat):
    messages = chat.say(
        "Chào cháu, bác năm nay 70 tuổi rồi. Bác muốn làm định danh mức 2 để con cháu nó "
        "khỏi phải chở đi lại nhiều. Cháu cho bác hỏi cần mang những gì theo với?"
    )
    assert "Đăng ký tài khoản định danh mức 2" in messages[0]["text"], messages
    offer = wording("second_request")["button_title"].split("{")[0]
    titles = [b.get("title", "") for m in messages for b in m.get("buttons", [])]
    assert not any(title.startswith(offer) for title in titles), messages
