"""`make check` fails on a formatting error, a type error, a JavaScript syntax error,
a failing or skipped unit test and a test folder nobody runs.

Each case runs the real make target (or pytest with the repository's plugin) on a
small bad input in a temporary place, with a good input beside it where that is
cheap, so the test fails if a tool stops looking.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

from scripts.check_test_folders import conftest_imports, unrun_folders

ROOT = Path(__file__).resolve().parents[2]


def make(target: str, tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    args = [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(
        ["make", "--no-print-directory", target, f"LOG={tmp_path / 'log'}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def log(tmp_path: Path, name: str) -> str:
    return (tmp_path / "log" / f"{name}.log").read_text(encoding="utf-8")


def test_format_check_fails_on_unformatted_code(tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    (good / "ok.py").write_text('VALUE = {"a": 1}\n', encoding="utf-8")
    assert make("format-check", tmp_path, LINT_PATHS=str(good)).returncode == 0

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "messy.py").write_text("VALUE = {  'a':1 }\n", encoding="utf-8")
    done = make("format-check", tmp_path, LINT_PATHS=str(bad))
    assert done.returncode != 0
    assert "messy.py" in log(tmp_path, "format")


def test_lint_enforces_the_line_length(tmp_path):
    (tmp_path / "long.py").write_text(f'TEXT = "{"x" * 120}"\n', encoding="utf-8")
    done = make("lint", tmp_path, LINT_PATHS=str(tmp_path / "long.py"))
    assert done.returncode != 0
    assert "E501" in log(tmp_path, "lint")


def test_typecheck_fails_on_a_type_error(tmp_path):
    bad = tmp_path / "bad_types.py"
    bad.write_text('def double(n: int) -> int:\n    return n * 2\n\n\ndouble("2")\n')
    done = make("typecheck", tmp_path, MYPY_RASA=str(bad))
    assert done.returncode != 0
    assert "[arg-type]" in log(tmp_path, "mypy")


def test_jslint_fails_on_a_javascript_syntax_error(tmp_path):
    # ESLint lints only files under the repository (tools/eslint.config.js).
    bad = ROOT / "bot" / "web" / "static" / f"selftest-{uuid.uuid4().hex}.js"
    bad.write_text('(function () {\n  "use strict";\n  var x = (;\n})();\n')
    try:
        done = make("jslint", tmp_path, JS_PATHS=str(bad.relative_to(ROOT)))
    finally:
        bad.unlink()
    assert done.returncode != 0
    assert "Parsing error" in log(tmp_path, "eslint")


def run_pytest(tmp_path: Path, files: dict[str, str]) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.support.no_vanishing"]\n')
    for name, source in files.items():
        (tmp_path / name).write_text(source)
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ALLOW_SKIPS"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_failing_or_skipped_test_fails_the_run(tmp_path):
    done = run_pytest(
        tmp_path,
        {
            "test_fails.py": "def test_fails():\n    assert 1 == 2\n",
            "test_skips.py": "import pytest\n\ndef test_skips():\n    pytest.skip('later')\n",
            "test_passes.py": "def test_passes():\n    assert True\n",
        },
    )
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "FAILED test_fails.py::test_fails" in out
    assert "FAILED test_skips.py::test_skips" in out and "skipped tests fail" in out
    assert "PASSED test_passes.py::test_passes" in out


def test_a_skipped_module_fails_the_run(tmp_path):
    source = "import pytest\n\npytest.skip('all', allow_module_level=True)\n"
    done = run_pytest(tmp_path, {"test_module_skip.py": source})
    assert done.returncode != 0
    assert "test_module_skip.py was skipped" in done.stdout


def test_a_test_file_that_collects_nothing_fails_the_run(tmp_path):
    done = run_pytest(tmp_path, {"test_empty.py": "VALUE = 1\n"})
    assert done.returncode != 0
    assert "collected no tests" in done.stderr and "test_empty.py" in done.stderr


def test_a_test_folder_no_target_runs_is_named(tmp_path):
    (tmp_path / "tests" / "actions").mkdir(parents=True)
    (tmp_path / "tests" / "actions" / "test_a.py").write_text("")
    (tmp_path / "tests" / "forgotten").mkdir()
    (tmp_path / "tests" / "forgotten" / "test_b.py").write_text("")
    (tmp_path / "tests" / "support").mkdir()
    (tmp_path / "Makefile").write_text("unit:\n\tpytest tests/actions\n")
    assert unrun_folders(tmp_path) == ["tests/forgotten"]


def test_every_test_folder_of_the_project_is_run():
    assert unrun_folders() == []


def test_imports_from_conftest_are_named(tmp_path):
    (tmp_path / "tests" / "bot").mkdir(parents=True)
    (tmp_path / "tests" / "bot" / "test_a.py").write_text("from tests.bot.conftest import X\n")
    (tmp_path / "tests" / "bot" / "test_b.py").write_text("from tests.support.http import serve\n")
    assert conftest_imports(tmp_path) == ["tests/bot/test_a.py"]


def test_no_test_of_the_project_imports_from_a_conftest():
    assert conftest_imports() == []
