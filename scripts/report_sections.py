"""One report, several writers: each script replaces only its own marked section.

`make eval-nlu`, `make bench` and `make bench-profile` all write to
docs/benchmarks.md. A section is the text between ``<!-- NAME: start -->`` and
``<!-- NAME: end -->``; the markers are part of the section a script renders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Tuple


def markers(name: str) -> Tuple[str, str]:
    return f"<!-- {name}: start -->", f"<!-- {name}: end -->"


def write_section(report: Path, name: str, section: str, heading: str = "") -> None:
    """Replace the section ``name`` of ``report``, or append it under ``heading``."""
    start, end = markers(name)
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + section.rstrip("\n") + rest.split(end, 1)[1]
    elif text.strip():
        text = text.rstrip("\n") + "\n\n" + (heading + "\n\n" if heading else "") + section
    else:
        text = (heading + "\n\n" if heading else "") + section
    if not text.endswith("\n"):
        text += "\n"
    report.write_text(text, encoding="utf-8")
