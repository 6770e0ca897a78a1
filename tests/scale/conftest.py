"""Two Rasa servers sharing PostgreSQL and Redis, with the action server and the dossier
service: the deployment's replicas, on this machine (``make test-scale``)."""

from __future__ import annotations

import pytest

from tests.support.replicas import running_replicas


@pytest.fixture(scope="session")
def replicas(tmp_path_factory):
    with running_replicas(tmp_path_factory.mktemp("scale")) as running:
        yield running
