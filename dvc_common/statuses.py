"""The portal's 10 dossier statuses, read from ``dvc_common/statuses.yml``.

The one definition of the statuses: their labels (spec/dossier-seed.md), what each
means and what the citizen does now (domain/knowledge.md), the ones that can be
overdue, and a few words met on refusals ("không thuộc thẩm quyền"). The dossier
service takes its labels from here; the assistant its explanations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Tuple

import yaml

from dvc_common.vntext import plain_words

STATUSES_FILE = Path(__file__).with_name("statuses.yml")


@dataclass(frozen=True)
class Status:
    key: str  # "1".."10" for statuses, a term's key otherwise
    label: str
    aliases: Tuple[str, ...]
    meaning: str
    todo: str


@dataclass(frozen=True)
class StatusBook:
    statuses: Dict[int, Status]
    overdue: FrozenSet[int]
    terms: Dict[str, Status]


def _entry(raw: dict, key: str) -> Status:
    label = str(raw["label"]).strip()
    aliases = tuple(str(a).strip() for a in raw.get("aliases") or ()) + (label,)
    return Status(key, label, aliases, str(raw["meaning"]).strip(), str(raw["todo"]).strip())


@lru_cache(maxsize=1)
def load_statuses(path: Path = STATUSES_FILE) -> StatusBook:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    statuses = {int(s["code"]): _entry(s, str(s["code"])) for s in raw["statuses"]}
    if sorted(statuses) != list(range(1, 11)):
        raise ValueError(f"{path}: statuses must be exactly 1 to 10")
    terms = {str(t["key"]): _entry(t, str(t["key"])) for t in raw.get("terms") or ()}
    return StatusBook(statuses, frozenset(int(c) for c in raw["overdue_statuses"]), terms)


def status_labels() -> Dict[int, str]:
    return {code: s.label for code, s in load_statuses().statuses.items()}


def _plain(text: str) -> str:
    return " " + plain_words(text) + " "


def find_status(text: str) -> Status | None:
    """The status or term named in ``text`` (with or without diacritics), longest
    name first: "chờ trả kết quả" is status 9, not 10; None when none is named."""
    plain = _plain(text)
    best: Tuple[int, Status] | None = None
    book = load_statuses()
    for entry in [*book.statuses.values(), *book.terms.values()]:
        for alias in entry.aliases:
            needle = _plain(alias)
            if needle.strip() and re.search(re.escape(needle), plain):
                if best is None or len(needle) > best[0]:
                    best = (len(needle), entry)
    return best[1] if best else None
