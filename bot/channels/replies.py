"""What the chat channels answer by themselves, read from the domain's responses.

The wording lives in ``bot/domain/channels.yml`` (the centre's words, not Python's).
At run time the responses come from the loaded model's domain; before a model is
loaded (unit tests, start-up) they are read from the domain files.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

import yaml

from dvc_common.facts import fill_facts

DOMAIN_DIR = Path(__file__).resolve().parents[1] / "domain"
SERVICE_UNAVAILABLE = "utter_service_unavailable"


def _first_text(variants: Any) -> str | None:
    if isinstance(variants, list) and variants and isinstance(variants[0], dict):
        text = variants[0].get("text")
        if isinstance(text, str) and text:
            return text
    return None


@lru_cache(maxsize=1)
def domain_file_responses() -> Dict[str, str]:
    """The first text of every response in the domain files."""
    texts: Dict[str, str] = {}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variants in (data.get("responses") or {}).items():
            text = _first_text(variants)
            if text:
                texts[name] = text
    return texts


def _agent_text(app: Any, name: str) -> str | None:
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    domain = getattr(agent, "domain", None)
    responses = getattr(domain, "responses", None)
    if not isinstance(responses, dict):
        return None
    return _first_text(responses.get(name))


def reply_text(name: str, app: Any = None, **values: Any) -> str:
    """The response ``name`` with its ``{placeholders}`` filled from ``values``."""
    text = fill_facts(_agent_text(app, name) or domain_file_responses()[name])
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text
