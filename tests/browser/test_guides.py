"""A volunteer walks a guide through the widget, then opens its printable page."""

from __future__ import annotations

from playwright.sync_api import expect

from dvc_common.guides import all_guides
from tests.browser.widget import Widget
from tests.support.browser import ARTIFACTS


def test_walk_a_guide_in_the_widget_and_print_it(page, base_url):
    guide = all_guides()["portal_login"]
    n = len(guide.steps)
    widget = Widget(page, base_url).goto().open()
    widget.ask("tôi là tình nguyện viên", "hướng dẫn từng bước")
    widget.choose(guide.title, f"Bước 1/{n}")
    widget.choose("Tiếp ▶", f"Bước 2/{n}")
    widget.choose("Tiếp ▶", f"Bước 3/{n}")
    widget.choose("◀ Quay lại", f"Bước 2/{n}")
    widget.choose("Lặp lại", f"Bước 2/{n}")
    widget.ask("tiếp", f"Bước 3/{n}")
    widget.choose("Dừng", "Đã dừng hướng dẫn")

    page.goto(f"{base_url}{guide.page_path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(guide.title)
    steps = page.locator("li.step")
    expect(steps).to_have_count(n)
    expect(steps.first).to_contain_text(f"Bước 1/{n}")
    expect(page.get_by_role("checkbox")).to_have_count(n + len(guide.prepare))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "guide-page.png"), full_page=True)
    page.emulate_media(media="print")
    pdf_ready = page.evaluate("() => getComputedStyle(document.querySelector('.noprint')).display")
    assert pdf_ready == "none"


def test_unknown_guide_page_is_a_friendly_404(page, base_url):
    response = page.goto(f"{base_url}/huong-dan/khong-co")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy hướng dẫn")
