"""Two Rasa servers sharing PostgreSQL and Redis, with the action server and the dossier
service: the deployment's replicas, on this machine (``make test-scale``)."""

from __future__ import annotations

import json
import secrets
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from scripts.stack import MODEL, ROOT, Stack
from tests.support.databases import PostgresServer, RedisServer
from tests.support.stack import free_port, make_seed

LOGS = ROOT / "var" / "log" / "scale"


@pytest.fixture(scope="session")
def postgres():
    server = PostgresServer()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer()
    try:
        yield server.start()
    finally:
        server.stop()


def _console_hook(env: dict) -> Stack | None:
    """The console, when ``scripts/stack.py`` knows one: on its own PostgreSQL database."""
    try:
        return Stack(overrides=env, log_dir=LOGS / "console", services=("console",))
    except KeyError:
        return None


@pytest.fixture(scope="session")
def replicas(postgres, redis_server, tmp_path_factory):
    if not MODEL.exists():
        raise RuntimeError(f"no trained model at {MODEL}: run `make train` first")
    workdir: Path = tmp_path_factory.mktemp("scale")
    seed = make_seed()
    seed_file = workdir / "seed.json"
    seed_file.write_text(json.dumps(seed, ensure_ascii=False), encoding="utf-8")
    tracker_url = postgres.create_database("rasa", "rasa", secrets.token_urlsafe(12))
    console_url = postgres.create_database("console", "console", secrets.token_urlsafe(12))
    shared = {
        "ACTION_PORT": str(free_port()),
        "DOSSIER_SERVICE_PORT": str(free_port()),
        "DOSSIER_SEED_FILE": str(seed_file),
        "DOSSIER_LOOKUP_MAX_FAILURES": "50",
        "TRACKER_DB": str(workdir / "unused-sqlite.db"),
        "TRACKER_DB_URL": tracker_url,
        "LOCK_STORE_URL": redis_server.url(),
        # The console (when there is one) talks psycopg 3, and shares a token with the
        # action server's hand-off.
        "CONSOLE_DB_URL": console_url.replace("postgresql://", "postgresql+psycopg://", 1),
        "CONSOLE_PORT": str(free_port()),
        "CONSOLE_API_TOKEN": secrets.token_urlsafe(24),
        "GUIDE_OUTCOMES_FILE": str(workdir / "guide_outcomes.jsonl"),
    }
    ports = [free_port(), free_port()]
    first = Stack(
        overrides={**shared, "RASA_PORT": str(ports[0])},
        log_dir=LOGS / "rasa-1",
        services=("dossier", "actions", "rasa"),
    )
    second = Stack(
        overrides={**shared, "RASA_PORT": str(ports[1])},
        log_dir=LOGS / "rasa-2",
        services=("rasa",),
    )
    console = _console_hook(shared)
    started = []
    try:
        # The first server creates the tracker tables; the second starts once it is up.
        for stack in (console, first, second):
            if stack is not None:
                stack.start(progress=lambda line: None)
                started.append(stack)
        yield SimpleNamespace(
            urls=[f"http://127.0.0.1:{port}" for port in ports],
            seed=seed,
            tracker_url=tracker_url,
            redis=redis_server,
            console=console,
        )
    finally:
        threads = [threading.Thread(target=stack.stop) for stack in reversed(started)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
