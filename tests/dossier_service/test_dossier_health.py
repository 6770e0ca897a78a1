"""GET /health, settings from the environment, the SQLite file mode."""

from __future__ import annotations

import sqlite3

from dossier_service.settings import DEFAULT_SEED_FILE, Settings


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
        "DOSSIER_SERVICE_HOST", "DOSSIER_SERVICE_PORT", "DOSSIER_SEED_FILE", "DOSSIER_DB",
        "DOSSIER_LOOKUP_MAX_FAILURES", "DOSSIER_LOOKUP_WINDOW_SECONDS",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)
    assert settings.host == "127.0.0.1"
    assert settings.port == 8001
    assert settings.seed_file == DEFAULT_SEED_FILE
    assert settings.db == ":memory:"
    assert settings.lookup_max_failures == 5
    assert settings.lookup_window_seconds == 900


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
    assert settings.seed_file == DEFAULT_SEED_FILE and settings.db == ":memory:"


def test_sqlite_file_is_reloaded_from_the_seed(make_client, write_seed, record, tmp_path):
    db = tmp_path / "sub" / "dossiers.sqlite"
    make_client(write_seed([record]), db=str(db))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM history").fetchone()[0] == 3
    second = dict(record, code="000.00.13.H56-261016-0001")
    client = make_client(write_seed([second]), db=str(db))
    assert client.get("/health").json()["dossiers"] == 1
    assert client.post(
        "/api/v1/dossiers/lookup", json={"code": "000.00.13.H56-261016-0001", "phone_last4": "5678"}
    ).status_code == 200


def test_two_apps_in_memory_do_not_share_data(make_client, write_seed, record):
    first = make_client(write_seed([record]))
    second = make_client()
    assert first.get("/health").json()["dossiers"] == 1
    assert second.get("/health").json()["dossiers"] > 1
