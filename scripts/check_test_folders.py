"""Every test folder is run by `make test`, and tests share code through tests/support.

A folder under ``tests/`` holding ``test_*.py`` files must be named
(``tests/<folder>``) in the Makefile, where the targets of ``make test`` call pytest
on it. No module imports from a ``conftest.py``: fixtures live there, shared helpers
and data in ``tests/support/`` (pytest may import a conftest twice, under two names).

Together with the pytest plugin ``tests/support/no_vanishing.py`` (no skips, no test
file that collects nothing) a test cannot drop out of CI without a failure.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[1]


def unrun_folders(root: Path = ROOT) -> List[str]:
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    named = set(re.findall(r"\btests/([A-Za-z0-9_]+)", makefile))
    folders = sorted(
        p.name for p in (root / "tests").iterdir() if p.is_dir() and any(p.rglob("test_*.py"))
    )
    return [f"tests/{name}" for name in folders if name not in named]


CONFTEST_IMPORT = re.compile(
    r"^\s*(from\s+tests\.[\w.]*conftest\s+import|import\s+tests\.[\w.]*conftest)", re.M
)


def conftest_imports(root: Path = ROOT) -> List[str]:
    return sorted(
        str(path.relative_to(root))
        for path in (root / "tests").rglob("*.py")
        if CONFTEST_IMPORT.search(path.read_text(encoding="utf-8"))
    )


def main() -> int:
    importing = conftest_imports()
    if importing:
        print(
            "error: these files import from a conftest.py (move what they share to "
            "tests/support/): " + ", ".join(importing),
            file=sys.stderr,
        )
        return 1
    missing = unrun_folders()
    if missing:
        print(
            "error: no make target runs these test folders: "
            + ", ".join(missing)
            + " (name them in a pytest command of a target `make test` depends on)",
            file=sys.stderr,
        )
        return 1
    print("every test folder is run by make test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
