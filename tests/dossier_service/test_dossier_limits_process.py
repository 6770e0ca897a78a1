"""The limits on the real service: `python -m dossier_service` processes on free loopback
ports sharing one database file. 40 parallel wrong guesses at one code, split over two
processes, are accepted at most ``DOSSIER_LOOKUP_MAX_FAILURES`` times; the limits survive
a restart of the process."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CODE = "000.00.12.H56-261015-0042"  # right digits: 5678
LIMIT = 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Service:
    def __init__(self, db: Path, log: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {
            **os.environ,
            "PYTHONPATH": str(REPO_ROOT),
            "DOSSIER_SERVICE_PORT": str(self.port),
            "DOSSIER_DB": str(db),
            "DOSSIER_LOOKUP_MAX_FAILURES": str(LIMIT),
            "DOSSIER_CLIENT_MAX_FAILURES": "1000",
            "DOSSIER_SERVICE_LOG_LEVEL": "warning",
            **env,
        }
        environment.pop("DOSSIER_SEED_FILE", None)  # the demo seed
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dossier_service"],
            cwd=REPO_ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"service exited; see {log}"
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{self.url}/health", timeout=1):
                    return
            time.sleep(0.1)
        self.stop()
        raise AssertionError(f"service did not answer /health within 30 s; see {log}")

    def lookup(self, last4: str, forwarded_for: str | None = None) -> tuple[int, dict, str | None]:
        request = urllib.request.Request(
            f"{self.url}/api/v1/dossiers/lookup",
            data=json.dumps({"code": CODE, "phone_last4": last4}).encode(),
            headers={
                "Content-Type": "application/json",
                **({"X-Forwarded-For": forwarded_for} if forwarded_for else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, json.load(response), response.headers.get("Retry-After")
        except urllib.error.HTTPError as error:
            return error.code, json.load(error), error.headers.get("Retry-After")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def start(tmp_path):
    started: list[Service] = []

    def run(**env: str) -> Service:
        service = Service(tmp_path / "dossier_service.db", tmp_path / "service.log", **env)
        started.append(service)
        return service

    yield run
    for service in started:
        if service.process.poll() is None:
            service.stop()


def test_40_parallel_wrong_guesses_accept_at_most_the_limit(start):
    services = [start(), start()]  # two processes, one database file
    barrier = threading.Barrier(40)

    def guess(i: int) -> int:
        barrier.wait()
        return services[i % 2].lookup(f"{i:04d}")[0]

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(guess, range(40)))
    assert statuses.count(404) == LIMIT
    assert statuses.count(429) == 40 - LIMIT
    status, body, retry_after = services[0].lookup("5678")  # the owner, right after
    assert status == 429 and body["reason"] == "code_locked" and 0 < int(retry_after) <= 60


def test_the_limits_survive_a_restart(start):
    service = start(DOSSIER_CLIENT_MAX_FAILURES="7")
    for i in range(LIMIT):
        assert service.lookup(f"{i:04d}", "203.0.113.5")[0] == 404
    for i in range(2):  # 203.0.113.5 is now at 7 failures, the client limit
        other = f"000.00.12.H56-261015-{9000 + i}"
        request = urllib.request.Request(
            f"{service.url}/api/v1/dossiers/lookup",
            data=json.dumps({"code": other, "phone_last4": "0000"}).encode(),
            headers={"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.5"},
        )
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(request, timeout=20)
        assert error.value.code == 404
    service.stop()

    service = start(DOSSIER_CLIENT_MAX_FAILURES="7")
    status, body, retry_after = service.lookup("5678", "198.51.100.7")
    assert status == 429 and body["reason"] == "code_locked" and int(retry_after) <= 60
    status, body, _ = service.lookup("5678", "203.0.113.5")
    assert status == 429 and body["reason"] == "client_locked"
