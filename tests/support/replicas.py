"""The deployment's replicas on this machine: PostgreSQL and Redis on loopback, the
dossier service, the action server, the console when the stack has one, and two Rasa
servers sharing the tracker store and the lock store. Used by tests/scale/ and by
scripts/bench_replicas.py."""

from __future__ import annotations

import contextlib
import json
import secrets
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Dict, Iterator

from scripts.stack import MODEL, ROOT, Stack
from tests.support.databases import PostgresServer, RedisServer
from tests.support.stack import free_port, make_seed

LOGS = ROOT / "var" / "log" / "scale"


def _console_hook(env: Dict[str, str]) -> Stack | None:
    """The console, when ``scripts/stack.py`` knows one: on its own PostgreSQL database."""
    try:
        return Stack(overrides=env, log_dir=LOGS / "console", services=("console",))
    except KeyError:
        return None


@contextlib.contextmanager
def running_replicas(workdir: Path, servers: int = 2) -> Iterator[SimpleNamespace]:
    if not MODEL.exists():
        raise RuntimeError(f"no trained model at {MODEL}: run `make train` first")
    postgres, redis_server = PostgresServer(), RedisServer()
    started: list = []
    try:
        postgres.start()
        redis_server.start()
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
            # A queued message's ticket expires after this many seconds, and an expired
            # ticket no longer waits (Rasa's default is 60 s): 20 messages of one sender
            # on a crowded machine can queue longer than that.
            "TICKET_LOCK_LIFETIME": "600",
            # Each of the 20 queued messages waits for its real answer (not the channel's
            # apology after 4.5 s while the turn goes on in the background), so that the
            # tracker is complete when the test reads it.
            "CHAT_ANSWER_TIMEOUT_SECONDS": "600",
            "CHAT_RATE_LIMIT_MESSAGES": "100",
            # The console (when there is one) talks psycopg 3, and shares a token with
            # the action server's hand-off.
            "CONSOLE_DB_URL": console_url.replace("postgresql://", "postgresql+psycopg://", 1),
            "CONSOLE_PORT": str(free_port()),
            "CONSOLE_API_TOKEN": secrets.token_urlsafe(24),
            "GUIDE_OUTCOMES_FILE": str(workdir / "guide_outcomes.jsonl"),
        }
        ports = [free_port() for _ in range(servers)]
        stacks = [_console_hook(shared)]
        for n, port in enumerate(ports):
            stacks.append(
                Stack(
                    overrides={**shared, "RASA_PORT": str(port)},
                    log_dir=LOGS / f"rasa-{n + 1}",
                    services=("dossier", "actions", "rasa") if n == 0 else ("rasa",),
                )
            )
        # The first Rasa server creates the tracker tables; the others start once it is up.
        for stack in stacks:
            if stack is not None:
                stack.start(progress=lambda line: None)
                started.append(stack)
        yield SimpleNamespace(
            urls=[f"http://127.0.0.1:{port}" for port in ports],
            seed=seed,
            tracker_url=tracker_url,
            redis=redis_server,
            stacks=started,
        )
    finally:
        threads = [threading.Thread(target=stack.stop) for stack in reversed(started)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        redis_server.stop()
        postgres.stop()
