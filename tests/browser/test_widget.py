"""The web widget in headless Chromium, against the real stack (Rasa, actions, service)."""

from __future__ import annotations

import json
import re
from importlib import resources

from playwright.sync_api import expect

from tests.browser.widget import Widget
from tests.support.browser import ARTIFACTS, PHONE
from tests.support.stack import code_of

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
GREETING = "Tôi là Trợ lý Dịch vụ công"


def test_welcome_greeting_quick_reply_and_a_dossier_lookup_end_to_end(page, base_url, seed):
    chat = Widget(page, base_url).goto().open()
    # First open: a local welcome with buttons, nothing sent to the server.
    expect(chat.bot_bubbles()).to_have_count(1)
    expect(chat.bot_bubbles().first).to_contain_text("Xin chào")
    for title in ("Tra cứu hồ sơ", "Cài đặt VNeID", "Xem menu"):
        expect(chat.button(title)).to_be_visible()
    expect(chat.user_bubbles()).to_have_count(0)

    chat.ask("xin chào", GREETING)
    expect(chat.user_bubbles().last).to_have_text(re.compile(r"xin chào$"))
    expect(chat.input).to_have_value("")

    # A quick reply shows its title as the user's bubble and sends its payload.
    chat.choose("Cài đặt VNeID", "Cài ứng dụng VNeID")
    expect(chat.user_bubbles().last).to_have_text(re.compile(r"Cài đặt VNeID$"))
    # The greeting's buttons are gone once answered; the new answer's are there.
    expect(chat.button("Nộp hồ sơ trực tuyến")).to_have_count(0)
    # The hotline in the answer is a tel: link.
    expect(chat.bot_bubbles().last.locator('a[href="tel:19000368"]')).to_have_text("1900 0368")

    dossier = seed["dossiers"][0]
    chat.ask("tra cứu hồ sơ", "mã hồ sơ")
    chat.ask(code_of(seed, 0), "4 số cuối")
    answer = chat.ask(dossier["applicant_phone"][-4:], "Đang xử lý")
    assert code_of(seed, 0) in answer
    assert "Lê Thị Hoa" not in answer and dossier["applicant_phone"] not in answer


def test_gap_can_bo_is_always_there_and_asks_for_a_person(page, base_url):
    chat = Widget(page, base_url).goto().open()
    expect(chat.human).to_be_visible()
    chat._answer(chat.human.click, "Bạn muốn được hỗ trợ theo cách nào?")
    expect(chat.user_bubbles().last).to_have_text(re.compile(r"Gặp cán bộ$"))
    expect(chat.button("Cán bộ gọi lại cho tôi")).to_be_visible()
    expect(chat.button("Tôi sẽ đến trung tâm")).to_be_visible()


