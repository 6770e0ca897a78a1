"""The wording of the actions' data, read from YAML next to each module.

Whole messages are domain responses (``bot/domain/*.yml``): the actions ask for them by
name. What an action assembles itself (the lines of the centre's contacts, the next
steps of a dossier, the labels of intents and payment states, button titles) lives in
``actions/<module>.yml`` and is read here once. ``{fact_...}`` placeholders are filled
from ``bot/domain/facts.yml``, like in the responses.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Dict

import yaml

from dvc_common.facts import facts

HERE = Path(__file__).parent


class WordingError(ValueError):
    pass


@cache
def wording(module: str) -> Dict[str, Any]:
    """The mapping in ``actions/<module>.yml``; a missing or malformed file fails loudly."""
    path = HERE / f"{module}.yml"
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise WordingError(f"{path}: expected a mapping")
    return data


def fill(template: str, **values: Any) -> str:
    """``template`` with its ``{name}`` and ``{fact_...}`` placeholders filled."""
    known = {f"fact_{name}": value for name, value in facts().items()}
    return template.format_map({**known, **values})
