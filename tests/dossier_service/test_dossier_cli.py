"""``python -m dossier_service`` and its ``--check`` mode, as real processes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "dossier_service", *args],
        cwd=REPO_ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_check_demo_seed():
    result = run("--check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("seed ok: ")
    assert "demo.json" in result.stdout


def test_check_given_file(write_seed, record):
    result = run("--check", str(write_seed([record])))
    assert result.returncode == 0, result.stderr
    assert "seed ok: 1 dossiers" in result.stdout


def test_check_uses_environment_seed_file(write_seed, record):
    record["status"] = 0
    result = run("--check", env={"DOSSIER_SEED_FILE": str(write_seed([record]))})
    assert result.returncode == 1


def test_check_bad_file_exits_1_with_messages(write_seed, record):
    bad = dict(record, code="000.00.13.H56-261016-0001", due_at="2026-10-01T00:00:00+07:00", fee=-1)
    path = write_seed([record, bad])
    result = run("--check", str(path))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert (
        "seed error: dossiers[1] (000.00.13.H56-261016-0001): due_at: must be after submitted_at"
        in lines
    )
    assert any(
        line.startswith("seed error: dossiers[1] (000.00.13.H56-261016-0001): fee: ")
        for line in lines
    )
    assert lines[-1] == f"seed: 2 problem(s) in {path}"
    assert result.stdout == ""


def test_check_missing_file(tmp_path):
    path = tmp_path / "missing.json"
    result = run("--check", str(path))
    assert result.returncode == 1
    assert f"seed error: {path}: file not found" in result.stderr


def test_check_invalid_json(write_seed):
    path = write_seed(None, raw="{not json")
    result = run("--check", str(path))
    assert result.returncode == 1
    assert f"seed error: {path}: invalid JSON at line 1 column 2" in result.stderr


def test_serve_refuses_bad_seed_before_serving(write_seed, record):
    record["applicant_phone"] = "12345"
    result = run(
        env={"DOSSIER_SEED_FILE": str(write_seed([record])), "DOSSIER_SERVICE_PORT": "1"},
        timeout=30,
    )
    assert result.returncode == 1
    assert "applicant_phone: must be 10 digits starting with 0" in result.stderr
    assert "dossier service not started" in result.stderr
    assert "Uvicorn running" not in result.stderr


def test_serve_refuses_bad_settings():
    result = run(env={"DOSSIER_LOOKUP_MAX_FAILURES": "zero"}, timeout=30)
    assert result.returncode == 2
    assert "settings error: DOSSIER_LOOKUP_MAX_FAILURES" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_demo_seed(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    env.update({"DOSSIER_SERVICE_PORT": str(port), "DOSSIER_DB": str(tmp_path / "db.sqlite")})
    log = (tmp_path / "server.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "dossier_service"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/health", timeout=2
                ) as response:
                    health = json.load(response)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"service did not start:\n{log.read()}")
                time.sleep(0.2)
        assert health["status"] == "ok" and health["dossiers"] >= 40
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/dossiers/lookup",
            data=json.dumps({"code": "000.00.12.h56-261015-0042", "phone_last4": "5678"}).encode(),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.load(response)["status"] == 5
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.seek(0)
        output = log.read()
        log.close()
    assert "5678" not in output
    assert "GET /health -> 200" in output
