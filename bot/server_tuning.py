"""Two costs of Rasa 3.6's message loop that a profile under load showed (docs/benchmarks.md).

Imported by the tracker store module, which every Rasa server of this project loads.

1. The SQLite tracker store commits each turn with the default rollback journal and
   ``synchronous=FULL``: several fsyncs per message, on the event loop. On SQLite
   connections only, write-ahead logging with ``synchronous=NORMAL`` makes a commit a
   plain write (SQLite's documented safe setting for WAL: the database is never
   corrupted; a power cut may lose the last turns). PostgreSQL is left alone.
2. Rasa validates each action server response with ``jsonschema.validate``, which
   checks the schema itself against its meta-schema and builds a new validator on every
   call. The schema is fixed, so it is checked once and the validator kept; the
   response is validated exactly as before, with Rasa's error message.

``RASA_SERVER_TUNING=0`` leaves Rasa as it is (for measuring the difference).
"""

from __future__ import annotations

import os
import sqlite3
from functools import lru_cache
from typing import Any, Dict

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from sqlalchemy import event
from sqlalchemy.engine import Engine


def _sqlite_write_ahead_log(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    error = exceptions.best_match(_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


if os.environ.get("RASA_SERVER_TUNING", "1") != "0":
    event.listen(Engine, "connect", _sqlite_write_ahead_log)
    RemoteAction._validate_action_result = _validate_action_result
