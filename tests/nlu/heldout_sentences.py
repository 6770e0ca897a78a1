"""The held-out NLU set as plain data, and the comparison form of a sentence.

Shared by the held-out tests: the leak test compares sentences in ``comparable`` form
(lower case, no diacritics, no punctuation, whitespace collapsed).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, List, Tuple

import yaml

from dvc_common.vntext import strip_diacritics

ROOT = Path(__file__).resolve().parents[2]
HELDOUT_DIR = ROOT / "tests" / "nlu" / "heldout"
SLICES = ("diacritics", "plain", "shorthand", "hard")
# Composite messages (two requests in one), for the second-request offer.
COMPOSITE_FILE = HELDOUT_DIR / "composite.yml"

# Rasa markup around an annotated span: [text](entity) or [text]{"entity": ...}.
_ANNOTATION = re.compile(r"\[([^\]\n]*)\](?:\([^)\n]*\)|\{[^}\n]*\})")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def plain_text(example: str) -> str:
    """An example as the user typed it, without the entity markup."""
    return _ANNOTATION.sub(r"\1", example)


def comparable(text: str) -> str:
    """Lower case, diacritics stripped (đ -> d), punctuation dropped, spaces collapsed."""
    text = strip_diacritics(plain_text(text).lower())
    return " ".join(_NON_WORD.sub(" ", text).split())


def heldout_examples() -> Iterator[Tuple[str, str, str, str]]:
    """(slice, file name, intent, example with markup) for every held-out example."""
    for slice_name in SLICES:
        for path in sorted((HELDOUT_DIR / slice_name).glob("*.yml")):
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
            for block in document.get("nlu", []):
                for line in block["examples"].splitlines():
                    line = line.strip()
                    if line.startswith("- "):
                        yield slice_name, path.name, block["intent"], line[2:].strip()


def composite_examples() -> List[str]:
    """The messages of the composite held-out set (scripts/eval_second_request.py)."""
    document = yaml.safe_load(COMPOSITE_FILE.read_text(encoding="utf-8"))
    return [entry["text"] for entry in document["messages"]]


def annotations(example: str) -> List[Tuple[str, str]]:
    """(span text, markup) pairs of one example."""
    return [(m.group(1), m.group(0)) for m in _ANNOTATION.finditer(example)]
