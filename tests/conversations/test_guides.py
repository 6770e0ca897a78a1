"""Volunteer guide mode over the REST channel, against the real stack."""

from __future__ import annotations

import json

from dvc_common.guides import all_guides
from tests.support.stack import payloads


def test_volunteer_mode_opens_the_guide_menu(chat):
    messages = chat.say("tôi là tình nguyện viên")
    for guide_id in all_guides():
        assert f'/volunteer_mode{{"guide":"{guide_id}"}}' in payloads(messages)


def test_walk_forward_back_repeat_and_finish(chat, stack):
    guide = all_guides()["vneid_activate"]
    n = len(guide.steps)
    start = chat.text('/volunteer_mode{"guide":"vneid_activate"}')
    assert "Cần chuẩn bị" in start and f"Bước 1/{n}" in start
    assert f"Bước 2/{n}" in chat.text("tiếp")
    assert f"Bước 3/{n}" in chat.text("/next_step")
    assert f"Bước 2/{n}" in chat.text("quay lại bước trước")
    assert f"Bước 2/{n}" in chat.text("/repeat_step")
    for i in range(3, n + 1):
        assert f"Bước {i}/{n}" in chat.text("/next_step")
    end = chat.text("/next_step")
    assert "đã làm xong chưa" in end
    assert "cảm ơn bạn" in chat.text("/affirm")


def test_stop_in_the_middle(chat):
    chat.text('/volunteer_mode{"guide":"portal_login"}')
    chat.text("/next_step")
    stopped = chat.text("dừng lại")
    assert "Đã dừng hướng dẫn" in stopped and "bước 2/" in stopped
    assert "chưa có hướng dẫn nào đang mở" in chat.text("/next_step")


def test_question_in_the_middle_is_answered_and_the_guide_resumes(chat):
    chat.text('/volunteer_mode{"guide":"filing_online"}')
    chat.text("/next_step")
    chat.text("/next_step")
    messages = chat.say("số tổng đài hỗ trợ là gì")
    texts = "\n".join(m.get("text", "") for m in messages)
    assert "1900 0368" in texts  # the question is answered
    assert "bước 3/" in texts and "/repeat_step" in payloads(messages)
    n = len(all_guides()["filing_online"].steps)
    assert f"Bước 3/{n}" in chat.text("/repeat_step")
    assert f"Bước 4/{n}" in chat.text("/next_step")


def test_unknown_guide_gets_the_menu(chat):
    messages = chat.say('/volunteer_mode{"guide":"khong_co"}')
    assert "không tìm thấy" in messages[0]["text"]
    assert '/volunteer_mode{"guide":"vneid_level1"}' in payloads(messages)


def test_support_answer_offers_the_step_by_step_guide(chat):
    messages = chat.say("quên mật khẩu VNeID")
    assert '/volunteer_mode{"guide":"vneid_forgot_password"}' in payloads(messages)


def test_outcomes_are_recorded(chat, stack):
    chat.text('/volunteer_mode{"guide":"result_by_post"}')
    chat.text("/stop")
    lines = stack.outcomes_file.read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert {
        "conversation": chat.sender,
        "guide": "result_by_post",
        "outcome": "abandoned",
        "step": 1,
    }.items() <= [e for e in entries if e["conversation"] == chat.sender][-1].items()
