"""Dossier code format and normalisation for the service: a thin re-export.

The format (``spec/intents.md``) and the way loosely typed codes become canonical are
defined once, in ``dvc_common.dossier_code``, and shared with the assistant's NLU and
lookup form, so that a code the assistant accepts is the code the service looks up.
The service runs in its own virtual environment, but ``dvc_common.dossier_code`` is
pure standard-library Python: the service imports it from the repository root, which
is on ``PYTHONPATH`` (the Makefile and ``scripts/stack.py`` set it; the Dockerfile
copies ``dvc_common`` next to ``dossier_service``).
"""

from __future__ import annotations

import re

from dvc_common.dossier_code import code_date, code_problem, normalize_code

__all__ = ["code_date", "code_problem", "normalise_code"]

_WHITESPACE_RE = re.compile(r"\s+")


def normalise_code(raw: str) -> str:
    """The canonical form of a typed code; for text that is no code, the text without
    whitespace and upper-cased (``code_problem`` then says what is wrong with it)."""
    return normalize_code(raw) or _WHITESPACE_RE.sub("", raw).upper()
