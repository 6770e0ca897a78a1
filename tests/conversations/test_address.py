"""Forms of address on the real stack: a user who writes as "bác" is called "bác"."""

from __future__ import annotations

import re

BAN = re.compile(r"\b[Bb]ạn\b")


def test_a_user_writing_as_bac_is_called_bac_in_the_next_answers(chat):
    chat.text("chào cháu, bác năm nay 72 tuổi rồi, bác muốn hỏi mấy việc")
    for message in ("/help", "/greet", "/check_dossier_status"):
        answer = chat.text(message)
        assert re.search(r"\b[Bb]ác\b", answer), answer
        assert not BAN.search(answer), answer


def test_a_volunteer_writing_as_em_is_called_em_in_a_guide(chat):
    answer = chat.text("em là tình nguyện viên, em cần hướng dẫn kích hoạt VNeID")
    answer += chat.text("/volunteer_mode")
    assert re.search(r"\b[Ee]m\b", answer), answer
    assert not BAN.search(answer), answer


def test_without_a_form_the_answers_say_ban(chat):
    answer = chat.text("/help")
    assert BAN.search(answer), answer
