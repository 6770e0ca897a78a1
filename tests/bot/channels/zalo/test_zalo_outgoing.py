"""Rasa's replies as Zalo messages: splitting, buttons, call buttons, follow-ups."""

from __future__ import annotations

import unicodedata

from bot.channels.zalo.outgoing import (
    MAX_TEXT,
    Wording,
    split_text,
    zalo_button,
    zalo_messages,
)

WORDING = Wording(
    more_options="Các lựa chọn khác:",
    call_buttons=[
        {"title": "Gọi 18001096 (Cổng DVCQG)", "payload": "tel:18001096"},
        {"title": "Gọi 1900 0368", "payload": "tel:19000368"},
    ],
)


def _sentences(count: int) -> str:
    return " ".join(f"Câu số {i} nói về việc nộp hồ sơ trực tuyến trên Cổng." for i in range(count))


def test_a_short_text_is_one_message():
    assert split_text("  Xin chào!  ") == ["Xin chào!"]
    assert split_text("") == []


def test_a_long_text_is_split_on_sentence_boundaries_within_the_limit():
    text = _sentences(120)
    assert len(text) > 2 * MAX_TEXT
    chunks = split_text(text)
    assert len(chunks) >= 3
    assert all(len(c) <= MAX_TEXT for c in chunks)
    assert all(c.endswith("Cổng.") for c in chunks)
    assert " ".join(chunks) == text


def test_lines_are_boundaries_too_and_nothing_is_lost():
    text = "\n".join(
        f"Bước {i}: mở ứng dụng VNeID rồi chọn mục Định danh điện tử" for i in range(80)
    )
    chunks = split_text(text)
    assert all(len(c) <= MAX_TEXT for c in chunks) and len(chunks) > 1
    assert [line for c in chunks for line in c.split("\n")] == text.split("\n")


def test_the_limit_counts_nfc_characters():
    nfd = unicodedata.normalize("NFD", "ế" * MAX_TEXT)
    assert len(nfd) > MAX_TEXT
    assert split_text(nfd) == ["ế" * MAX_TEXT]


def test_a_sentence_longer_than_a_message_is_cut_at_a_space():
    words = "chữ " * 900
    chunks = split_text("Mở đầu. " + words)
    assert all(len(c) <= MAX_TEXT for c in chunks)
    assert all(not c.endswith("ch") for c in chunks)
    assert "".join(chunks).replace(" ", "") == ("Mở đầu. " + words).replace(" ", "")


def test_buttons_map_to_zalo_types():
    assert zalo_button(
        {"title": "Tra cứu", "payload": "/check_dossier_status"}, "oa.query.show"
    ) == {"title": "Tra cứu", "type": "oa.query.show", "payload": "/check_dossier_status"}
    assert zalo_button(
        {"title": "Cổng", "payload": "https://dichvucong.gov.vn"}, "oa.query.show"
    ) == {"title": "Cổng", "type": "oa.open.url", "payload": {"url": "https://dichvucong.gov.vn"}}
    assert zalo_button({"title": "Gọi", "payload": "tel:1900 0368"}, "oa.query.hide") == {
        "title": "Gọi",
        "type": "oa.open.phone",
        "payload": {"phone_code": "19000368"},
    }
    assert (
        zalo_button({"title": "Ẩn", "payload": "/help"}, "oa.query.hide")["type"] == "oa.query.hide"
    )


def test_limits_on_titles_and_payloads():
    long_title = zalo_button({"title": "T" * 150, "payload": "/help"}, "oa.query.show")
    assert len(long_title["title"]) == 100 and long_title["title"].endswith("…")
    assert zalo_button({"title": "x", "payload": "/" + "a" * 1000}, "oa.query.show") is None
    assert zalo_button({"title": "", "payload": "/help"}, "oa.query.show") is None
    assert zalo_button({"title": "x", "payload": "tel:"}, "oa.query.show") is None


def test_text_with_buttons_becomes_one_template_message():
    [message] = zalo_messages(
        [{"text": "Bạn cần gì?", "buttons": [{"title": "Menu", "payload": "/help"}]}], WORDING
    )
    assert message == {
        "text": "Bạn cần gì?",
        "attachment": {
            "type": "template",
            "payload": {
                "buttons": [{"title": "Menu", "type": "oa.query.show", "payload": "/help"}]
            },
        },
    }


def test_buttons_beyond_the_limit_go_in_a_follow_up_message():
    buttons = [{"title": f"Mục {i}", "payload": f"/intent_{i}"} for i in range(7)]
    first, second = zalo_messages([{"text": "Menu", "buttons": buttons}], WORDING, max_buttons=5)
    assert [b["title"] for b in first["attachment"]["payload"]["buttons"]] == [
        f"Mục {i}" for i in range(5)
    ]
    assert second["text"] == "Các lựa chọn khác:"
    assert [b["payload"] for b in second["attachment"]["payload"]["buttons"]] == [
        "/intent_5",
        "/intent_6",
    ]


def test_buttons_go_with_the_last_piece_of_a_split_text():
    messages = zalo_messages(
        [{"text": _sentences(80), "buttons": [{"title": "Menu", "payload": "/help"}]}], WORDING
    )
    assert len(messages) >= 2
    assert all("attachment" not in m for m in messages[:-1])
    assert messages[-1]["attachment"]["payload"]["buttons"][0]["payload"] == "/help"


def test_a_hotline_in_the_text_gets_a_call_button_once():
    [message] = zalo_messages([{"text": "Gọi tổng đài 1900.0368 hoặc 1900 0368."}], WORDING)
    buttons = message["attachment"]["payload"]["buttons"]
    assert buttons == [
        {"title": "Gọi 1900 0368", "type": "oa.open.phone", "payload": {"phone_code": "19000368"}}
    ]
    [plain] = zalo_messages([{"text": "Mã hồ sơ 000.00.12.H56-261015-0042"}], WORDING)
    assert "attachment" not in plain
    [longer] = zalo_messages([{"text": "Số 180010961 không phải tổng đài."}], WORDING)
    assert "attachment" not in longer


def test_buttons_without_text_use_the_follow_up_wording_and_empty_messages_are_dropped():
    messages = zalo_messages(
        [{"text": ""}, {"buttons": [{"title": "Menu", "payload": "/help"}]}], WORDING
    )
    assert messages == [
        {
            "text": "Các lựa chọn khác:",
            "attachment": {
                "type": "template",
                "payload": {
                    "buttons": [{"title": "Menu", "type": "oa.query.show", "payload": "/help"}]
                },
            },
        }
    ]


def test_an_image_url_becomes_a_media_template():
    [image, text] = zalo_messages(
        [{"text": "Mẫu tờ khai", "image": "https://example.gov.vn/a.png"}], WORDING
    )
    assert image["attachment"]["payload"]["elements"] == [
        {"media_type": "image", "url": "https://example.gov.vn/a.png"}
    ]
    assert text == {"text": "Mẫu tờ khai"}
