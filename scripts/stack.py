"""Starts and stops the whole assistant: dossier service, staff console, action server,
Rasa server.

`make run` calls ``python scripts/stack.py run``; the end-to-end and browser tests use
``Stack`` to start the same processes on their own ports. Each process logs to a file
under ``var/log/``; a process that does not come up in time is named with its log.
While running, a process that dies is started again (``scripts/supervisor.py``).
Ctrl-C stops everything within a few seconds, during start-up too.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List

if __package__ in (None, ""):  # run as a script: make `scripts` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.supervisor import Supervisor  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
SERVICE_VENV = ROOT / ".venv-service"
CONSOLE_VENV = ROOT / ".venv-console"
MODEL = ROOT / "models" / "assistant.tar.gz"

DEFAULTS = {
    "RASA_PORT": "5005",
    "ACTION_PORT": "5055",
    "DOSSIER_SERVICE_PORT": "8001",
    "DOSSIER_SEED_FILE": str(ROOT / "dossier_service" / "seed" / "demo.json"),
    "TRACKER_DB": str(ROOT / "var" / "tracker.db"),
    "CONSOLE_PORT": "8002",
    "CONSOLE_DB": str(ROOT / "var" / "console.db"),
    "RASA_TELEMETRY_ENABLED": "false",
}


def load_env(overrides: Dict[str, str] | None = None) -> Dict[str, str]:
    """Environment for the children: os.environ, then .env, then defaults."""
    env = dict(os.environ)
    dotenv = ROOT / ".env"
    if dotenv.exists():
        try:
            from dotenv import dotenv_values
        except ImportError:  # the launcher may run outside the venv
            dotenv_values = _read_dotenv
        for key, value in dotenv_values(dotenv).items():
            if value is not None:
                env.setdefault(key, value)
    for key, value in DEFAULTS.items():
        env.setdefault(key, value)
    env.update(overrides or {})
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "SANIC_HOST": "127.0.0.1",
            "DOSSIER_SERVICE_HOST": "127.0.0.1",
            "CONSOLE_HOST": "127.0.0.1",
        }
    )
    # The hand-off action and the console share this secret; one per run if not set.
    if not env.get("CONSOLE_API_TOKEN"):
        env["CONSOLE_API_TOKEN"] = secrets.token_urlsafe(32)
    env.setdefault("CONSOLE_URL", f"http://127.0.0.1:{env['CONSOLE_PORT']}")
    env.setdefault("DOSSIER_SERVICE_URL", f"http://127.0.0.1:{env['DOSSIER_SERVICE_PORT']}")
    env.setdefault("ACTION_SERVER_URL", f"http://127.0.0.1:{env['ACTION_PORT']}")
    return env


def _read_dotenv(path: Path) -> Dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip().strip("'\"")
    return values


@dataclass
class Service:
    name: str
    command: List[str]
    health_url: str
    log_path: Path
    timeout: float
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, env: Dict[str, str]) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.health_url, timeout=1) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def wait_healthy(self, should_stop: Callable[[], bool] = lambda: False) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if should_stop():
                raise Interrupted(f"start-up of {self.name} interrupted")
            if self.process and self.process.poll() is not None:
                raise StackError(
                    f"{self.name} exited with code {self.process.returncode}; read {self.log_path}"
                )
            if self.healthy():
                return
            time.sleep(0.2)
        raise StackError(
            f"{self.name} did not answer {self.health_url} within {self.timeout:.0f}s; "
            f"read {self.log_path}"
        )

    def terminate(self) -> None:
        """Asks the process group to stop (SIGTERM); ``wait_stopped`` makes sure."""
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def wait_stopped(self, deadline: float) -> None:
        """Waits until ``deadline`` (monotonic), then kills the process group."""
        if not self.process:
            return
        try:
            self.process.wait(timeout=max(deadline - time.monotonic(), 0.01))
        except subprocess.TimeoutExpired:
            pass
        try:  # children left behind are killed with it
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=5)

    def stop(self, grace: float = 3.0) -> None:
        self.terminate()
        self.wait_stopped(time.monotonic() + grace)


class StackError(RuntimeError):
    pass


class Interrupted(StackError):
    """Start-up was stopped on request (Ctrl-C)."""


class Stack:
    """The three processes of the assistant, in start order."""

    def __init__(
        self,
        overrides: Dict[str, str] | None = None,
        log_dir: Path | None = None,
        model: Path = MODEL,
        services: tuple = ("dossier", "console", "actions", "rasa"),
    ) -> None:
        self.env = load_env(overrides)
        log_dir = log_dir or Path(self.env.get("LOG_DIR") or ROOT / "var" / "log")
        # JSON-lines logs of Rasa and the action server (bot/logging*.yml) go here too.
        self.env["LOG_DIR"] = str(log_dir)
        env = self.env
        all_services = {
            "dossier": Service(
                "dossier service",
                [str(SERVICE_VENV / "bin" / "python"), "-m", "dossier_service"],
                f"http://127.0.0.1:{env['DOSSIER_SERVICE_PORT']}/health",
                log_dir / "dossier_service.log",
                timeout=60,
            ),
            "console": Service(
                "staff console",
                [str(CONSOLE_VENV / "bin" / "python"), "-m", "console"],
                f"http://127.0.0.1:{env['CONSOLE_PORT']}/health",
                log_dir / "console.log",
                timeout=60,
            ),
            "actions": Service(
                "action server",
                [
                    str(VENV / "bin" / "rasa"),
                    "run",
                    "actions",
                    "--actions",
                    "actions",
                    "-p",
                    env["ACTION_PORT"],
                    "--logging-config-file",
                    "bot/logging-actions.yml",
                ],
                f"http://127.0.0.1:{env['ACTION_PORT']}/health",
                log_dir / "action_server.log",
                timeout=120,
            ),
            "rasa": Service(
                "Rasa server",
                [
                    str(VENV / "bin" / "rasa"),
                    "run",
                    "--model",
                    str(model),
                    "--endpoints",
                    "bot/endpoints.yml",
                    "--credentials",
                    "bot/credentials.yml",
                    "-i",
                    "127.0.0.1",
                    "-p",
                    env["RASA_PORT"],
                    "--logging-config-file",
                    "bot/logging.yml",
                ],
                f"http://127.0.0.1:{env['RASA_PORT']}/",
                log_dir / "rasa_server.log",
                timeout=300,
            ),
        }
        self.services = [all_services[name] for name in services]

    def start(self, progress=print, should_stop: Callable[[], bool] = lambda: False) -> None:
        Path(self.env["TRACKER_DB"]).parent.mkdir(parents=True, exist_ok=True)
        try:
            for service in self.services:
                progress(f"==> starting {service.name} (log: {service.log_path})")
                service.start(self.env)
                service.wait_healthy(should_stop)
                progress(f"    {service.name} is up: {service.health_url}")
        except BaseException:
            self.stop()
            raise

    def stop(self, grace: float = 3.0) -> None:
        """Stops every process at once: SIGTERM, then SIGKILL after ``grace`` seconds."""
        for service in reversed(self.services):
            service.terminate()
        deadline = time.monotonic() + grace
        for service in reversed(self.services):
            service.wait_stopped(deadline)

    def supervisor(self, progress=print) -> Supervisor:
        """Restarts the processes of this stack that die (see scripts/supervisor.py)."""
        return Supervisor(self.services, self.env, progress=progress)

    def exited(self) -> Service | None:
        return next((s for s in self.services if s.process and s.process.poll() is not None), None)


def settings_problem(env: Dict[str, str]) -> str | None:
    """What is wrong with the action server's settings, before anything starts."""
    from actions.settings import SettingsError, load_settings

    try:
        load_settings(env)
    except SettingsError as exc:
        return str(exc)
    return None


