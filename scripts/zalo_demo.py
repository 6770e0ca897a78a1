"""Tries the Zalo flow without a Zalo OA: the stack with its Zalo channel pointed at the
fake Zalo (tests/support/fake_zalo.py), whose page plays the citizen in a browser.

``make zalo-demo`` runs it; Ctrl-C stops everything. Nothing here talks to Zalo.
"""

from __future__ import annotations

import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.stack import MODEL, Stack, StackError, load_env  # noqa: E402
from tests.support.fake_zalo import FakeZalo  # noqa: E402


def main() -> int:
    if not MODEL.exists():
        print(f"error: no trained model at {MODEL}; run `make train`", file=sys.stderr)
        return 1
    zalo = FakeZalo()
    rasa_url = f"http://127.0.0.1:{load_env()['RASA_PORT']}"
    workdir = Path(tempfile.mkdtemp(prefix="zalo-demo-"))
    stack = Stack(overrides=zalo.connect(rasa_url, workdir / "zalo_tokens.json"))
    stop = {"now": False}
    signal.signal(signal.SIGINT, lambda *_: stop.update(now=True))
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    try:
        stack.start()
    except StackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        zalo.close()
        return 1
    print(
        "\nZalo demo (fake Zalo, nothing reaches Zalo):\n"
        f"  Citizen's side:  {zalo.url}/citizen/\n"
        f"  OA webhook:      POST {zalo.webhook_url}\n"
        "Press Ctrl-C to stop.\n",
        flush=True,
    )
    code = 0
    while not stop["now"]:
        dead = stack.exited()
        if dead:
            print(f"error: {dead.name} stopped; read {dead.log_path}", file=sys.stderr)
            code = 1
            break
        time.sleep(0.5)
    stack.stop()
    zalo.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
