"""Messages the assistant did not understand: grouped by similarity, labelled by staff
with a contract intent (or out of scope), exported as Rasa NLU YAML for ``data/nlu/``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from console.tracker import Event
from dvc_common.redact import CITIZEN_ID_MASK, PHONE_MASK, redact
from dvc_common.vntext import normalize, plain_words

OUT_OF_SCOPE = "out_of_scope"
# Intents no staff label should use: Rasa's own and pure payload intents.
NOT_LABELS = {"nlu_fallback"}
SIMILARITY = 0.5


def message_key(text: str) -> str:
    """The normalised text two messages share when they are "the same"."""
    return normalize(text)


def _grams(text: str) -> set[str]:
    plain = f" {plain_words(text)} "
    return {plain[i : i + 3] for i in range(len(plain) - 2)}


def similarity(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class Group:
    id: int
    texts: Counter[str] = field(default_factory=Counter)  # key -> count
    samples: dict[str, str] = field(default_factory=dict)  # key -> text as typed
    grams: set[str] = field(default_factory=set)
    label: str | None = None

    @property
    def count(self) -> int:
        return sum(self.texts.values())

    @property
    def example(self) -> str:
        key, _ = self.texts.most_common(1)[0]
        return self.samples[key]


def group_messages(events: list[Event], labels: dict[str, str]) -> list[Group]:
    """Greedy clustering on character trigrams of the diacritic-free text."""
    texts: Counter[str] = Counter()
    samples: dict[str, str] = {}
    for event in events:
        text = " ".join(redact(event.text).split())
        if not text:
            continue
        key = message_key(text)
        texts[key] += 1
        samples.setdefault(key, text)
    groups: list[Group] = []
    for key, count in texts.most_common():
        grams = _grams(key)
        target = next((g for g in groups if similarity(grams, g.grams) >= SIMILARITY), None)
        if target is None:
            target = Group(id=len(groups) + 1, grams=grams)
            groups.append(target)
        target.texts[key] += count
        target.samples[key] = samples[key]
    for group in groups:
        found = Counter(labels[k] for k in group.texts if k in labels)
        group.label = found.most_common(1)[0][0] if found else None
    return sorted(groups, key=lambda g: (-g.count, g.id))


def contract_intents(domain_dir: Path) -> list[str]:
    """Intents of the assistant's domain (the contract of spec/intents.md)."""
    names: set[str] = set()
    for path in sorted(domain_dir.glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in raw.get("intents") or []:
            names.add(next(iter(item)) if isinstance(item, dict) else str(item))
    return sorted(names - NOT_LABELS)


_HAS_MASK = re.compile(re.escape(CITIZEN_ID_MASK) + "|" + re.escape(PHONE_MASK))


def nlu_yaml(examples: dict[str, list[str]]) -> str:
    """Rasa 3 NLU training data: one block per intent, one example per line."""
    lines = [
        "# Not-understood messages labelled in the console; review, then copy into data/nlu/.",
        'version: "3.1"',
        "nlu:",
    ]
    for intent in sorted(examples):
        texts = sorted({t for t in examples[intent] if t and not _HAS_MASK.search(t)})
        if not texts:
            continue
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {text}" for text in texts)
    return "\n".join(lines) + "\n"