def test_markup_typed_by_the_user_is_shown_as_text_and_runs_nothing(page, base_url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    chat = Widget(page, base_url).goto().open()
    attack = "<img src=x onerror=alert(1)>"
    chat.ask(attack, "")
    expect(chat.user_bubbles().last).to_have_text(re.compile(re.escape(attack) + "$"))
    expect(chat.log.locator("img")).to_have_count(0)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert dialogs == []


def test_markup_and_bad_links_in_a_bot_answer_stay_text(page, base_url):
    """Whatever the server says is text; only http(s) and tel links are made."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    evil = (
        "<b>đậm</b> <img src=x onerror=alert(1)> <a href='javascript:alert(2)'>bấm</a>\n"
        "javascript:alert(3) data:text/html,<script>alert(4)</script> "
        "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html, gọi 18001096."
    )

    def fake_answer(route):
        route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps(
                {
                    "messages": [
                        {"text": evil, "buttons": [{"title": "<i>Nút</i>", "payload": "/help"}]}
                    ]
                }
            ),
        )

    page.route("**/chat/webhook", fake_answer)
    chat = Widget(page, base_url).goto().open()
    chat.say("xin chào")
    last = chat.bot_bubbles().last
    expect(last).to_contain_text("<b>đậm</b> <img src=x onerror=alert(1)>")
    expect(last).to_contain_text("<script>alert(4)</script>")
    expect(chat.button("<i>Nút</i>")).to_be_visible()
    expect(chat.log.locator("img, b, i, script")).to_have_count(0)
    hrefs = last.locator("a").evaluate_all("links => links.map(a => [a.href, a.target, a.rel])")
    assert hrefs == [
        [
            "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html",
            "_blank",
            "noopener noreferrer",
        ],
        ["tel:18001096", "", ""],
    ]
    # The line break is kept.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.dvc-chat__bubble')).whiteSpace")
        == "pre-line"
    )
    assert dialogs == []


def test_a_reload_keeps_the_conversation_and_the_sender(page, base_url, seed):
    chat = Widget(page, base_url).goto().open()
    chat.ask("xin chào", GREETING)
    chat.ask("tra cứu hồ sơ", "mã hồ sơ")
    sender = chat.storage("dvcChat.sender")
    assert sender and UUID4.match(sender)
    bubbles_before = chat.bot_bubbles().all_inner_texts()

    page.reload()
    # The panel was open, so it opens again with the whole history and the same sender.
    expect(chat.panel).to_be_visible()
    expect(chat.bot_bubbles()).to_have_count(len(bubbles_before))
    assert chat.bot_bubbles().all_inner_texts() == bubbles_before
    expect(chat.user_bubbles()).to_have_text(
        [re.compile("xin chào$"), re.compile("tra cứu hồ sơ$")]
    )
    assert chat.storage("dvcChat.sender") == sender
    # The last answer's buttons come back too.
    expect(chat.button("Dừng tra cứu")).to_be_visible()
    # The server knows it is the same conversation: the form goes on.
    chat.ask(code_of(seed, 2), "4 số cuối")

    chat.close.click()
    page.reload()
    expect(chat.launcher).to_be_visible()
    expect(chat.panel).to_be_hidden()


def test_new_conversation_asks_first_then_forgets_everything(page, base_url):
    """A shared device: the next person must not see the last one's conversation."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    chat = Widget(page, base_url).goto().open()
    chat.ask("xin chào", GREETING)
    chat.ask("tra cứu hồ sơ", "mã hồ sơ")
    sender = chat.storage("dvcChat.sender")
    stored = chat.storage("dvcChat.history")
    bots = chat.bot_bubbles().all_inner_texts()
    inert = (
        "() => ['header', 'log', 'form'].map(p => document.querySelector('.dvc-chat__' + p).inert)"
    )

    def unchanged():
        expect(chat.confirm).to_be_hidden()
        expect(chat.panel).to_be_visible()
        expect(chat.restart).to_be_focused()
        assert chat.bot_bubbles().all_inner_texts() == bots
        expect(chat.user_bubbles()).to_have_count(2)
        assert chat.storage("dvcChat.sender") == sender
        assert chat.storage("dvcChat.history") == stored
        assert page.evaluate(inert) == [False, False, False]

    # Cancel with the mouse: the confirmation is in the widget, the rest of it inert.
    expect(chat.restart).to_have_attribute("aria-haspopup", "dialog")
    chat.restart.click()
    expect(chat.confirm).to_be_visible()
    expect(chat.confirm).to_contain_text("sẽ bị xóa")
    expect(chat.confirm_no).to_be_focused()  # the safe choice
    assert page.evaluate(inert) == [True, True, True]
    for control in (chat.confirm_yes, chat.confirm_no):
        box = control.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    chat.confirm_no.click()
    unchanged()

    # Cancel with Escape: only the confirmation closes, not the panel.
    page.keyboard.press("Enter")
    expect(chat.confirm).to_be_visible()
    expect(chat.confirm_no).to_be_focused()
    page.keyboard.press("Escape")
    unchanged()

    # Keyboard: Tab stays within the two buttons, the focus is visible; Enter confirms.
    page.keyboard.press("Enter")
    expect(chat.confirm_no).to_be_focused()
    page.keyboard.press("Tab")
    expect(chat.confirm_yes).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Tab")
    expect(chat.confirm_no).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(chat.confirm_yes).to_be_focused()
    page.keyboard.press("Enter")

    expect(chat.confirm).to_be_hidden()
    expect(chat.restart).to_be_focused()
    assert page.evaluate(inert) == [False, False, False]
    expect(chat.user_bubbles()).to_have_count(0)
    expect(chat.bot_bubbles()).to_have_count(1)
    expect(chat.bot_bubbles().first).to_contain_text("Xin chào! Tôi là trợ lý tự động")
    expect(chat.button("Tra cứu hồ sơ")).to_be_visible()
    new_sender = chat.storage("dvcChat.sender")
    assert new_sender != sender and UUID4.match(new_sender or "")
    history = json.loads(chat.storage("dvcChat.history"))
    assert [item["who"] for item in history] == ["bot"]
    raw = chat.storage("dvcChat.history")
    assert GREETING not in raw and "mã hồ sơ" not in raw and sender not in raw
    assert dialogs == []

    # A reload shows the new conversation only, and the server hears the new sender.
    page.reload()
    expect(chat.panel).to_be_visible()
    expect(chat.bot_bubbles()).to_have_count(1)
    expect(chat.user_bubbles()).to_have_count(0)
    with page.expect_request("**/chat/webhook") as request:
        chat.ask("xin chào", GREETING)
    assert request.value.post_data_json["sender"] == new_sender


def test_an_answer_to_the_old_conversation_is_dropped(page, base_url):
    """An answer still on its way when the conversation is cleared does not show up."""
    chat = Widget(page, base_url).goto().open()
    held = []
    page.route("**/chat/webhook", lambda route: held.append(route))
    chat.say("xin chào")
    expect(chat.typing).to_have_count(1)
    chat.restart.click()
    chat.confirm_yes.click()
    expect(chat.typing).to_have_count(0)
    expect(chat.user_bubbles()).to_have_count(0)
    for _ in range(100):  # the route handler runs while Playwright waits
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    held[0].fulfill(
        status=200,
        content_type="application/json",
        body=json.dumps({"messages": [{"text": "câu trả lời cũ"}]}),
    )
    page.wait_for_timeout(300)
    expect(chat.bot_bubbles()).to_have_count(1)
    assert "câu trả lời cũ" not in chat.storage("dvcChat.history")
    # And the widget is not stuck busy: the next question goes through.
    page.unroute("**/chat/webhook")
    chat.ask("xin chào", GREETING)


def test_the_header_fits_a_phone_in_both_text_sizes(page, base_url):
    chat = Widget(page, base_url).goto().open()
    for large in (False, True):
        if large:
            chat.large.click()
            expect(chat.large).to_have_attribute("aria-pressed", "true")
        for control in (chat.human, chat.large, chat.restart, chat.close):
            box = control.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (large, box)
            assert box["width"] >= 44 and box["height"] >= 44, (large, box)
        header = page.locator(".dvc-chat__header").bounding_box()
        # Two rows of tools at most: the conversation keeps most of the screen.
        assert header["height"] <= 240, (large, header)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_server_down_shows_an_error_with_retry_and_recovers(page, base_url):
    chat = Widget(page, base_url).goto().open()
    page.route("**/chat/webhook", lambda route: route.abort("connectionrefused"))
    chat.say("xin chào")
    expect(chat.error).to_be_visible()
    expect(chat.error).to_contain_text("Không kết nối được")
    retry = chat.error.get_by_role("button", name="Thử lại")
    expect(retry).to_be_visible()
    expect(chat.user_bubbles()).to_have_count(1)
    # Retrying while still down keeps the error.
    retry.click()
    expect(chat.error.get_by_role("button", name="Thử lại")).to_be_visible()

    page.unroute("**/chat/webhook")
    chat.error.get_by_role("button", name="Thử lại").click()
    chat.expect_answer(GREETING)
    expect(chat.error).to_have_count(0)
    expect(chat.user_bubbles()).to_have_count(1)  # resent, not typed again


def test_a_5xx_answer_shows_the_error_and_retry_recovers(page, base_url):
    chat = Widget(page, base_url).goto().open()
    page.route(
        "**/chat/webhook",
        lambda route: route.fulfill(status=503, content_type="text/html", body="<h1>503</h1>"),
    )
    chat.say("xin chào")
    expect(chat.error).to_contain_text("đang gặp sự cố")
    expect(chat.log.locator("h1")).to_have_count(0)
    page.unroute("**/chat/webhook")
    chat.error.get_by_role("button", name="Thử lại").click()
    chat.expect_answer(GREETING)


def test_a_400_shows_the_servers_vietnamese_message(page, base_url):
    chat = Widget(page, base_url).goto().open()
    # A message of only invisible characters passes the widget but not the server.
    chat.say("\u200b\u200b")
    expect(chat.bot_bubbles().last).to_contain_text("Bạn chưa nhập nội dung")
    expect(chat.error).to_have_count(0)
    # An empty input is not sent at all.
    chat.say("   ")
    expect(chat.user_bubbles()).to_have_count(1)
    assert chat.input.get_attribute("maxlength") == "1000"


def test_larger_text_toggle_persists(page, base_url):
    chat = Widget(page, base_url).goto().open()
    toggle = chat.large
    expect(toggle).to_have_attribute("aria-pressed", "false")
    size = lambda: page.evaluate(  # noqa: E731
        "parseFloat(getComputedStyle(document.querySelector('.dvc-chat__bubble')).fontSize)"
    )
    normal = size()
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert size() > normal
    page.reload()
    expect(chat.large).to_have_attribute("aria-pressed", "true")
    assert size() > normal


def test_keyboard_only(page, base_url):
    chat = Widget(page, base_url).goto()
    for _ in range(20):
        page.keyboard.press("Tab")
        if (
            page.evaluate("document.activeElement.getAttribute('aria-label')")
            == "Mở trợ lý Dịch vụ công"
        ):
            break
    expect(chat.launcher).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused launcher shows no focus outline"

    page.keyboard.press("Enter")
    expect(chat.panel).to_be_visible()
    expect(chat.input).to_be_focused()
    chat._answer(lambda: (page.keyboard.type("xin chào"), page.keyboard.press("Enter")), GREETING)
    expect(chat.input).to_be_focused()

    # Back from the input lands on the last quick reply; Space presses it.
    page.keyboard.press("Shift+Tab")
    expect(chat.button("Xem tất cả")).to_be_focused()
    page.keyboard.press("Space")
    expect(chat.user_bubbles().last).to_have_text(re.compile("Xem tất cả$"))
    chat.wait_idle()
    expect(chat.input).to_be_focused()

    # The header's controls are reachable and work with Enter.
    for _ in range(30):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.classList.contains('dvc-chat__tool--large')"):
            break
    expect(chat.large).to_be_focused()
    page.keyboard.press("Enter")
    expect(chat.large).to_have_attribute("aria-pressed", "true")

    page.keyboard.press("Escape")
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_be_focused()


def _axe_violations(page):
    page.add_script_tag(
        content=(resources.files("axe_playwright_python") / "axe.min.js").read_text(
            encoding="utf-8"
        )
    )
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)
            }));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def test_axe_finds_no_serious_or_critical_problems(new_page, base_url):
    # The page's CSP forbids inline scripts; axe is injected for this test only.
    page = new_page(bypass_csp=True)
    chat = Widget(page, base_url).goto()
    assert _axe_violations(page) == [], "closed widget"
    chat.open()
    chat.ask("xin chào", GREETING)
    assert _axe_violations(page) == [], "open widget with an answer"
    page.route("**/chat/webhook", lambda route: route.abort("connectionrefused"))
    chat.say("tra cứu hồ sơ")
    expect(chat.error).to_be_visible()
    chat.large.click()
    assert _axe_violations(page) == [], "error state, larger text"
    chat.restart.click()
    expect(chat.confirm).to_be_visible()
    assert _axe_violations(page) == [], "new conversation confirmation"


