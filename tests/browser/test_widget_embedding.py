"""The widget on a centre's own website: a page of another origin (another loopback port)
embeds it with one script tag and talks to the assistant across origins; a page whose
origin is not on WIDGET_ALLOWED_ORIGINS is refused."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.widget import Widget
from tests.support.http import QuietHandler, send, stop
from tests.support.stack import free_port

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Trung tâm Phục vụ hành chính công xã</title>
<link rel="icon" href="data:,"></head>
<body><h1>Website của Trung tâm</h1>
<script src="{assistant}/chat/static/widget.js" defer></script>
</body></html>
"""


def centre_site(port: int, assistant: str) -> ThreadingHTTPServer:
    """A centre's website on ``port``: one page that embeds the widget."""
    html = PAGE.format(assistant=assistant).encode("utf-8")

    class Handler(QuietHandler):
        def do_GET(self):  # noqa: N802
            send(self, 200, html, "text/html; charset=utf-8")

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def watched_page(new_page):
    """A page whose console errors and failed requests are recorded."""
    page = new_page()
    page.console_errors = []
    page.failed = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("requestfailed", lambda r: page.failed.append((r.url, r.failure)))
    return page


def test_a_page_of_an_allowed_origin_holds_a_conversation(watched_page, stack, embedding_origin):
    port = urlsplit(embedding_origin).port
    site = centre_site(port, stack.rasa_url)
    try:
        page = watched_page
        page.goto(f"{embedding_origin}/")
        assert urlsplit(page.url).port != urlsplit(stack.rasa_url).port
        widget = Widget(page, stack.rasa_url)
        expect(widget.launcher).to_be_visible()
        widget.open()
        widget.ask("xin chào", "")
        widget.choose("Tra cứu hồ sơ", "mã hồ sơ")
        widget.ask(stack.seed["dossiers"][0]["code"], "4 số cuối")
        widget.ask("5678", "Đang xử lý")
        expect(widget.error).to_have_count(0)
    finally:
        stop(site)
    assert not page.failed, page.failed
    assert not [e for e in page.console_errors if "CORS" in e or "Access-Control" in e]


def test_a_page_of_another_origin_is_refused(watched_page, stack):
    origin = f"http://127.0.0.1:{free_port()}"
    site = centre_site(urlsplit(origin).port, stack.rasa_url)
    try:
        page = watched_page
        page.goto(f"{origin}/")
        widget = Widget(page, stack.rasa_url)
        widget.open()
        widget.say("xin chào")
        # The browser blocks the answer: the widget says it cannot reach the assistant
        # and offers to retry, with the hotline.
        expect(widget.error).to_be_visible()
        expect(widget.error).to_contain_text("18001096")
    finally:
        stop(site)
    assert any("CORS" in e or "Access-Control" in e for e in page.console_errors), (
        page.console_errors
    )
    assert any(url.endswith("/chat/webhook") for url, _ in page.failed), page.failed
