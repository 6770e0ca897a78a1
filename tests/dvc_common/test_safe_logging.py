"""Logs without message text: the sanitiser, and the configuration files applied the
way Rasa and rasa_sdk apply them (in a child process, so that this one keeps its own
logging)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dvc_common import safe_logging
from dvc_common.safe_logging import (
    OMITTED,
    JsonLinesFormatter,
    conversation_hash,
    sanitize_record,
)

ROOT = Path(__file__).resolve().parents[2]


def record(msg, *args, exc_info=None, level=logging.INFO, **extra):
    rec = logging.LogRecord("rasa.test", level, __file__, 1, msg, args, exc_info)
    rec.__dict__.update(extra)
    return rec


@pytest.fixture(autouse=True)
def hash_key(monkeypatch):
    monkeypatch.setenv("LOG_HASH_KEY", "test-key")
    monkeypatch.setattr(safe_logging, "_key", None)


def test_conversation_hash_is_keyed_and_stable(monkeypatch):
    first = conversation_hash("3f1c-sender")
    assert first == conversation_hash("3f1c-sender") and "3f1c" not in first
    monkeypatch.setenv("LOG_HASH_KEY", "another-key")
    monkeypatch.setattr(safe_logging, "_key", None)
    assert conversation_hash("3f1c-sender") != first


def test_a_key_file_is_created_once_when_no_key_is_set(monkeypatch, tmp_path):
    monkeypatch.delenv("LOG_HASH_KEY")
    monkeypatch.setenv("LOG_HASH_KEY_FILE", str(tmp_path / "key"))
    first = conversation_hash("x")
    assert (tmp_path / "key").stat().st_mode & 0o777 == 0o600
    monkeypatch.setattr(safe_logging, "_key", None)
    assert conversation_hash("x") == first


def test_structured_events_lose_text_locals_and_clear_ids():
    text = "cccd 001203004567 mật khẩu Abc@1234 tôi quên"
    event = {
        "event": "rest.message.received.failure",
        "text": text,
        "sender_id": "user-42",
        "exception": [
            {
                "exc_type": "KeyError",
                "exc_value": repr(text),
                "frames": [{"name": "handle", "locals": {"text": text, "slots": {"x": 1}}}],
            }
        ],
    }
    rec = sanitize_record(record(json.dumps(event, ensure_ascii=False), level=logging.ERROR))
    line = JsonLinesFormatter().format(rec)
    entry = json.loads(line)
    assert entry["text"] == OMITTED and entry["event"] == "rest.message.received.failure"
    assert entry["sender_id"] == conversation_hash("user-42")
    assert entry["exception"][0]["frames"][0]["locals"] == OMITTED
    for part in ("001203004567", "Abc@1234", "tôi quên", "user-42"):
        assert part not in line


def test_plain_messages_lose_quoted_text_and_personal_data():
    rec = sanitize_record(
        record(
            "Received user message '%s' with intent '%s' for sender '%s'",
            "sđt 0912345678 ạ",
            "inform",
            "user-42",
        )
    )
    message = rec.getMessage()
    assert "0912345678" not in message and "user-42" not in message and "ạ" not in message
    assert "intent 'inform'" in message


def test_exceptions_keep_type_and_stack_with_the_message_masked():
    try:
        raise ValueError("không đọc được sđt 0912 345 678")
    except ValueError:
        rec = sanitize_record(record("failed", exc_info=sys.exc_info(), level=logging.ERROR))
    entry = json.loads(JsonLinesFormatter().format(rec))
    assert "ValueError" in entry["exception"] and "test_safe_logging.py" in entry["exception"]
    assert "0912 345 678" not in entry["exception"]


def test_conversation_ids_passed_as_extra_are_hashed():
    rec = sanitize_record(record("lookup failed", conversation_id="user-42"))
    entry = json.loads(JsonLinesFormatter().format(rec))
    assert entry["conversation"] == conversation_hash("user-42")


def test_long_messages_are_cut_without_leaving_half_a_number():
    message = "x" * 1995 + " 0912345678 and more"
    rec = sanitize_record(record("%s", message))
    assert len(rec.getMessage()) <= 2001
    assert "091" not in rec.getMessage()


def test_sanitising_twice_changes_nothing():
    rec = sanitize_record(record("email %s", "a@b.vn"))
    once = rec.getMessage()
    assert sanitize_record(rec).getMessage() == once


# --- the configuration files, applied as Rasa and rasa_sdk apply them ---------------

CHILD = r"""
import json, logging, sys
import structlog
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.io import configure_colored_logging
from rasa.utils.log_utils import configure_structlog

configure_logging_and_warnings(None, sys.argv[1])
configure_colored_logging("INFO")
configure_structlog()

from rasa.core.nlg.interpolator import interpolate_text
assert interpolate_text('/volunteer_mode{"guide":"vneid_level1"}', {"x": "sđt 0912345678"}) \
    == '/volunteer_mode{"guide":"vneid_level1"}'

log = structlog.get_logger()
try:
    raise RuntimeError("boom")
except RuntimeError:
    text = "tôi tên Lê Thị Hoa, cccd 001203004567, otp 123456"
    log.exception("rest.message.received.failure", text=text, sender_id="user-42")
logging.getLogger("rasa.core.processor").info(
    "Received user message 'xin chao 5678' with intent 'greet'"
)
logging.getLogger("actions.lookup").warning("dossier lookup unavailable: timeout")
for i in range(int(sys.argv[2])):
    logging.getLogger("rasa.filler").info("filler line %d", i)
"""


def run_child(tmp_path, config, lines=0, max_bytes=None):
    env = {
        **os.environ,
        "LOG_DIR": str(tmp_path),
        "LOG_HASH_KEY": "test-key",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("FORCE_JSON_LOGGING", None)
    if max_bytes:
        env["LOG_MAX_BYTES"] = str(max_bytes)
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT / config), str(lines)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    "config, name",
    [("bot/logging.yml", "rasa_server"), ("bot/logging-actions.yml", "action_server")],
)
def test_configured_logs_are_json_lines_without_text(tmp_path, config, name):
    child = run_child(tmp_path, config)
    assert child.returncode == 0, child.stderr
    lines = (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    failure = next(e for e in entries if e.get("event") == "rest.message.received.failure")
    assert failure["level"] == "ERROR" and failure["text"] == OMITTED
    assert failure["sender_id"] == conversation_hash("user-42")
    assert any(e.get("message") == "dossier lookup unavailable: timeout" for e in entries)
    # No ERROR for a button payload with entities (RasaHQ/rasa#6616).
    assert not any(e.get("event") == "interpolator.interpolate.text" for e in entries)
    everything = "\n".join(lines) + child.stdout + child.stderr
    for secret in (
        "Lê Thị Hoa",
        "001203004567",
        "123456",
        "user-42",
        "xin chao",
        "5678",
        "0912345678",
    ):
        assert secret not in everything
    # The console (captured by scripts/stack.py) gets warnings and errors only.
    assert "dossier lookup unavailable" in child.stderr
    assert "Received user message" not in child.stderr


def test_logs_rotate_by_size(tmp_path):
    child = run_child(tmp_path, "bot/logging.yml", lines=400, max_bytes=4000)
    assert child.returncode == 0, child.stderr
    files = sorted(tmp_path.glob("rasa_server.jsonl*"))
    assert len(files) == 6  # the current file and 5 backups
    for path in files:
        assert path.stat().st_size <= 4000 + 500
        for line in path.read_text(encoding="utf-8").splitlines():
            json.loads(line)
