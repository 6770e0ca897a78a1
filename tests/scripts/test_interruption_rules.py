import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_committed_interruption_rules_are_up_to_date():
    result = subprocess.run(
        [sys.executable, "scripts/gen_interruption_rules.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
