"""The web chat channel: input checks, and the /chat/ routes on a real Sanic server.

The routes are served by a Sanic app in a thread (tests/support/sanic_server.py), with
``WebChatInput().blueprint(handler)`` and a fake async handler in place of Rasa.
"""

from __future__ import annotations

import unicodedata
import uuid

import pytest
import requests

from bot.channels.client_address import parse_proxies
from bot.channels.input_checks import (
    MAX_CHARS,
    REPLIES,
    check_message,
    clean_text,
    error_message,
    valid_sender,
)
from bot.channels.rate_limit import SenderRateLimiter
from bot.channels.replies import SERVICE_UNAVAILABLE, reply_text
from bot.channels.web import PAGE_CSP, WebChatInput
from dvc_common.facts import fact
from tests.support.fake_rasa import FakeRasa, serve_channel

MESSAGES = {code: error_message(code) for code in REPLIES}
UNAVAILABLE = {"text": reply_text(SERVICE_UNAVAILABLE), "buttons": []}

SENDER = "3f2b8c4e-9a1d-4c6e-8f7a-1b2c3d4e5f60"


# ---- input checks ------------------------------------------------------------------------


def test_a_plain_message_passes_with_sender_and_text():
    checked = check_message({"sender": SENDER, "message": "  tra cứu hồ sơ  "})
    assert checked.error is None
    assert checked.sender == SENDER
    assert checked.text == "tra cứu hồ sơ"


@pytest.mark.parametrize("body", [None, [], "xin chào", 42, ["sender", "message"]])
def test_a_body_that_is_not_an_object_is_invalid_json(body):
    checked = check_message(body)
    assert checked.error == "invalid_json"
    assert checked.error_message == MESSAGES["invalid_json"]


def test_exactly_the_limit_passes_and_one_more_is_too_long():
    assert check_message({"sender": SENDER, "message": "a" * MAX_CHARS}).error is None
    checked = check_message({"sender": SENDER, "message": "a" * (MAX_CHARS + 1)})
    assert MAX_CHARS == 1000
    assert checked.error == "too_long"
    assert "1000 ký tự" in checked.error_message


def test_the_limit_counts_characters_after_cleaning():
    # 1000 letters plus control characters and surrounding spaces still fit.
    checked = check_message(
        {"sender": SENDER, "message": "  " + "\u200b" * 50 + "b" * MAX_CHARS + "\x00 "}
    )
    assert checked.error is None and len(checked.text) == MAX_CHARS


@pytest.mark.parametrize("message", ["", "   ", "\n\t ", "\u200b\u200b", "\x00\x07"])
def test_empty_or_whitespace_text_is_empty(message):
    checked = check_message({"sender": SENDER, "message": message})
    assert checked.error == "empty"
    assert checked.error_message.startswith("Bạn chưa nhập nội dung")


@pytest.mark.parametrize("message", [None, 5, 1.5, True, ["hi"], {"text": "hi"}])
def test_a_message_that_is_not_text_is_invalid(message):
    checked = check_message({"sender": SENDER, "message": message})
    assert checked.error == "invalid_message"
    assert "phải là chữ" in checked.error_message


def test_a_missing_message_key_is_invalid():
    assert check_message({"sender": SENDER}).error == "invalid_message"


def test_control_bidi_and_zero_width_characters_are_stripped_newlines_and_tabs_kept():
    raw = "a\x00b\x1bc\x7fd\x85e\u200bf\u202eg\u2066h\ufeffi\nj\tk"
    assert clean_text(raw) == "abcdefghi\nj\tk"


def test_nfd_input_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Đăng ký khai sinh cho con ở xã")
    assert nfd != unicodedata.normalize("NFC", nfd)
    checked = check_message({"sender": SENDER, "message": nfd})
    assert checked.text == "Đăng ký khai sinh cho con ở xã"
    assert unicodedata.is_normalized("NFC", checked.text)


def test_a_canonical_uuid4_is_a_valid_sender():
    assert valid_sender(SENDER)
    assert valid_sender(str(uuid.uuid4()))


@pytest.mark.parametrize(
    "sender",
    [
        None,
        "",
        42,
        "admin",
        SENDER.upper(),  # not canonical
        "{" + SENDER + "}",
        SENDER.replace("-", ""),
        "urn:uuid:" + SENDER,
        "b74640e4-edd3-11f1-bfcb-02fc00000001",  # version 1 (fixed: parametrised ids must not vary)
        "3f2b8c4e-9a1d-5c6e-8f7a-1b2c3d4e5f60",  # version 5
        SENDER + " ",
        " " + SENDER[1:] + "0",
    ],
)
def test_anything_else_is_an_invalid_sender(sender):
    assert not valid_sender(sender)
    checked = check_message({"sender": sender, "message": "xin chào"})
    assert checked.error == "invalid_sender"
    assert checked.error_message.startswith("Phiên trò chuyện không hợp lệ")


def test_the_sender_is_checked_before_the_text():
    assert check_message({"sender": "x", "message": ""}).error == "invalid_sender"


