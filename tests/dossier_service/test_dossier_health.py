"""GET /health, settings from the environment, the SQLite file mode."""

from __future__ import annotations

import sqlite3

import pytest
from pydantic import ValidationError

from dossier_service.settings import DEFAULT_DB, DEFAULT_SEED_FILE, Settings


def test_health(client, demo_dossiers):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "dossiers": len(demo_dossiers)}


def test_health_counts_the_given_seed(make_client, write_seed, record):
    second = dict(record, code="000.00.13.H56-261016-0001")
    client = make_client(write_seed([record, second]))
    assert client.get("/health").json() == {"status": "ok", "dossiers": 2}


def test_settings_defaults(monkeypatch):
    for name in (
        "DOSSIER_SERVICE_HOST",
        "DOSSIER_SERVICE_PORT",
        "DOSSIER_SEED_FILE",
        "DOSSIER_DB",
        "DOSSIER_LOOKUP_MAX_FAILURES",
        "DOSSIER_LOOKUP_WINDOW_SECONDS",
        "DOSSIER_LOOKUP_LOCK_SECONDS",
        "DOSSIER_LOOKUP_MAX_LOCK_SECONDS",
        "DOSSIER_CLIENT_MAX_FAILURES",
        "DOSSIER_CLIENT_WINDOW_SECONDS",
        "TRUSTED_PROXIES",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)
    assert settings.host == "127.0.0.1"
    assert settings.port == 8001
    assert settings.seed_file == DEFAULT_SEED_FILE
    assert settings.db == str(DEFAULT_DB)  # a file: the limits survive a restart
    assert settings.lookup_max_failures == 5
    assert settings.lookup_window_seconds == 86400
    assert (settings.lookup_lock_seconds, settings.lookup_max_lock_seconds) == (60, 900)
    assert (settings.client_max_failures, settings.client_window_seconds) == (20, 3600)
    assert settings.trusted_proxies == "127.0.0.1,::1"


def test_bad_trusted_proxies_are_refused(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1, action-server")
    with pytest.raises(ValidationError, match="'action-server' is not an IP address"):
        Settings(_env_file=None)


def test_settings_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DOSSIER_SERVICE_HOST", "0.0.0.0")
    monkeypatch.setenv("DOSSIER_SERVICE_PORT", "9001")
    monkeypatch.setenv("DOSSIER_SEED_FILE", str(tmp_path / "s.json"))
    monkeypatch.setenv("DOSSIER_DB", str(tmp_path / "d.sqlite"))
    monkeypatch.setenv("DOSSIER_LOOKUP_MAX_FAILURES", "3")
    monkeypatch.setenv("DOSSIER_LOOKUP_WINDOW_SECONDS", "60")
    settings = Settings(_env_file=None)
    assert (settings.host, settings.port) == ("0.0.0.0", 9001)
    assert settings.seed_file == tmp_path / "s.json"
    assert settings.db == str(tmp_path / "d.sqlite")
    assert (settings.lookup_max_failures, settings.lookup_window_seconds) == (3, 60)


def test_empty_environment_values_mean_default(monkeypatch):
    monkeypatch.setenv("DOSSIER_SEED_FILE", "")
    monkeypatch.setenv("DOSSIER_DB", "")
    settings = Settings(_env_file=None)
    assert settings.seed_file == DEFAULT_SEED_FILE and settings.db == str(DEFAULT_DB)


def test_sqlite_file_is_reloaded_from_the_seed(make_client, write_seed, record, tmp_path):
    db = tmp_path / "sub" / "dossiers.sqlite"
    make_client(write_seed([record]), db=str(db))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM history").fetchone()[0] == 3
    second = dict(record, code="000.00.13.H56-261016-0001")
    client = make_client(write_seed([second]), db=str(db))
    assert client.get("/health").json()["dossiers"] == 1
    assert (
        client.post(
            "/api/v1/dossiers/lookup",
            json={"code": "000.00.13.H56-261016-0001", "phone_last4": "5678"},
        ).status_code
        == 200
    )


def test_two_apps_in_memory_do_not_share_data(make_client, write_seed, record):
    first = make_client(write_seed([record]))
    second = make_client()
    assert first.get("/health").json()["dossiers"] == 1
    assert second.get("/health").json()["dossiers"] > 1
