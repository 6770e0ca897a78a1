"""Dossier lookup conversations over the REST channel, against the real stack."""

from __future__ import annotations

import sqlite3
import time

import requests

from tests.support.stack import code_of


def test_happy_path_asks_for_code_then_digits_and_answers_the_status(chat, seed):
    assert "mã hồ sơ" in chat.text("tra cứu hồ sơ")
    assert "4 số cuối" in chat.text(code_of(seed, 0).lower())
    answer = chat.text("5678")
    assert "Đang xử lý" in answer
    assert "L* T** H**" in answer
    assert "Lê Thị Hoa" not in answer
    assert "0912345678" not in answer
    assert code_of(seed, 0) in answer


def test_code_in_the_first_message_skips_the_first_question(chat, seed):
    code = code_of(seed, 2)
    spaced = code.replace("-", " - ")
    reply = chat.text(f"hồ sơ {spaced} xong chưa")
    assert "4 số cuối" in reply and "mã hồ sơ" not in reply.split("4 số cuối")[0].lower()
    answer = chat.text("1122")
    assert "Yêu cầu thực hiện nghĩa vụ tài chính" in answer
    assert "200.000 đồng" in answer and "Yêu cầu thanh toán" in answer


def test_overdue_complaint_shows_the_flag_and_the_apology_right(chat, seed):
    reply = chat.text("hồ sơ của tôi quá hẹn mà chưa có kết quả")
    assert "Phiếu xin lỗi" in reply
    chat.text(code_of(seed, 1))
    answer = chat.text("0001")
    assert "Yêu cầu bổ sung giấy tờ" in answer and "QUÁ HẠN" in answer
    assert "giấy chứng sinh" in answer


def test_status_9_says_how_the_result_arrives(chat, seed):
    chat.text("tra cứu hồ sơ")
    chat.text(code_of(seed, 3))
    answer = chat.text("4444")
    assert "chờ trả kết quả" in answer and "bộ phận một cửa" in answer


def test_malformed_code_is_asked_again_with_an_example(chat):
    chat.text("tra cứu hồ sơ")
    reply = chat.text("000.00.12-123")
    assert "chưa đúng định dạng" in reply and "000.00.12.H56-261015-0042" in reply


def test_repeated_invalid_input_offers_to_stop_and_stop_works(chat):
    chat.text("tra cứu hồ sơ")
    chat.text("12-34")
    chat.text("abc 12")
    messages = chat.say("99-99-99")
    assert any("nhiều lần" in m.get("text", "") for m in messages)
    assert any(b["payload"] == "/stop" for m in messages for b in m.get("buttons", []))
    assert "Đã dừng tra cứu" in chat.text("/stop")


def test_wrong_digits_and_unknown_code_get_the_same_answer(chat, seed):
    def attempt(code, digits):
        chat.text("tra cứu hồ sơ")
        chat.text(code)
        return chat.text(digits).replace(code, "<code>")

    wrong_pair = attempt(code_of(seed, 0), "0000")
    unknown = attempt("000.00.12.H56-261001-9999", "5678")
    assert "Không tìm thấy" in wrong_pair
    assert wrong_pair == unknown


def test_three_failures_stop_asking_and_give_contacts(chat, seed):
    for _ in range(2):
        chat.text("tra cứu hồ sơ")
        chat.text(code_of(seed, 0))
        assert "Không tìm thấy" in chat.text("1111")
    chat.text("tra cứu hồ sơ")
    chat.text(code_of(seed, 0))
    third = chat.text("1111")
    assert "dừng tra cứu" in third and "18001096" in third
    # A new request no longer asks for a code: it gives the contacts straight away.
    again = chat.text("tra cứu hồ sơ")
    assert "mã hồ sơ" not in again.split("\n")[0]
    assert "dvc-tra-cuu-ho-so" in again and "18001096" in again


def _lookup_with_fault(chat, seed, stack, mode):
    stack.proxy.mode = mode
    chat.text("tra cứu hồ sơ")
    chat.text(code_of(seed, 0))
    started = time.monotonic()
    answer = chat.text("5678")
    return answer, time.monotonic() - started


def test_service_down_gets_apology_hotline_and_portal(chat, seed, stack):
    answer, elapsed = _lookup_with_fault(chat, seed, stack, "down")
    assert answer.startswith("Xin lỗi") and "18001096" in answer and "dvc-tra-cuu-ho-so" in answer
    assert elapsed < 5


def test_service_5xx_gets_apology(chat, seed, stack):
    answer, _ = _lookup_with_fault(chat, seed, stack, "error")
    assert answer.startswith("Xin lỗi") and "18001096" in answer


def test_service_garbage_gets_apology(chat, seed, stack):
    answer, _ = _lookup_with_fault(chat, seed, stack, "garbage")
    assert answer.startswith("Xin lỗi") and "dvc-tra-cuu-ho-so" in answer


def test_slow_service_gets_apology_within_5_seconds(chat, seed, stack):
    answer, elapsed = _lookup_with_fault(chat, seed, stack, "slow")
    assert answer.startswith("Xin lỗi")
    assert elapsed < 5


def test_conversation_is_stored_in_the_sql_tracker_store(chat, stack):
    chat.text("xin chào")
    with sqlite3.connect(stack.tracker_db) as db:
        rows = db.execute(
            "select count(*) from events where sender_id = ?", (chat.sender,)
        ).fetchone()
    assert rows[0] > 0


def test_a_full_phone_number_works_but_is_not_stored(chat, seed, stack):
    chat.text("tra cứu hồ sơ")
    chat.text(code_of(seed, 0))
    answer = chat.text("0912345678")
    assert "chỉ cần 4 số cuối" in answer and "Đang xử lý" in answer
    chat.text("cảm ơn")  # the next turn reads the conversation back from the store
    with sqlite3.connect(stack.tracker_db) as db:
        rows = db.execute("select data from events where sender_id = ?", (chat.sender,)).fetchall()
    assert rows and not any("0912345678" in r[0] for r in rows)


def test_a_code_locked_by_the_service_gets_the_retry_time(chat, seed, stack):
    code = code_of(seed, 4)
    service = f"http://127.0.0.1:{stack.env['DOSSIER_SERVICE_PORT']}/api/v1/dossiers/lookup"
    limit = int(stack.env["DOSSIER_LOOKUP_MAX_FAILURES"])
    for _ in range(limit):  # someone guessing the digits of this dossier
        assert (
            requests.post(
                service, json={"code": code, "phone_last4": "0000"}, timeout=5
            ).status_code
            == 404
        )
    chat.text("tra cứu hồ sơ")
    chat.text(code)
    answer = chat.text("5555")  # even the right digits wait for the lock to expire
    assert "tạm khóa" in answer and "phút" in answer and "18001096" in answer