def test_every_error_message_is_vietnamese_with_diacritics():
    for code, text in MESSAGES.items():
        assert text and any(ch in text for ch in "ạảãáàâầấậẫẩăằắặẵẳêềếệễểôồốộỗổơờớợỡởưừứựữửđ"), code


# ---- the channel's routes on a real Sanic server -----------------------------------------


@pytest.fixture(scope="module")
def fake_rasa():
    return FakeRasa()


@pytest.fixture(scope="module")
def server(fake_rasa):
    channel = WebChatInput(limiter=SenderRateLimiter(max_messages=1000), proxies=[])
    running = serve_channel(channel, fake_rasa, f"web_channel_test_{uuid.uuid4().hex[:8]}")
    yield running
    running.stop()


def post(server, body, **kwargs):
    return requests.post(f"{server.url}/chat/webhook", timeout=10, **kwargs, **body)


def test_health(server):
    response = requests.get(f"{server.url}/chat/health", timeout=10)
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_a_message_reaches_the_handler_and_the_answer_comes_back(server, fake_rasa):
    response = post(server, {"json": {"sender": SENDER, "message": "xin chào"}})
    assert response.status_code == 200
    assert response.json() == {
        "messages": [
            {"text": "Bạn nói: xin chào", "buttons": [{"title": "Xem menu", "payload": "/help"}]}
        ]
    }
    message = fake_rasa.received[-1]
    assert message.sender_id == SENDER
    assert message.text == "xin chào"
    assert message.input_channel == "web"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_several_bot_messages_come_back_in_order(server):
    messages = post(server, {"json": {"sender": SENDER, "message": "hai"}}).json()["messages"]
    assert [m["text"] for m in messages] == ["Bạn nói: hai", "Tin thứ hai"]
    assert messages[1]["buttons"] == []


def test_the_handler_gets_cleaned_nfc_text(server, fake_rasa):
    nfd = unicodedata.normalize("NFD", "  hồ sơ\u200b của tôi\x00  ")
    assert post(server, {"json": {"sender": SENDER, "message": nfd}}).status_code == 200
    assert fake_rasa.received[-1].text == "hồ sơ của tôi"


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"data": b"{not json", "headers": {"Content-Type": "application/json"}}, "invalid_json"),
        ({"json": ["xin chào"]}, "invalid_json"),
        ({"data": b""}, "invalid_json"),
        ({"json": {"sender": "khach", "message": "xin chào"}}, "invalid_sender"),
        ({"json": {"message": "xin chào"}}, "invalid_sender"),
        ({"json": {"sender": SENDER, "message": "   "}}, "empty"),
        ({"json": {"sender": SENDER}}, "invalid_message"),
        ({"json": {"sender": SENDER, "message": 42}}, "invalid_message"),
        ({"json": {"sender": SENDER, "message": "x" * (MAX_CHARS + 1)}}, "too_long"),
    ],
)
def test_bad_requests_get_400_with_a_code_and_a_vietnamese_message(server, fake_rasa, kwargs, code):
    before = len(fake_rasa.received)
    response = post(server, kwargs)
    assert response.status_code == 400
    assert response.json() == {"error": code, "message": MESSAGES[code]}
    assert len(fake_rasa.received) == before  # Rasa never saw it


def test_very_long_input_under_the_body_limit_gets_400_not_500(server):
    response = post(server, {"json": {"sender": SENDER, "message": "dài " * 2_000}})
    assert response.status_code == 400
    assert response.json()["error"] == "too_long"


def test_an_empty_bot_answer_becomes_the_friendly_unavailable_message(server):
    response = post(server, {"json": {"sender": SENDER, "message": "silent"}})
    assert response.status_code == 200
    assert response.json() == {"messages": [UNAVAILABLE]}
    assert "18001096" in UNAVAILABLE["text"] and UNAVAILABLE["text"].startswith("Xin lỗi")


def test_a_handler_exception_gives_the_friendly_message_not_a_500(server):
    response = post(server, {"json": {"sender": SENDER, "message": "boom"}})
    assert response.status_code == 200
    assert response.json() == {"messages": [UNAVAILABLE]}
    assert "Traceback" not in response.text and "RuntimeError" not in response.text


