"""The staff console in headless Chromium, against the real stack: a citizen's request
made in the widget is taken and closed by a staff member; the dashboard counts it; the
not-understood message is labelled and exported as NLU data Rasa loads."""

from __future__ import annotations

import re
from importlib import resources

from playwright.sync_api import expect
from rasa.shared.nlu.training_data.loading import load_data

from tests.browser.widget import Widget
from tests.support.browser import ARTIFACTS, PHONE
from tests.support.console import console_requests, create_staff

GIBBERISH = "xkcd qwzx blorf"
DESKTOP = {"width": 1280, "height": 900}


def serious_axe_violations(page):
    page.add_script_tag(
        content=(resources.files("axe_playwright_python") / "axe.min.js").read_text(
            encoding="utf-8"
        )
    )
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)
            }));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def citizen_asks_for_a_person(page, base_url) -> str:
    """In the widget: a question the assistant does not understand, then its hand-off."""
    chat = Widget(page, base_url).goto().open()
    chat.ask(GIBBERISH, "Xin lỗi")
    chat.choose("Gặp cán bộ", "Bạn muốn được hỗ trợ theo cách nào?")
    chat.choose("Tôi sẽ đến trung tâm", "Gửi yêu cầu này cho cán bộ?")
    answer = chat.choose("Gửi yêu cầu", "Đã gửi yêu cầu số")
    return re.search(r"YC-\d{6}", answer).group(0)


def test_staff_take_the_request_see_it_counted_and_export_what_was_not_understood(
    new_page, base_url, stack, tmp_path
):
    number = citizen_asks_for_a_person(new_page(), base_url)
    create_staff(stack.console_db, "lan", "mat-khau-cua-lan", "Nguyễn Thị Lan")
    console = stack.console_url
    page = new_page(viewport=DESKTOP, bypass_csp=True)  # axe is injected by the test

    page.goto(f"{console}/requests")
    expect(page).to_have_url(f"{console}/login")
    assert serious_axe_violations(page) == [], "login page"
    page.get_by_label("Tên đăng nhập").fill("lan")
    page.get_by_label("Mật khẩu").fill("mat-khau-cua-lan")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Yêu cầu gặp cán bộ")).to_be_visible()
    assert serious_axe_violations(page) == [], "requests queue"

    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=f"Yêu cầu {number}")).to_be_visible()
    expect(page.locator(".details")).to_contain_text(GIBBERISH)
    expect(page.locator(".chat")).to_contain_text(GIBBERISH)  # the conversation beside it
    assert serious_axe_violations(page) == [], "one request"
    page.get_by_role("button", name="Đánh dấu đã xong").click()
    expect(page.locator(".details .status")).to_have_text("Đã xong")
    [request] = [r for r in console_requests(stack.console_db) if f"YC-{r['id']:06d}" == number]
    assert request["status"] == "done" and request["done_at"]

    page.get_by_role("link", name="Thống kê", exact=True).click()
    done_total = sum(r["status"] == "done" for r in console_requests(stack.console_db))
    handoffs = page.locator('table[data-table="handoffs"]')
    expect(handoffs.get_by_role("row", name=re.compile("Đã xong"))).to_contain_text(str(done_total))
    expect(page.locator("#handoffs svg.chart")).to_be_visible()
    today = page.locator('table[data-table="conversations"] tbody tr').last
    counted = int(today.locator("td").inner_text())
    assert counted >= 1  # this test's conversation at least
    expect(page.locator("#conversations svg.chart title").last).to_contain_text(f": {counted}")
    assert serious_axe_violations(page) == [], "dashboard"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-dashboard.png"), full_page=True)

    page.get_by_role("link", name="Câu chưa hiểu", exact=True).click()
    group = page.locator("li.group").filter(has_text=GIBBERISH).first
    group.get_by_label("Ý định đúng").select_option("out_of_scope")
    group.get_by_role("button", name=re.compile("Lưu nhãn")).click()
    group = page.locator("li.group").filter(has_text=GIBBERISH).first
    expect(group.get_by_label("Ý định đúng")).to_have_value("out_of_scope")
    assert serious_axe_violations(page) == [], "not understood"
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Tải YAML cho Rasa")).click()
    exported = tmp_path / "nlu.yml"
    download.value.save_as(exported)
    examples = {m.get("text"): m.get("intent") for m in load_data(str(exported)).training_examples}
    assert examples[GIBBERISH] == "out_of_scope"


def test_console_on_a_phone(new_page, stack):
    create_staff(stack.console_db, "minh", "mat-khau-cua-minh", "Trần Văn Minh")
    page = new_page(viewport=PHONE, bypass_csp=True)
    page.goto(f"{stack.console_url}/login")
    page.get_by_label("Tên đăng nhập").fill("minh")
    page.get_by_label("Mật khẩu").fill("mat-khau-cua-minh")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Yêu cầu gặp cán bộ")).to_be_visible()
    # Nothing wider than the screen but the scrolling table region.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    assert serious_axe_violations(page) == [], "requests queue on a phone"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-requests-phone.png"), full_page=True)
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(f"{stack.console_url}/login")
