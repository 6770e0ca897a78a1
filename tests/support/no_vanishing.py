"""pytest plugin: tests cannot vanish quietly (loaded by the root ``conftest.py``).

- A skipped test, or a skipped module (``pytest.skip`` at import, ``importorskip``),
  is a failure: a check that cannot run must say why and fail, not drop out of CI.
  ``PYTEST_ALLOW_SKIPS=1`` shows skips as skips (local work only; CI never sets it).
- Every ``test_*.py`` file under the folders named on the command line must give at
  least one test: a file left out by ``collect_ignore``, a bad ``testpaths`` or an
  import guard fails the run, naming the file. (``-k``, ``-m`` and ``--lf`` still
  select tests as usual: the check runs before them.)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator, List, Set

import pytest

ALLOW_SKIPS = "PYTEST_ALLOW_SKIPS"
_FAILED_FILES: Set[Path] = set()


def _skips_allowed() -> bool:
    return os.environ.get(ALLOW_SKIPS) == "1"


def _as_failure(report: Any, what: str) -> None:
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
    report.outcome = "failed"
    report.longrepr = (
        f"{what} was skipped ({reason}); skipped tests fail here: make the test run "
        f"or remove it (set {ALLOW_SKIPS}=1 to allow skips locally)"
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail") and not _skips_allowed():
        _as_failure(report, item.nodeid)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not _skips_allowed():
        _as_failure(report, collector.nodeid or str(collector.path))
    if report.failed and isinstance(collector, pytest.File):
        _FAILED_FILES.add(Path(collector.path).resolve())  # already reported as an error


def _requested_files(config: pytest.Config) -> Set[Path]:
    files: Set[Path] = set()
    for arg in config.args:
        if "::" in arg:
            continue
        path = Path(config.invocation_params.dir, arg).resolve()
        if path.is_dir():
            files.update(p.resolve() for p in path.rglob("test_*.py"))
        elif path.is_file() and path.name.startswith("test_"):
            files.add(path)
    return files


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: List[pytest.Item]
) -> None:
    collected = {Path(item.path).resolve() for item in items}
    missing = sorted(
        str(p.relative_to(config.rootpath)) if p.is_relative_to(config.rootpath) else str(p)
        for p in _requested_files(config) - collected - _FAILED_FILES
    )
    if missing:
        raise pytest.UsageError(
            "these test files collected no tests (left out, or all their tests vanished): "
            + ", ".join(missing)
        )
