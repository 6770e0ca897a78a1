"""The fake Zalo's citizen page: a dossier lookup over the Zalo channel, in Chromium."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, PHONE
from tests.support.stack import code_of


def test_a_lookup_on_the_citizen_page(new_page, zalo, seed):
    page = new_page(viewport=PHONE)
    page.goto(f"{zalo.url}/citizen/")
    box = page.get_by_role("textbox", name="Tin nhắn")
    send = page.get_by_role("button", name="Gửi", exact=True)
    oa = page.locator(".msg.oa")

    box.fill("xin chào")
    send.click()
    expect(oa.first).to_contain_text("Trợ lý Dịch vụ công")
    oa.first.get_by_role("button", name="Tra cứu hồ sơ").click()  # Zalo sends the payload
    expect(oa.nth(1)).to_contain_text("mã hồ sơ")

    box.fill(code_of(seed, 0))
    send.click()
    expect(oa.nth(2)).to_contain_text("4 số cuối")
    box.fill("5678")
    send.click()
    expect(oa.nth(3)).to_contain_text("Đang xử lý")
    expect(oa.nth(3)).to_contain_text(code_of(seed, 0))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "zalo-citizen-lookup.png"), full_page=True)
    # Everything the page showed came through the fake Zalo's send API, signed and checked.
    [user] = zalo.citizen_ids.values()
    assert len(zalo.replies(user)) >= 4
