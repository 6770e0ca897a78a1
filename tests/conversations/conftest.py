"""Fixtures for conversation tests over Rasa's REST channel, on the real stack."""

from __future__ import annotations

import pytest

from tests.support.stack import Chat, running_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    with running_stack(tmp_path_factory.mktemp("stack"), "conversations") as running:
        yield running


@pytest.fixture(scope="session")
def seed(stack):
    return stack.seed


@pytest.fixture
def chat(stack):
    stack.proxy.mode = "pass"
    yield Chat(stack.rasa_url)
    stack.proxy.mode = "pass"
