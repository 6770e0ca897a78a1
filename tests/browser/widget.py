"""What a citizen does with the widget, in Playwright terms."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

LAUNCHER = "Mở trợ lý Dịch vụ công"
INPUT = "Nhập câu hỏi của bạn"


class Widget:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.launcher = page.get_by_role("button", name=LAUNCHER)
        self.panel = page.get_by_role("dialog", name="Trợ lý Dịch vụ công")
        self.log = page.get_by_role("log")
        header = page.locator(".dvc-chat__header")
        self.human = header.get_by_role("button", name="Gặp cán bộ", exact=True)
        self.large = header.get_by_role("button", name="Chữ to", exact=True)
        self.close = header.get_by_role("button", name="Đóng trợ lý", exact=True)
        self.restart = header.get_by_role("button", name="Cuộc trò chuyện mới", exact=True)
        self.confirm = page.get_by_role("alertdialog", name="Bắt đầu cuộc trò chuyện mới?")
        self.confirm_yes = self.confirm.get_by_role("button", name="Bắt đầu lại", exact=True)
        self.confirm_no = self.confirm.get_by_role("button", name="Hủy", exact=True)
        self.input = page.get_by_role("textbox", name=INPUT)
        self.typing = page.locator(".dvc-chat__typing")
        self.error = page.locator(".dvc-chat__error")

    def goto(self) -> Widget:
        self.page.goto(f"{self.base_url}/chat/")
        expect(self.launcher.or_(self.panel)).to_be_visible()
        return self

    def open(self) -> Widget:
        self.launcher.click()
        expect(self.panel).to_be_visible()
        return self

    def say(self, text: str) -> Widget:
        self.input.fill(text)
        self.input.press("Enter")
        return self

    def button(self, title: str) -> Locator:
        return self.log.get_by_role("button", name=title, exact=True)

    def user_bubbles(self) -> Locator:
        return self.page.locator(".dvc-chat__msg--user .dvc-chat__bubble")

    def bot_bubbles(self) -> Locator:
        return self.page.locator(".dvc-chat__msg--bot:not(.dvc-chat__typing) .dvc-chat__bubble")

    def wait_idle(self) -> None:
        expect(self.typing).to_have_count(0)

    def expect_answer(self, text: str | re.Pattern) -> None:
        """Waits until the last bot message contains ``text``."""
        expect(self.bot_bubbles().last).to_contain_text(text)
        self.wait_idle()

    def _answer(self, act, expected: str) -> str:
        bots = self.bot_bubbles().count()
        users = self.user_bubbles().count()
        act()
        expect(self.user_bubbles()).to_have_count(users + 1)
        self.wait_idle()
        expect(self.bot_bubbles().nth(bots)).to_be_attached()
        answer = "\n".join(self.bot_bubbles().all_inner_texts()[bots:])
        assert expected in answer, f"expected {expected!r} in the answer {answer!r}"
        return answer

    def ask(self, text: str, expected: str) -> str:
        """Types ``text``, waits for the whole answer, checks it contains ``expected``."""
        return self._answer(lambda: self.say(text), expected)

    def choose(self, title: str, expected: str) -> str:
        """Presses the quick reply ``title``; as :meth:`ask`."""
        return self._answer(lambda: self.button(title).click(), expected)

    def storage(self, key: str) -> str | None:
        return self.page.evaluate("key => window.localStorage.getItem(key)", key)
