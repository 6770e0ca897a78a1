"""The staff console app as its unit tests (tests/console) drive it: constants, a
tracker store written in the layout of Rasa's SQLTrackerStore, and the HTTP steps
(login, CSRF token, internal API) the tests share. The fixtures are in
tests/console/conftest.py."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from fastapi.testclient import TestClient

TOKEN = "test-internal-token"
PASSWORD = "mat-khau-dai-du-10"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

# The table Rasa's SQLTrackerStore creates (rasa/core/tracker_store.py, SQLEvent).
EVENTS_DDL = """
CREATE TABLE events (
    id INTEGER NOT NULL PRIMARY KEY,
    sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT,
    intent_name VARCHAR(255),
    action_name VARCHAR(255),
    data TEXT
)
"""


class TrackerDB:
    """Writes events the way Rasa does: one row per event, its JSON in ``data``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with sqlite3.connect(path) as db:
            db.execute(EVENTS_DDL)

    def add(self, sender: str, event: dict, at: datetime) -> None:
        event = {**event, "timestamp": at.timestamp()}
        intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
        action = event.get("name") if event["event"] == "action" else None
        with sqlite3.connect(self.path) as db:
            db.execute(
                "INSERT INTO events"
                " (sender_id, type_name, timestamp, intent_name, action_name, data)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (sender, event["event"], at.timestamp(), intent, action, json.dumps(event)),
            )

    def user(self, sender: str, text: str, intent: str, at: datetime, confidence=0.9) -> None:
        self.add(
            sender,
            {
                "event": "user",
                "text": text,
                "parse_data": {
                    "intent": {"name": intent, "confidence": confidence},
                    "entities": [],
                    "text": text,
                },
            },
            at,
        )

    def action(self, sender: str, name: str, at: datetime) -> None:
        self.add(sender, {"event": "action", "name": name}, at)

    def bot(self, sender: str, text: str, at: datetime) -> None:
        self.add(sender, {"event": "bot", "text": text, "data": {}}, at)

    def slot(self, sender: str, name: str, value, at: datetime) -> None:
        self.add(sender, {"event": "slot", "name": name, "value": value}, at)


def login(client: TestClient, username: str = "lan", password: str = PASSWORD):
    token = CSRF.search(client.get("/login").text).group(1)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def csrf_of(client: TestClient, path: str) -> str:
    return CSRF.search(client.get(path).text).group(1)


def internal(client: TestClient, path: str, body: dict, token: str = TOKEN):
    return client.post(path, json=body, headers={"Authorization": f"Bearer {token}"})


def new_request(client: TestClient, phone: str | None = "0912345678", **fields) -> dict:
    hold = None
    if phone:
        hold = internal(client, "/internal/phone-holds", {"phone": phone}).json()["hold"]
    body = {
        "conversation_id": fields.pop("conversation_id", "conv-1"),
        "contact": "callback" if phone else "visit",
        "phone_hold": hold,
        "topic": "Tra cứu hồ sơ",
        **fields,
    }
    response = internal(client, "/internal/requests", body)
    assert response.status_code == 201, response.text
    return response.json()


def now() -> datetime:
    return datetime.now(timezone.utc)
