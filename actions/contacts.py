"""Where a citizen can turn to a person: the centre, the hotlines, the portal.

One place for these lines, used by every answer that hands the citizen over.
Wording: actions/contacts.yml.
"""

from __future__ import annotations

from typing import List

from actions.settings import Centre
from actions.wording import fill, wording


def centre_lines(centre: Centre) -> List[str]:
    words = wording("contacts")["centre"]
    lines = [fill(words["name"], name=centre.name)]
    for key in ("address", "hours", "phone", "website"):
        value = getattr(centre, key)
        if value:
            lines.append(fill(words[key], **{key: value}))
    if not (centre.address or centre.hours or centre.phone):
        lines.append(fill(words["unknown"]))
    return lines


def hotline_lines() -> List[str]:
    return [fill(line) for line in wording("contacts")["hotlines"]]


def lookup_fallback_lines(centre: Centre) -> List[str]:
    """Other ways to find a dossier's status when the assistant cannot."""
    words = wording("contacts")["lookup_fallback"]
    phone = fill(words["centre_phone"], phone=centre.phone) if centre.phone else ""
    return [
        fill(words["portal"]),
        fill(words["hotline"]),
        fill(words["centre"], name=centre.name, phone=phone),
    ]