def run() -> int:
    if not MODEL.exists():
        print(f"error: no trained model at {MODEL}; run `make train`", file=sys.stderr)
        return 1
    problem = settings_problem(load_env())
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    stack = Stack()
    stop = {"now": False}

    def on_signal(signum, frame):
        stop["now"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        stack.start(should_stop=lambda: stop["now"])
    except Interrupted:
        print("==> stopped during start-up", flush=True)
        return 130
    except StackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    env = stack.env
    from bot.tracker_db import describe as describe_tracker_store

    rasa = f"http://127.0.0.1:{env['RASA_PORT']}"
    print(
        "\nTrợ lý Dịch vụ công is running:\n"
        f"  Chat widget:       {rasa}/chat/\n"
        f"  Printable guides:  {rasa}/huong-dan/\n"
        f"  Chat (REST):       POST {rasa}/webhooks/rest/webhook\n"
        f"  Action server:     http://127.0.0.1:{env['ACTION_PORT']}\n"
        f"  Dossier service:   http://127.0.0.1:{env['DOSSIER_SERVICE_PORT']}"
        f"  (OpenAPI: /openapi.json, seed: {env['DOSSIER_SEED_FILE']})\n"
        f"  Staff console:     http://127.0.0.1:{env['CONSOLE_PORT']}/"
        "  (accounts: make staff-user)\n"
        f"  Tracker store:     {describe_tracker_store(env)}\n"
        "Press Ctrl-C to stop all of them.\n",
        flush=True,
    )
    supervisor = stack.supervisor(progress=lambda line: print(line, flush=True))
    while not stop["now"]:
        supervisor.poll()
        time.sleep(0.2)
    print("==> stopping", flush=True)
    stack.stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["run"])
    parser.parse_args()
    return run()


if __name__ == "__main__":
    sys.exit(main())
