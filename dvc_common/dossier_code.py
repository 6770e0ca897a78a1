"""The dossier code format of spec/intents.md: ``UNIT-YYMMDD-NNNN``.

UNIT is 2 to 4 dot-separated groups of 2 or 3 letters or digits (``000.00.12.H56``,
``38.98.H29``), YYMMDD is the receiving date and NNNN the day's sequence number.
Users may type lower case or put spaces around the dashes; the canonical value is
upper case without spaces.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator, NamedTuple

EXAMPLE_CODE = "000.00.12.H56-261015-0042"

_UNIT = r"[0-9A-Za-z]{2,3}(?:\.[0-9A-Za-z]{2,3}){1,3}"
_DASH = r"\s*[-\u2010-\u2015]\s*"
# A code inside free text: not glued to other word characters or dots.
CODE_IN_TEXT = re.compile(
    rf"(?<![\w.])(?P<unit>{_UNIT}){_DASH}(?P<date>\d{{6}}){_DASH}(?P<seq>\d{{4}})(?![\w])"
)
CANONICAL = re.compile(rf"^{_UNIT}-\d{{6}}-\d{{4}}$")


class CodeMatch(NamedTuple):
    start: int
    end: int
    text: str
    value: str


def _valid_date(yymmdd: str) -> bool:
    try:
        date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        return False
    return True


def find_codes(text: str) -> Iterator[CodeMatch]:
    """Yield every well-formed dossier code in ``text`` with its canonical value."""
    for m in CODE_IN_TEXT.finditer(text or ""):
        if not _valid_date(m.group("date")):
            continue
        value = f"{m.group('unit')}-{m.group('date')}-{m.group('seq')}".upper()
        yield CodeMatch(m.start(), m.end(), m.group(0), value)


def normalize_code(text: str) -> str | None:
    """Return the canonical code when ``text`` is exactly one code (spaces allowed)."""
    stripped = (text or "").strip().strip(".,;:!?\"'()[]")
    matches = list(find_codes(stripped))
    if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(stripped):
        return matches[0].value
    return None


def extract_code(text: str) -> str | None:
    """Return the canonical value of the first code found anywhere in ``text``."""
    return next((m.value for m in find_codes(text)), None)
