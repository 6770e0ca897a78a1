"""Dossier code format (``spec/intents.md``) and normalisation.

Format ``UNIT-YYMMDD-NNNN``: UNIT is 2 to 4 dot-separated groups of 2 or 3 letters or
digits (``000.00.12.H56``, ``38.98.H29``), YYMMDD the receiving date (a real date),
NNNN the day's 4-digit sequence number.
"""

from __future__ import annotations

import datetime as dt
import re

_CODE_RE = re.compile(
    r"(?P<unit>[A-Z0-9]{2,3}(?:\.[A-Z0-9]{2,3}){1,3})-(?P<date>[0-9]{6})-(?P<seq>[0-9]{4})"
)
_WHITESPACE_RE = re.compile(r"\s+")


def normalise_code(raw: str) -> str:
    """Strip, remove all whitespace and upper-case, as users type codes loosely."""
    return _WHITESPACE_RE.sub("", raw).upper()


def code_problem(code: str) -> str | None:
    """Why ``code`` (already normalised) is not a dossier code, or None when it is."""
    match = _CODE_RE.fullmatch(code)
    if match is None:
        return (
            "must look like UNIT-YYMMDD-NNNN, e.g. 000.00.12.H56-251015-0042 "
            "(UNIT: 2 to 4 dot-separated groups of 2-3 letters/digits)"
        )
    yymmdd = match.group("date")
    try:
        dt.date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        return f"YYMMDD part {yymmdd} is not a real date"
    return None


def code_date(code: str) -> dt.date:
    """The receiving date encoded in a valid code."""
    match = _CODE_RE.fullmatch(code)
    if match is None:
        raise ValueError(f"not a dossier code: {code!r}")
    yymmdd = match.group("date")
    return dt.date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
