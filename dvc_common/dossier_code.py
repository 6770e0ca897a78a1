"""The dossier code format of spec/intents.md, ``UNIT-YYMMDD-NNNN``: the one place
that knows what a code looks like and how a typed code becomes the canonical one.

UNIT is 2 to 4 dot-separated groups of 2 or 3 letters or digits (``000.00.12.H56``,
``38.98.H29``), YYMMDD is the receiving date (a real date) and NNNN the day's
sequence number (domain/knowledge.md, Thông tư 01/2018/TT-VPCP Điều 19).

People type codes loosely, and every reader of a code (the NLU extractor, the lookup
form, the dossier service) normalises them here, the same way:

- lower case -> upper case;
- a dash, a dot or plain spaces between the three parts, with extra spaces around;
- the letter O or o typed for a zero in the date, the sequence number and any unit
  group that is otherwise all digits (``OOO.OO.12.H56``); a group holding another
  letter (``H56``) is left as typed;
- a code inside a sentence is found where it stands.

Anything else is not a code. The canonical value is upper case, dash-separated,
without spaces: ``000.00.12.H56-261015-0042``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator, NamedTuple

EXAMPLE_CODE = "000.00.12.H56-261015-0042"

_GROUP = r"[0-9A-Za-z]{2,3}"
_UNIT = rf"{_GROUP}(?:\.{_GROUP}){{1,3}}"
# Between the parts: a dash (any Unicode dash), a dot, or spaces only.
_SEP = r"(?:\s*[-\u2010-\u2015]\s*|\s*\.\s*|\s+)"
_ZERO_OR_DIGIT = "[0-9Oo]"
# A code inside free text: not glued to other word characters or dots.
CODE_IN_TEXT = re.compile(
    rf"(?<![\w.])(?P<unit>{_UNIT}){_SEP}(?P<date>{_ZERO_OR_DIGIT}{{6}}){_SEP}"
    rf"(?P<seq>{_ZERO_OR_DIGIT}{{4}})(?![\w])"
)
#: The canonical form, as stored by the dossier service.
CANONICAL = re.compile(
    r"(?P<unit>[0-9A-Z]{2,3}(?:\.[0-9A-Z]{2,3}){1,3})-(?P<date>[0-9]{6})-(?P<seq>[0-9]{4})"
)
_NUMERIC_GROUP = re.compile(r"[0-9Oo]+")


class CodeMatch(NamedTuple):
    start: int
    end: int
    text: str
    value: str


def _zeros(part: str) -> str:
    return part.replace("O", "0").replace("o", "0")


def _unit(unit: str) -> str:
    groups = unit.split(".")
    return ".".join(_zeros(g) if _NUMERIC_GROUP.fullmatch(g) else g for g in groups).upper()


def _receiving_date(yymmdd: str) -> date | None:
    try:
        return date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        return None


def find_codes(text: str) -> Iterator[CodeMatch]:
    """Yield every well-formed dossier code in ``text`` with its canonical value."""
    for m in CODE_IN_TEXT.finditer(text or ""):
        day = _zeros(m.group("date"))
        if _receiving_date(day) is None:
            continue
        value = f"{_unit(m.group('unit'))}-{day}-{_zeros(m.group('seq'))}"
        yield CodeMatch(m.start(), m.end(), m.group(0), value)


def normalize_code(text: str) -> str | None:
    """Return the canonical code when ``text`` is exactly one code, else None."""
    stripped = (text or "").strip().strip(".,;:!?\"'()[]").strip()
    matches = list(find_codes(stripped))
    if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(stripped):
        return matches[0].value
    return None


def extract_code(text: str) -> str | None:
    """Return the canonical value of the first code found anywhere in ``text``."""
    return next((m.value for m in find_codes(text)), None)


def without_codes(text: str) -> str:
    """``text`` with every dossier code cut out (to read the other numbers in it)."""
    text = text or ""
    for m in reversed(list(find_codes(text))):
        text = text[: m.start] + " " + text[m.end :]
    return text


def code_problem(code: str) -> str | None:
    """Why ``code`` is not a canonical dossier code (in English, for the service's
    error messages), or None when it is one."""
    match = CANONICAL.fullmatch(code or "")
    if match is None:
        return (
            f"must look like UNIT-YYMMDD-NNNN, e.g. {EXAMPLE_CODE} "
            "(UNIT: 2 to 4 dot-separated groups of 2-3 letters/digits)"
        )
    if _receiving_date(match.group("date")) is None:
        return f"YYMMDD part {match.group('date')} is not a real date"
    return None


def code_date(code: str) -> date:
    """The receiving date encoded in a canonical code (ValueError otherwise)."""
    if code_problem(code) is not None:
        raise ValueError(f"not a dossier code: {code!r}")
    return _receiving_date(code.split("-")[1])  # type: ignore[return-value]
