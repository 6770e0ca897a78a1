"""Where guide outcomes are recorded: one JSON line per finished or abandoned guide.

Centre staff read ``var/guide_outcomes.jsonl`` (``GUIDE_OUTCOMES_FILE``) to see which
guides are used, finished, or left, and at which step.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict

logger = logging.getLogger(__name__)
_LOCK = threading.Lock()
DEFAULT_FILE = Path(__file__).resolve().parents[1] / "var" / "guide_outcomes.jsonl"


def outcomes_file() -> Path:
    return Path(os.environ.get("GUIDE_OUTCOMES_FILE") or DEFAULT_FILE)


def record_outcome(
    sender_id: str,
    guide_id: str,
    outcome: str,
    step: int,
    total: int,
    task_done: bool | None = None,
) -> Dict[str, Any]:
    """outcome: 'finished' or 'abandoned'; step is 1-based."""
    entry = {
        "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "conversation": sender_id,
        "guide": guide_id,
        "outcome": outcome,
        "step": step,
        "steps": total,
        "task_done": task_done,
    }
    path = outcomes_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _LOCK, open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    except OSError as exc:  # recording must never break the conversation
        logger.warning("could not record guide outcome: %s", exc)
    return entry
