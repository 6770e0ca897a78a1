"""Greeting, menu, chitchat and fallback conversations over the REST channel."""

from __future__ import annotations

from dvc_common.facts import fact
from tests.support.stack import payloads


def test_greet_offers_main_tasks_as_buttons(chat):
    messages = chat.say("xin chào")
    assert "Trợ lý Dịch vụ công" in messages[0]["text"]
    assert "/check_dossier_status" in payloads(messages)


def test_help_menu_has_buttons_for_the_main_tasks(chat):
    messages = chat.say("bạn giúp được gì")
    for payload in (
        "/vneid_install",
        "/filing_howto",
        "/payment_howto",
        "/check_dossier_status",
        "/human_handoff",
    ):
        assert payload in payloads(messages)


def test_goodbye_thank_and_bot_challenge(chat):
    assert "Chào bạn" in chat.text("tạm biệt")
    assert "Không có gì" in chat.text("cảm ơn nhé")
    assert "trợ lý tự động" in chat.text("bạn là người hay máy")


def test_out_of_scope(chat):
    assert "chỉ hỗ trợ về dịch vụ công" in chat.text("kể chuyện cười đi")


def test_button_payloads_work(chat):
    assert f"Cập nhật {fact('updated')}" in chat.text("/vneid_install")


def test_gibberish_gets_the_fallback_not_silence(chat):
    messages = chat.say("qwxz blorf ffff")
    assert messages, "the bot must never stay silent"
    text = messages[0]["text"]
    assert "Xin lỗi" in text
    # Second stage after "none of these": ask to rephrase, with the menu.
    rephrase = chat.say("/out_of_scope")
    assert rephrase and "/help" in payloads(rephrase)
