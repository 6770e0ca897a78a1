"""The lookup action against the real dossier service (its own process and environment):
a new sender id or ``/restart`` (a conversation whose failure count starts again at 0)
does not give a guesser more tries, because the service counts failures per citizen
address, which the action passes on from the message metadata."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.lookup import ActionLookupDossier
from tests.actions.rendering import rendered

ROOT = Path(__file__).resolve().parents[2]
SERVICE_PYTHON = ROOT / ".venv-service" / "bin" / "python"
CODE = "000.00.12.H56-261015-0042"  # demo seed; right digits 5678


@pytest.fixture
def dossier_service(tmp_path, monkeypatch):
    if not SERVICE_PYTHON.exists():
        pytest.fail("the dossier service environment is missing: run `make setup`")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DOSSIER_SERVICE_PORT": str(port),
        "DOSSIER_DB": str(tmp_path / "dossier_service.db"),
        "DOSSIER_CLIENT_MAX_FAILURES": "3",
        "DOSSIER_SERVICE_LOG_LEVEL": "warning",
    }
    env.pop("DOSSIER_SEED_FILE", None)
    log = (tmp_path / "service.log").open("wb")
    process = subprocess.Popen(
        [str(SERVICE_PYTHON), "-m", "dossier_service"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (tmp_path / "service.log").read_text()
            try:
                urllib.request.urlopen(f"{url}/health", timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "dossier service did not start"
                time.sleep(0.1)
        monkeypatch.setenv("DOSSIER_SERVICE_URL", url)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


async def lookup(tracker_factory, sender: str, client_ip: str, last4: str):
    tracker = tracker_factory(
        slots={"dossier_code": CODE, "phone_last4": last4, "lookup_failures": 0.0}
    )
    tracker.sender_id = sender
    tracker.latest_message["metadata"] = {"client_ip": client_ip}
    dispatcher = CollectingDispatcher()
    await ActionLookupDossier().run(dispatcher, tracker, {})
    return rendered(dispatcher.messages)[0]


async def test_new_conversations_from_one_address_share_its_limit(dossier_service, tracker_factory):
    guesser = "198.51.100.7"
    for i in range(3):  # three fresh conversations, one wrong guess each
        message = await lookup(tracker_factory, f"guess-{i}", guesser, f"{i:04d}")
        assert message["response"] == "utter_lookup_wrong_pair"
    message = await lookup(tracker_factory, "guess-after-restart", guesser, "0003")
    assert message["response"] == "utter_lookup_client_locked"
    assert 1 <= message["minutes"] <= 60
    # The owner, from another address, is not affected and gets the dossier.
    message = await lookup(tracker_factory, "owner", "203.0.113.5", "5678")
    assert "Yêu cầu bổ sung giấy tờ" in message["text"]