def test_layout_full_screen_on_a_phone_floating_when_wide(new_page, base_url):
    wide = new_page(viewport={"width": 1280, "height": 800})
    chat = Widget(wide, base_url).goto().open()
    box = chat.panel.bounding_box()
    assert box["width"] <= 500 and box["x"] > 600, box

    page = new_page(viewport=PHONE)
    chat = Widget(page, base_url).goto().open()
    chat.ask("xin chào", GREETING)
    box = chat.panel.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 390, 844), box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Every control is big enough to tap.
    small = page.locator(".dvc-chat button:visible").evaluate_all(
        "bs => bs.filter(b => { const r = b.getBoundingClientRect();"
        " return r.width < 44 || r.height < 44; }).map(b => b.textContent)"
    )
    assert small == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-phone.png"))


def test_without_crypto_random_uuid_the_fallback_makes_a_valid_v4_sender(page, base_url):
    page.add_init_script(
        "Object.defineProperty(Crypto.prototype, 'randomUUID', {value: undefined})"
    )
    chat = Widget(page, base_url).goto().open()
    assert page.evaluate("typeof crypto.randomUUID") == "undefined"
    chat.ask("xin chào", GREETING)  # the server accepted the sender id
    assert UUID4.match(chat.storage("dvcChat.sender") or "")


