import subprocess
import sys
from pathlib import Path

import yaml

from scripts.gen_long_examples import PREAMBLES, SKIP, render

ROOT = Path(__file__).resolve().parents[2]


def test_committed_long_examples_are_up_to_date():
    result = subprocess.run(
        [sys.executable, "scripts/gen_long_examples.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_long_examples_wrap_task_intents_only_and_are_long():
    blocks = yaml.safe_load(render())["nlu"]
    assert blocks and not {b["intent"] for b in blocks} & SKIP
    for block in blocks:
        for line in block["examples"].splitlines():
            text = line.removeprefix("- ")
            assert len(text) >= 50 and any(text.startswith(p) for p in PREAMBLES), text
