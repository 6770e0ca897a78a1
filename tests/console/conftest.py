"""Console tests: the real app (FastAPI TestClient) over SQLite files in a temp dir,
with a tracker store written in the layout of Rasa's SQLTrackerStore.

Fixtures only: what the tests share besides them is in tests/support/console_app.py."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from console.app import create_app
from console.db import init_db, make_engine
from console.models import Staff
from console.security import hash_password
from console.settings import Settings
from tests.support.console_app import PASSWORD, TOKEN, TrackerDB, login


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        CONSOLE_DB=tmp_path / "console.db",
        TRACKER_DB=tmp_path / "tracker.db",
        GUIDE_OUTCOMES_FILE=tmp_path / "guide_outcomes.jsonl",
        CONSOLE_API_TOKEN=TOKEN,
        CONSOLE_INTERNAL_HOSTS="testclient",
        CONSOLE_LOGIN_MAX_FAILURES=3,
    )


@pytest.fixture
def tracker(settings) -> TrackerDB:
    return TrackerDB(settings.tracker_db_file)


@pytest.fixture
def app(settings):
    return create_app(settings)


@pytest.fixture
def staff(settings):
    sessions = init_db(make_engine(settings))
    with sessions() as db:
        db.add(
            Staff(
                username="lan", display_name="Nguyễn Thị Lan", password_hash=hash_password(PASSWORD)
            )
        )
        db.commit()
    return "lan"


@pytest.fixture
def anonymous(app) -> TestClient:
    return TestClient(app)


@pytest.fixture
def client(app, staff) -> TestClient:
    client = TestClient(app)
    assert login(client).status_code == 303
    return client
