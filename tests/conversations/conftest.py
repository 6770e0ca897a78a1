"""Fixtures for conversation tests over Rasa's REST channel, on the real stack."""

from __future__ import annotations

import pytest

from tests.support.fake_zalo import FakeZalo
from tests.support.stack import Chat, running_stack


@pytest.fixture(scope="session")
def zalo():
    """A fake Zalo the stack's Zalo channel talks to (tests/conversations/test_zalo.py)."""
    fake = FakeZalo()
    yield fake
    fake.close()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, zalo):
    workdir = tmp_path_factory.mktemp("stack")
    tokens = workdir / "zalo_tokens.json"
    with running_stack(
        workdir, "conversations", extra_env=lambda rasa_url: zalo.connect(rasa_url, tokens)
    ) as running:
        running.zalo_token_store = tokens
        # As under `make run`: a process that dies (the fault tests kill some) is
        # started again. Stopped before the stack, so it restarts nothing then.
        supervisor = running.supervisor(progress=lambda line: None)
        supervisor.start_background()
        running.supervisor_thread = supervisor
        try:
            yield running
        finally:
            supervisor.stop_background()


@pytest.fixture(scope="session")
def seed(stack):
    return stack.seed


@pytest.fixture
def chat(stack):
    stack.proxy.mode = "pass"
    yield Chat(stack.rasa_url)
    stack.proxy.mode = "pass"
