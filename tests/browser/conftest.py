"""Browser tests of the web widget: headless Chromium (Debian's) against the real stack.

Every request a page makes goes through a route that lets 127.0.0.1 through and blocks
and records anything else; a test whose page asked another host fails.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.support.browser import ARTIFACTS, PHONE, Guard  # noqa: F401 (older imports)
from tests.support.fake_zalo import FakeZalo
from tests.support.stack import free_port, running_stack

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Rasa answers in ~0.1-2 s; a lookup goes through the action server and the service.
ANSWER_TIMEOUT = 30_000

expect.set_options(timeout=ANSWER_TIMEOUT)


def _chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(f"no Chromium at {path}: `apt-get install chromium` (or set CHROMIUM)")
    return path


@pytest.fixture(scope="session")
def embedding_origin():
    """The origin of a centre's website allowed to embed the widget (another port)."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def zalo():
    """The fake Zalo whose citizen page test_zalo_citizen_page.py drives."""
    fake = FakeZalo()
    yield fake
    fake.close()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, zalo, embedding_origin):
    workdir = tmp_path_factory.mktemp("stack")

    def extra_env(rasa_url):
        return {
            **zalo.connect(rasa_url, workdir / "zalo_tokens.json"),
            "WIDGET_ALLOWED_ORIGINS": embedding_origin,
        }

    with running_stack(workdir, "browser", extra_env=extra_env) as running:
        yield running


@pytest.fixture(scope="session")
def seed(stack):
    return stack.seed


@pytest.fixture(scope="session")
def base_url(stack):
    return stack.rasa_url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser, stack):
    """Makes pages in fresh contexts (own localStorage), guarded; checks them at the end."""
    made = []

    def make(viewport=PHONE, **options):
        context = browser.new_context(
            viewport=viewport, locale="vi-VN", service_workers="block", **options
        )
        guard = Guard()
        context.route("**/*", guard.route)
        page = context.new_page()
        page.on("pageerror", lambda error: guard.page_errors.append(str(error)))
        made.append((context, guard))
        return page

    stack.proxy.mode = "pass"
    yield make
    for context, _ in made:
        context.close()
    for _, guard in made:
        guard.check()


@pytest.fixture
def page(new_page):
    return new_page()
