"""The stack's supervision and stop, on small real processes (no Rasa)."""

from __future__ import annotations

import os
import signal
import sys
import time

from scripts.stack import Service, Stack
from scripts.supervisor import Supervisor
from tests.support.stack import free_port


def http_service(tmp_path, name="web") -> Service:
    port = free_port()
    return Service(
        name,
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "-d",
            str(tmp_path),
        ],
        f"http://127.0.0.1:{port}/",
        tmp_path / f"{name}.log",
        timeout=20,
    )


def wait_for(condition, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def test_a_killed_process_is_started_again_and_answers(tmp_path):
    service = http_service(tmp_path)
    service.start(dict(os.environ))
    service.wait_healthy()
    lines = []
    supervisor = Supervisor([service], dict(os.environ), progress=lines.append, first_backoff=0.1)
    supervisor.start_background(interval=0.05)
    try:
        first = service.process.pid
        os.killpg(first, signal.SIGKILL)
        assert wait_for(lambda: service.process.pid != first and service.healthy(), 10)
        assert supervisor.restarts(service) == 1
        assert wait_for(lambda: any("back up" in line for line in lines), 5)
        assert any("stopped" in line and "restarting" in line for line in lines)
    finally:
        supervisor.stop_background()
        service.stop()
    assert service.process.poll() is not None


def test_a_process_that_keeps_crashing_is_restarted_with_a_growing_back_off(tmp_path):
    service = Service(
        "crasher",
        [sys.executable, "-c", "import sys; sys.exit(3)"],
        "http://127.0.0.1:9/",
        tmp_path / "crasher.log",
        timeout=5,
    )
    service.start(dict(os.environ))
    clock = {"now": 0.0}
    events = []
    supervisor = Supervisor(
        [service],
        dict(os.environ),
        progress=lambda line: events.append((clock["now"], line)),
        first_backoff=1,
        max_backoff=4,
        clock=lambda: clock["now"],
    )
    service.process.wait(5)
    for _ in range(100):
        supervisor.poll()
        service.process.wait(5)  # it exits at once: make each poll see that
        clock["now"] += 0.25
    starts = [t for t, line in events if line.startswith("==> restarting")]
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    # Seen 0.25 s after each start; waits 1 s, then 2 s, then 4 s (the cap) on.
    assert starts[0] == 1.0
    assert gaps[:4] == [2.25, 4.25, 4.25, 4.25]
    lines = [line for _, line in events]
    assert all("exit code 3" in line for line in lines if line.startswith("warning"))


def test_stop_ends_every_process_within_the_grace_period_even_if_one_ignores_sigterm(tmp_path):
    stubborn = Service(
        "stubborn",
        [
            sys.executable,
            "-c",
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)",
        ],
        "http://127.0.0.1:9/",
        tmp_path / "stubborn.log",
        timeout=5,
    )
    web = http_service(tmp_path)
    stack = Stack(services=())
    stack.services = [web, stubborn]
    for service in stack.services:
        service.start(dict(os.environ))
    time.sleep(0.5)
    started = time.monotonic()
    stack.stop(grace=1.0)
    assert time.monotonic() - started < 3
    assert web.process.poll() is not None and stubborn.process.poll() is not None


def test_start_up_can_be_interrupted(tmp_path):
    from scripts.stack import Interrupted

    never = Service(
        "never healthy",
        [sys.executable, "-c", "import time; time.sleep(60)"],
        "http://127.0.0.1:9/",
        tmp_path / "never.log",
        timeout=60,
    )
    stack = Stack(services=())
    stack.services = [never]
    asked = time.monotonic() + 0.5
    started = time.monotonic()
    try:
        stack.start(progress=lambda line: None, should_stop=lambda: time.monotonic() > asked)
    except Interrupted:
        pass
    else:
        raise AssertionError("start-up was not interrupted")
    assert time.monotonic() - started < 5
    assert never.process.poll() is not None