def test_the_stored_history_is_capped(page, base_url):
    chat = Widget(page, base_url).goto()
    page.evaluate(
        """() => localStorage.setItem('dvcChat.history', JSON.stringify(
            Array.from({length: 250},
                (_, i) => ({who: i % 2 ? 'bot' : 'user', text: 'tin ' + i, buttons: []}))
        ))"""
    )
    page.reload()
    chat.open()
    expect(chat.log.locator(".dvc-chat__msg")).to_have_count(200)
    chat.ask("xin chào", GREETING)
    stored = json.loads(chat.storage("dvcChat.history"))
    assert len(stored) == 200
    assert stored[-2] == {"who": "user", "text": "xin chào", "buttons": []}
    assert stored[-1]["who"] == "bot" and GREETING in stored[-1]["text"]


def test_the_guard_blocks_and_records_other_hosts(browser, base_url):
    """The check every test relies on: a request to another host is blocked and seen."""
    from tests.support.browser import Guard

    context = browser.new_context(bypass_csp=True)  # else the page's CSP stops it first
    guard = Guard()
    context.route("**/*", guard.route)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/chat/")
        failed = page.evaluate(
            "() => fetch('http://localhost:9/x').then(() => 'reached', () => 'blocked')"
        )
    finally:
        context.close()
    assert failed == "blocked"
    assert guard.foreign == ["http://localhost:9/x"]
