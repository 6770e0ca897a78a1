"""Logging without message text or personal data, as JSON lines rotated by size.

Used by the logging configuration files of the Rasa server (``bot/logging.yml``) and
of the action server (``bot/logging-actions.yml``), passed with
``--logging-config-file`` by ``scripts/stack.py``.

What a log line may hold is decided here, in one place:

- what people typed never: Rasa's structured events lose their text-bearing fields
  (``text``, ``message``, ``slot_values``…, the list Rasa itself anonymises) and the
  local variables of their tracebacks; known plain messages that quote the user's
  text have it replaced;
- every remaining string goes through :func:`dvc_common.redact.redact`;
- conversation ids are replaced by a keyed hash (HMAC-SHA256 with ``LOG_HASH_KEY``,
  or a random key kept in ``var/log-hash.key``), so the lines of one conversation
  can still be followed;
- exceptions keep their type and stack, with the message redacted;
- Rasa's false ERROR for every button payload with entities is dropped.

Libraries add their own console handlers after this configuration is applied
(coloredlogs in Rasa and rasa_sdk), so records are made safe when they are created
(a log record factory), not only in the handlers configured here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import logging.handlers
import os
import re
import secrets
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List

from dvc_common.redact import redact

ROOT = Path(__file__).resolve().parents[1]
OMITTED = "[omitted]"

# Fields of Rasa's structured (structlog) events that carry what users typed or
# what the conversation holds: Rasa's own anonymisation list, plus a few more.
TEXT_FIELDS = frozenset(
    """text response_text user_text slot_values parse_data_text parse_data_entities
    prediction_events tracker_latest_message prefilled_slots message response
    slot_candidates rasa_event rasa_events tracker_states current_states old_states
    successes current_entity next_entity states entity token_text user_message
    json_message values metadata tracker events parse_data entities slots
    latest_message body payload""".split()
)
CONVERSATION_FIELDS = frozenset(
    {"sender_id", "sender", "conversation_id", "recipient_id", "conversation"}
)

# Plain messages that quote a conversation id or what the user typed.
_QUOTED_CONVERSATION = re.compile(
    r"(?P<lead>(?:sender(?:[ _]id)?|conversation(?:[ _]id)?|tracker|recipient(?:[ _]id)?)"
    r"\s*(?:=\s*)?)(?P<q>['\"])(?P<id>[^'\"]{1,200})(?P=q)",
    re.IGNORECASE,
)
_QUOTED_TEXT = re.compile(
    r"(?P<lead>(?:user message|message|text|utterance|user_uttered|UserUttered)\s*(?:=\s*)?)"
    r"(?P<q>['\"]).*?(?P=q)(?=\s+(?:with|and|from|for|to|,|\.|$)|$)",
    re.IGNORECASE | re.DOTALL,
)
_MAX_MESSAGE = 2000
_MAX_EXCEPTION_VALUE = 300


# --- conversation ids --------------------------------------------------------------

_key: bytes | None = None


def _hash_key() -> bytes:
    global _key
    if _key is None:
        configured = os.environ.get("LOG_HASH_KEY")
        if configured:
            _key = configured.encode()
        else:
            path = Path(os.environ.get("LOG_HASH_KEY_FILE") or ROOT / "var" / "log-hash.key")
            try:
                _key = path.read_bytes().strip()
            except OSError:
                _key = b""
            if not _key:
                _key = secrets.token_hex(32).encode()
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    with os.fdopen(fd, "wb") as handle:
                        handle.write(_key)
                except FileExistsError:
                    _key = path.read_bytes().strip() or _key
                except OSError:
                    pass  # a per-process key still hides the ids
    return _key


def conversation_hash(conversation_id: Any) -> str:
    """A keyed hash of a conversation (sender) id: stable, not reversible."""
    digest = hmac.new(_hash_key(), str(conversation_id).encode(), hashlib.sha256)
    return "c-" + digest.hexdigest()[:16]


# --- making a record safe ----------------------------------------------------------

_NUMBER_CHARS = set(" .-+()")


def _bounded(text: str, limit: int = _MAX_MESSAGE) -> str:
    """``text`` redacted and cut at ``limit``; a number cut in half is dropped."""
    if len(text) <= limit:
        return redact(text)
    cut = text[:limit]
    end = len(cut)
    while end and (cut[end - 1].isdigit() or cut[end - 1] in _NUMBER_CHARS):
        end -= 1
    return redact(cut[:end]) + "…"


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return _bounded(value)
    if isinstance(value, dict):
        return {k: _clean_field(k, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_value(v) for v in value]
    return value


def _clean_field(key: Any, value: Any) -> Any:
    if key in TEXT_FIELDS:
        return OMITTED
    if key in CONVERSATION_FIELDS and value is not None:
        return conversation_hash(value)
    if key == "locals":
        return OMITTED
    if key == "exc_value" and isinstance(value, str):
        return _bounded(value, _MAX_EXCEPTION_VALUE)
    return _clean_value(value)


def _known_texts(event: Dict[str, Any]) -> List[str]:
    texts = [v for k, v in event.items() if k in TEXT_FIELDS and isinstance(v, str)]
    return sorted({t for t in texts if len(t.strip()) >= 3}, key=len, reverse=True)


def _without(value: Any, texts: List[str]) -> Any:
    if isinstance(value, str):
        for text in texts:
            value = value.replace(text, OMITTED)
        return value
    if isinstance(value, dict):
        return {k: _without(v, texts) for k, v in value.items()}
    if isinstance(value, list):
        return [_without(v, texts) for v in value]
    return value


def clean_structured(event: Dict[str, Any]) -> Dict[str, Any]:
    """A structlog event dict without text-bearing fields, locals or clear ids.

    The text the event was about is also taken out of the other fields (an
    exception raised on a message often quotes it).
    """
    texts = _known_texts(event)
    cleaned = {key: _clean_field(key, value) for key, value in event.items()}
    return _without(cleaned, [redact(t) for t in texts] + texts) if texts else cleaned


def clean_message(message: str) -> str:
    """A plain log message with quoted user text omitted, ids hashed, data masked."""
    message = message[: _MAX_MESSAGE * 10]
    message = _QUOTED_TEXT.sub(lambda m: f"{m.group('lead')}{OMITTED}", message)
    message = _QUOTED_CONVERSATION.sub(
        lambda m: f"{m.group('lead')}'{conversation_hash(m.group('id'))}'", message
    )
    return _bounded(message)


def _structured(message: str) -> Dict[str, Any] | None:
    if not (message.startswith("{") and message.endswith("}")):
        return None
    try:
        value = json.loads(message)
    except ValueError:
        return None
    return value if isinstance(value, dict) and "event" in value else None


def _is_button_payload_interpolation(event: Dict[str, Any]) -> bool:
    """Rasa's NLG error for a button payload such as ``/volunteer_mode{"guide":"x"}``.

    Rasa fills ``{slot}`` placeholders in every string of a response, button payloads
    included; the entities of a payload are taken for a slot name, the KeyError is
    logged at ERROR with a traceback (1 KB a button) and the payload is used
    unchanged, which is right (RasaHQ/rasa#6616). Slot names never hold quotes.
    """
    response = event.get("response")
    key = event.get("placeholder_key")
    return (
        event.get("event") == "interpolator.interpolate.text"
        and isinstance(response, str)
        and response.startswith("/")
        and isinstance(key, str)
        and '"' in key
    )


def _clean_exception(exc_info) -> str:
    exc_type, exc, tb = exc_info
    lines = traceback.format_list(traceback.extract_tb(tb)) if tb else []
    name = getattr(exc_type, "__qualname__", str(exc_type))
    detail = _bounded(str(exc), _MAX_EXCEPTION_VALUE) if exc is not None else ""
    return redact("Traceback (most recent call last):\n" + "".join(lines) + f"{name}: {detail}")


def sanitize_record(record: logging.LogRecord) -> logging.LogRecord:
    """Make ``record`` safe to write anywhere; idempotent."""
    if getattr(record, "_sanitized", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # a broken format string must not break logging
        message = str(record.msg)
    structured = _structured(message) if isinstance(message, str) else None
    if structured is not None:
        record.dropped = _is_button_payload_interpolation(structured)
        cleaned = clean_structured(structured)
        record.__dict__["structured"] = cleaned  # an extra field of the record
        record.msg = json.dumps(cleaned, ensure_ascii=False)
    else:
        record.msg = clean_message(str(message))
    record.args = None
    conversation_id = getattr(record, "conversation_id", None)
    if conversation_id is not None:
        record.__dict__["conversation_id"] = conversation_hash(conversation_id)
    if record.exc_info and record.exc_info != (None, None, None):
        record.exc_text = _clean_exception(record.exc_info)
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)
    record.exc_info = None
    if record.stack_info:
        record.stack_info = None
    record._sanitized = True
    return record


_installed = False


def install_record_factory() -> None:
    """Sanitise every record when it is created, whichever handler writes it."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        return sanitize_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True


def _force_structlog_json() -> None:
    # Rasa renders its structured events as JSON unless it runs in a terminal; the
    # JSON form is the one whose text fields can be told apart and dropped.
    log_utils = sys.modules.get("rasa.utils.log_utils")
    if log_utils is not None:
        vars(log_utils)["FORCE_JSON_LOGGING"] = "1"
    os.environ["FORCE_JSON_LOGGING"] = "1"


# --- pieces named by the logging configuration files -------------------------------


class PrivacyFilter(logging.Filter):
    """Sanitises records and drops Rasa's false errors for button payloads.

    Creating it installs the record factory as well.
    """

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        install_record_factory()
        _force_structlog_json()

    def filter(self, record: logging.LogRecord) -> bool:
        sanitize_record(record)
        return not getattr(record, "dropped", False)


class MinLevelFilter(logging.Filter):
    """Passes records at ``level`` or above.

    Kept by coloredlogs when it replaces the console handler (it keeps filters, not
    levels), so the console stays quiet at INFO.
    """

    def __init__(self, level: str = "WARNING") -> None:
        super().__init__()
        self.level = logging.getLevelName(level) if isinstance(level, str) else level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= self.level


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message or event, conversation."""

    def format(self, record: logging.LogRecord) -> str:
        sanitize_record(record)
        entry: Dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
        }
        structured = getattr(record, "structured", None)
        if structured is not None:
            entry["event"] = structured.get("event")
            entry.update({k: v for k, v in structured.items() if k not in ("event", "level")})
        else:
            entry["message"] = record.getMessage()
        conversation = getattr(record, "conversation_id", None)
        if conversation is not None:
            entry["conversation"] = conversation
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_dir() -> Path:
    return Path(os.environ.get("LOG_DIR") or ROOT / "var" / "log")


def rotating_file_handler(
    name: str, max_bytes: int = 5_000_000, backup_count: int = 5
) -> logging.Handler:
    """``<LOG_DIR>/<name>.jsonl``, rotated at ``max_bytes`` (``LOG_MAX_BYTES``)."""
    directory = log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    max_bytes = int(os.environ.get("LOG_MAX_BYTES") or max_bytes)
    backup_count = int(os.environ.get("LOG_BACKUP_COUNT") or backup_count)
    return logging.handlers.RotatingFileHandler(
        directory / f"{name}.jsonl",
        maxBytes=max_bytes,
        backupCount=backup_count,
        encoding="utf-8",
    )
