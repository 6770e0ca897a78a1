"""`scripts/stack.py run`: Ctrl-C during start-up stops every process within 5 s."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from scripts.stack import ROOT
from tests.support.stack import free_port


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_ctrl_c_while_rasa_is_loading_stops_everything_within_5_seconds(tmp_path):
    env = {
        **os.environ,
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "DOSSIER_SERVICE_PORT": str(free_port()),
        "TRACKER_DB": str(tmp_path / "tracker.db"),
        "PYTHONUNBUFFERED": "1",
    }
    runner = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "stack.py"), "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output = []
        for line in runner.stdout:
            output.append(line)
            if "starting Rasa server" in line:
                break
        assert any("starting Rasa server" in line for line in output), "".join(output)
        time.sleep(2)  # Rasa is loading its model now
        children = descendants(runner.pid)
        assert len(children) >= 3
        started = time.monotonic()
        runner.send_signal(signal.SIGINT)
        code = runner.wait(timeout=10)
        elapsed = time.monotonic() - started
        rest = runner.stdout.read()
        assert elapsed < 5, f"stopped after {elapsed:.1f}s"
        assert code == 130, rest
        assert "stopped during start-up" in rest
        assert not [pid for pid in children if alive(pid)]
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)
            runner.wait(5)
