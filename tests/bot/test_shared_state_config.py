"""Tracker store and lock store chosen by the environment (TRACKER_DB_URL, LOCK_STORE_URL).

The real PostgreSQL and Redis are exercised by ``make test-scale`` (tests/scale/)."""

from __future__ import annotations

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import read_endpoint_config

from bot import lock_store, tracker_db
from bot.lock_store import AtomicRedisLockStore, EnvLockStore, redis_from_env
from bot.tracker_db import database_from_env, describe
from bot.tracker_store import RedactingSQLTrackerStore


def test_no_url_keeps_the_sqlite_settings(tmp_path, monkeypatch):
    monkeypatch.delenv(tracker_db.ENV_VAR, raising=False)
    assert database_from_env({}) == {}
    store = RedactingSQLTrackerStore(None, dialect="sqlite", db=str(tmp_path / "t.db"))
    assert store.engine.url.drivername == "sqlite"
    assert describe({"TRACKER_DB": "var/tracker.db"}) == "SQLite var/tracker.db"


def test_a_postgresql_url_gives_every_setting_with_the_password_decoded():
    settings = database_from_env(
        {"TRACKER_DB_URL": "postgresql://rasa:p%40ss%3Aw@db.example:6543/tracker?sslmode=require"}
    )
    assert settings == {
        "dialect": "postgresql",
        "host": "db.example",
        "port": 6543,
        "db": "tracker",
        "username": "rasa",
        "password": "p@ss:w",
        "query": {"sslmode": "require"},
    }
    described = describe({"TRACKER_DB_URL": "postgresql://rasa:secret@db.example/tracker"})
    assert described == "PostgreSQL db.example/tracker" and "secret" not in described


@pytest.mark.parametrize(
    "url", ["not a url", "sqlite:///var/t.db", "postgresql://db.example", "mysql://a@h/db"]
)
def test_anything_but_a_postgresql_url_is_refused_by_name(url):
    with pytest.raises(ValueError, match="TRACKER_DB_URL"):
        database_from_env({"TRACKER_DB_URL": url})


def test_the_store_takes_the_url_over_the_endpoint_file(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_DB_URL", "postgresql://rasa:pw@127.0.0.1:1/tracker")
    seen = {}

    def fake_init(self, domain=None, **kwargs):
        seen.update(kwargs)

    monkeypatch.setattr(RedactingSQLTrackerStore.__bases__[0], "__init__", fake_init)
    RedactingSQLTrackerStore(None, host=None, dialect="sqlite", db=str(tmp_path / "t.db"))
    assert seen["dialect"] == "postgresql" and seen["db"] == "tracker"
    assert seen["host"] == "127.0.0.1" and seen["port"] == 1


def test_redis_urls_are_read_with_rasa_defaults():
    assert redis_from_env({}) == {}
    assert redis_from_env({"LOCK_STORE_URL": "redis://redis"}) == {
        "host": "redis",
        "port": 6379,
        "db": 1,
        "username": None,
        "password": None,
        "use_ssl": False,
    }
    assert redis_from_env({"LOCK_STORE_URL": "rediss://:s%2Fecret@r.example:6380/3"}) == {
        "host": "r.example",
        "port": 6380,
        "db": 3,
        "username": None,
        "password": "s/ecret",
        "use_ssl": True,
    }


@pytest.mark.parametrize("url", ["http://redis:6379", "redis://", "redis://h:port", "redis://h/x"])
def test_a_bad_redis_url_is_refused_by_name(url):
    with pytest.raises(ValueError, match="LOCK_STORE_URL"):
        redis_from_env({"LOCK_STORE_URL": url})


def test_the_endpoint_file_gives_memory_by_default_and_redis_when_configured(monkeypatch):
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("TRACKER_DB", "var/tracker.db")
    config = read_endpoint_config("bot/endpoints.yml", "lock_store")
    monkeypatch.delenv(lock_store.ENV_VAR, raising=False)
    assert isinstance(LockStore.create(config), InMemoryLockStore)
    monkeypatch.setenv(lock_store.ENV_VAR, "redis://127.0.0.1:1/2")
    created = LockStore.create(config)
    assert isinstance(created, AtomicRedisLockStore)
    assert created.red.connection_pool.connection_kwargs["db"] == 2
    assert isinstance(EnvLockStore(endpoint_config=None), RedisLockStore)
