"""Facts shared by many answers (update date, hotlines, portal pages), defined once.

The one source is ``bot/domain/facts.yml``: its slots' initial values. Domain responses
use them as ``{fact_...}`` slots; code (actions, channels, guide pages) reads them here.
A missing or malformed file fails loudly, naming the file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict

import yaml

FACTS_FILE = Path(__file__).resolve().parents[1] / "bot" / "domain" / "facts.yml"


class FactsError(ValueError):
    pass


@lru_cache(maxsize=1)
def facts(path: Path = FACTS_FILE) -> Dict[str, str]:
    """The facts by name without 'fact_': {'updated': ..., 'portal_hotline': ..., ...}."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    slots = raw.get("slots") if isinstance(raw, dict) else None
    if not isinstance(slots, dict):
        raise FactsError(f"{path}: expected a 'slots' mapping")
    out: Dict[str, str] = {}
    for name, slot in slots.items():
        value = slot.get("initial_value") if isinstance(slot, dict) else None
        if not name.startswith("fact_") or not isinstance(value, str) or not value.strip():
            raise FactsError(f"{path}: {name} must be a fact_ slot with a text initial_value")
        out[name.removeprefix("fact_")] = value
    return out


def fact(name: str) -> str:
    try:
        return facts()[name]
    except KeyError:
        raise FactsError(f"{FACTS_FILE}: no slot fact_{name}") from None


def fill_facts(text: str) -> str:
    """Fills the ``{fact_...}`` placeholders of a response read outside Rasa's NLG."""
    for name, value in facts().items():
        text = text.replace("{fact_" + name + "}", value)
    return text
