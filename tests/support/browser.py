"""Shared pieces of the browser tests: the phone viewport, where screenshots go, and
the guard that keeps pages on 127.0.0.1 and records JavaScript errors."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


class Guard:
    """Blocks and records requests to other hosts, and JavaScript errors in the page."""

    def __init__(self) -> None:
        self.foreign: list[str] = []
        self.page_errors: list[str] = []

    def route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort("blockedbyclient")

    def check(self) -> None:
        assert not self.foreign, f"the page asked other hosts: {self.foreign}"
        assert not self.page_errors, f"JavaScript errors in the page: {self.page_errors}"
