"""Fixtures for action tests: trackers built from events, and a fake dossier service.

The fake service is a real HTTP server on 127.0.0.1 whose behaviour each test sets:
a JSON answer with a status, garbage, a slow answer, or a closed port.
"""

from __future__ import annotations

import json
import time
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker

from tests.support.dossiers import SAMPLE_DOSSIER
from tests.support.http import QuietHandler, send, serve, stop


class FakeService:
    def __init__(self) -> None:
        self.status = 200
        self.body: Any = SAMPLE_DOSSIER
        self.raw: bytes | None = None
        self.delay = 0.0
        self.headers: Dict[str, str] = {}
        self.requests: List[Dict[str, Any]] = []
        self.request_headers: List[Dict[str, str]] = []
        self.client_ports: List[int] = []  # one port per connection: shows reuse
        service = self

        class Handler(QuietHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a real server

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                service.requests.append(
                    {"path": self.path, "json": json.loads(self.rfile.read(length) or b"{}")}
                )
                service.request_headers.append(dict(self.headers))
                service.client_ports.append(self.client_address[1])
                if service.delay:
                    time.sleep(service.delay)
                payload = (
                    service.raw if service.raw is not None else json.dumps(service.body).encode()
                )
                send(self, service.status, payload, headers=service.headers)

        self.server, self.url = serve(Handler)

    def close(self) -> None:
        stop(self.server)


@pytest.fixture
def fake_service(monkeypatch):
    service = FakeService()
    monkeypatch.setenv("DOSSIER_SERVICE_URL", service.url)
    yield service
    service.close()


@pytest.fixture
def closed_port_url(monkeypatch):
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()
    monkeypatch.setenv("DOSSIER_SERVICE_URL", url)
    return url


def make_tracker(
    slots: Dict[str, Any] | None = None,
    text: str = "",
    intent: str = "inform",
    entities: List[Dict[str, Any]] | None = None,
    active_loop: str | None = None,
    ranking: List[Dict[str, Any]] | None = None,
    parse: Dict[str, Any] | None = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
        **(parse or {}),
    }
    return Tracker(
        sender_id="test",
        slots=dict(slots or {}),
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name=None,
    )


@pytest.fixture
def tracker_factory():
    return make_tracker