@pytest.mark.parametrize(
    "name, content_type", [("widget.js", "application/javascript"), ("widget.css", "text/css")]
)
def test_the_widget_files_are_served_with_their_types(server, name, content_type):
    response = requests.get(f"{server.url}/chat/static/{name}", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(content_type)
    assert "charset=utf-8" in response.headers["Content-Type"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Trợ lý Dịch vụ công" in response.text or name == "widget.css"


def test_the_widget_names_the_hotline_of_the_facts_file(server):
    # Its offline texts cannot ask the server: the hotline is filled in when served.
    js = requests.get(f"{server.url}/chat/static/widget.js", timeout=10).text
    assert "{fact_" not in js
    assert f"quốc gia {fact('portal_hotline')}." in js


@pytest.mark.parametrize(
    "name",
    [
        "index.html",
        "..%2Fweb.py",
        "..%2F..%2Fchannels%2Fweb.py",
        "%2Fetc%2Fpasswd",
        "widget.js.map",
        "WIDGET.JS",
    ],
)
def test_only_the_allowlisted_static_files_are_served(server, name):
    response = requests.get(f"{server.url}/chat/static/{name}", timeout=10)
    assert response.status_code == 404
    assert "import" not in response.text and "root:" not in response.text


def test_the_page_carries_the_strict_csp_and_loads_the_widget_with_one_script_tag(server):
    response = requests.get(f"{server.url}/chat/", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    csp = response.headers["Content-Security-Policy"]
    assert csp == PAGE_CSP
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    html = response.text
    assert '<html lang="vi">' in html
    assert html.count("<script") == 1
    assert '<script src="/chat/static/widget.js" defer></script>' in html
    # Nothing the CSP would block, and nothing from another host.
    assert "<style" not in html and " style=" not in html and "onclick" not in html.lower()
    assert "http://" not in html and "//cdn" not in html


def test_the_widget_loads_nothing_from_another_host():
    from bot.channels.web import STATIC_DIR

    js = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    css = (STATIC_DIR / "widget.css").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js
    assert "@import" not in css and "url(" not in css
    assert "cdn" not in (js + css).lower()


# ---- limits, client address, failures ----------------------------------------------------


def test_the_client_address_goes_to_rasa_as_metadata(server, fake_rasa):
    post(server, {"json": {"sender": SENDER, "message": "địa chỉ"}})
    assert fake_rasa.received[-1].metadata == {"client_ip": "127.0.0.1"}


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(server, fake_rasa):
    headers = {"X-Forwarded-For": "203.0.113.9"}
    post(server, {"json": {"sender": SENDER, "message": "địa chỉ"}, "headers": headers})
    assert fake_rasa.received[-1].metadata["client_ip"] == "127.0.0.1"


def test_a_forwarded_address_from_a_trusted_proxy_is_the_client():
    rasa = FakeRasa()
    channel = WebChatInput(limiter=SenderRateLimiter(), proxies=parse_proxies("127.0.0.1"))
    running = serve_channel(channel, rasa, f"web_proxy_{uuid.uuid4().hex[:8]}")
    try:
        headers = {"X-Forwarded-For": "198.51.100.7, 203.0.113.9"}
        post(running, {"json": {"sender": SENDER, "message": "xin chào"}, "headers": headers})
        assert rasa.received[-1].metadata == {"client_ip": "203.0.113.9"}
    finally:
        running.stop()


def test_too_many_messages_from_one_sender_get_429_with_a_polite_message():
    rasa = FakeRasa()
    channel = WebChatInput(limiter=SenderRateLimiter(max_messages=3, window_seconds=60), proxies=[])
    running = serve_channel(channel, rasa, f"web_rate_{uuid.uuid4().hex[:8]}")
    try:
        body = {"json": {"sender": SENDER, "message": "xin chào"}}
        assert [post(running, body).status_code for _ in range(3)] == [200, 200, 200]
        refused = post(running, body)
        assert refused.status_code == 429
        assert refused.json()["error"] == "rate_limited"
        assert refused.json()["message"].startswith("Bạn gửi tin nhanh quá")
        assert "{retry_after}" not in refused.json()["message"]
        assert len(rasa.received) == 3
        # Another sender is not held back.
        other = {"json": {"sender": str(uuid.uuid4()), "message": "xin chào"}}
        assert post(running, other).status_code == 200
    finally:
        running.stop()


def test_a_failed_action_adds_the_apology_after_what_was_said(server):
    messages = post(server, {"json": {"sender": SENDER, "message": "action fails"}}).json()[
        "messages"
    ]
    assert messages == [{"text": "Đang tra cứu", "buttons": []}, UNAVAILABLE]


def test_an_answer_that_takes_too_long_becomes_the_apology(server, monkeypatch):
    monkeypatch.setenv("CHAT_ANSWER_TIMEOUT_SECONDS", "0.5")
    response = post(server, {"json": {"sender": SENDER, "message": "slow"}})
    assert response.status_code == 200
    assert response.json() == {"messages": [UNAVAILABLE]}


def test_the_apology_gives_the_hotline_and_the_portal():
    assert "18001096" in UNAVAILABLE["text"] and "dichvucong.gov.vn" in UNAVAILABLE["text"]


@pytest.mark.parametrize("size", [100 * 1024, 1024 * 1024])
def test_a_body_over_the_http_limit_gets_a_polite_413(server, size):
    response = post(server, {"data": b'{"sender": "x", "message": "' + b"a" * size + b'"}'})
    assert response.status_code == 413
    assert response.json() == {"error": "too_large", "message": MESSAGES["too_large"]}
    # The server still answers normally.
    assert post(server, {"json": {"sender": SENDER, "message": "xin chào"}}).status_code == 200
