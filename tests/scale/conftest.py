"""Two Rasa servers sharing PostgreSQL and Redis, with the action server and the dossier
service: the deployment's replicas, on this machine (``make test-scale``)."""

from __future__ import annotations

import pytest

from tests.support.databases import RedisServer
from tests.support.replicas import running_replicas


@pytest.fixture(scope="session")
def replicas(tmp_path_factory):
    with running_replicas(tmp_path_factory.mktemp("scale")) as running:
        yield running


@pytest.fixture(scope="module")
def redis_url():
    """A Redis of its own (Debian's, unprivileged on loopback) for one test module."""
    server = RedisServer()
    try:
        yield server.start().url()
    finally:
        server.stop()
