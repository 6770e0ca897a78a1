"""Keeps the assistant's processes running: a process that dies is started again.

``Supervisor.poll`` looks at every service once: a process that exited is started
again after a back-off (0.5 s, doubling up to 30 s; back to 0.5 s once it has run
for a minute), so that a crashing process does not spin. ``scripts/stack.py run``
polls in its main loop; the tests run the same supervisor in a thread of their own
(``start_background``) to check that a killed process comes back.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable, Dict, List


@dataclass
class _Watch:
    backoff: float
    started_at: float
    restart_at: float | None = None
    restarts: int = 0
    announced: bool = True


class Supervisor:
    def __init__(
        self,
        services: List,
        env: Dict[str, str],
        progress: Callable[[str], None] = print,
        first_backoff: float = 0.5,
        max_backoff: float = 30.0,
        stable_after: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.services = services
        self.env = env
        self.progress = progress
        self.first_backoff = first_backoff
        self.max_backoff = max_backoff
        self.stable_after = stable_after
        self.clock = clock
        now = clock()
        self.watches = {id(s): _Watch(first_backoff, now) for s in services}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    def restarts(self, service) -> int:
        return self.watches[id(service)].restarts

    def poll(self) -> None:
        with self._lock:
            for service in self.services:
                self._poll_one(service, self.watches[id(service)])

    def _poll_one(self, service, watch: _Watch) -> None:
        now = self.clock()
        if watch.restart_at is not None:
            if now >= watch.restart_at:
                watch.restart_at = None
                watch.started_at = now
                watch.announced = False
                self.progress(f"==> restarting {service.name} (restart {watch.restarts})")
                try:
                    service.start(self.env)
                except OSError as exc:
                    self.progress(f"error: {service.name} could not start: {exc}")
                    self._schedule(service, watch, now)
            return
        process = service.process
        if process is not None and process.poll() is not None:
            if now - watch.started_at >= self.stable_after:
                watch.backoff = self.first_backoff
            self.progress(
                f"warning: {service.name} stopped (exit code {process.returncode}); "
                f"restarting in {watch.backoff:.1f}s; read {service.log_path}"
            )
            self._schedule(service, watch, now)
        elif not watch.announced and service.healthy():
            watch.announced = True
            self.progress(f"    {service.name} is back up: {service.health_url}")

    def _schedule(self, service, watch: _Watch, now: float) -> None:
        watch.restart_at = now + watch.backoff
        watch.backoff = min(watch.backoff * 2, self.max_backoff)
        watch.restarts += 1

    # ---- in a thread (tests) --------------------------------------------------------

    def start_background(self, interval: float = 0.2) -> None:
        self._stopping.clear()

        def loop() -> None:
            while not self._stopping.wait(interval):
                self.poll()

        self._thread = threading.Thread(target=loop, name="supervisor", daemon=True)
        self._thread.start()

    def stop_background(self) -> None:
        self._stopping.set()
        if self._thread:
            self._thread.join(10)
