"""bot/server_tuning.py: same validation of action responses, SQLite in WAL mode."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import bot.server_tuning  # noqa: F401


def test_valid_action_response_passes():
    action = RemoteAction("action_lookup_dossier", None)
    response = {
        "events": [{"event": "slot", "name": "x", "value": 1}],
        "responses": [{"text": "a"}],
    }
    assert action._validate_action_result(response) is True


def test_invalid_action_response_raises_with_rasas_hint():
    action = RemoteAction("action_lookup_dossier", None)
    with pytest.raises(ValidationError) as error:
        action._validate_action_result({"events": [{"event": "no_such_event"}]})
    assert "Failed to validate Action server response" in error.value.message
    with pytest.raises(ValidationError):
        action._validate_action_result({"responses": "not a list"})


def test_sqlite_connections_use_write_ahead_logging(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
