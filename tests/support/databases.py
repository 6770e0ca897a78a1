"""PostgreSQL 15 and Redis 7 from Debian's packages, as throw-away servers on loopback.

Each runs from a temporary directory of its own, on a free port, and is stopped (and its
directory removed) by ``stop()``. PostgreSQL refuses to run as root, so when the tests
run as root (CI, containers) the cluster belongs to the unprivileged ``nobody`` account
and its commands run through ``runuser``; nothing is added to the system.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import List

from tests.support.stack import free_port

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = os.environ.get("REDIS_SERVER", "/usr/bin/redis-server")
UNPRIVILEGED = "nobody"


class ServiceMissing(RuntimeError):
    pass


def _as_owner(command: List[str]) -> List[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", UNPRIVILEGED, "--", *command]
    return command


class PostgresServer:
    """A PostgreSQL cluster with password authentication (scram) on 127.0.0.1."""

    superuser = "postgres"

    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists():
            raise ServiceMissing(f"no PostgreSQL 15 at {PG_BIN}: apt-get install postgresql-15")
        self.port = free_port()
        self.password = secrets.token_urlsafe(16)
        self.dir = Path(tempfile.mkdtemp(prefix="scale-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.started = False

    def url(self, database: str, user: str | None = None, password: str | None = None) -> str:
        user = user or self.superuser
        password = password or self.password
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def start(self) -> PostgresServer:
        pwfile = self.dir / "pw"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        if os.geteuid() == 0:
            owner = pwd.getpwnam(UNPRIVILEGED)
            for path in (self.dir, pwfile):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        self._run(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                self.superuser,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        )
        pwfile.unlink()
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.dir} -c fsync=off -c max_connections=60"
        )
        self._run(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        )
        self.started = True
        return self

    def create_database(self, name: str, owner: str, password: str) -> str:
        """A database with a login role of its own; returns its URL."""
        import psycopg2

        conn = psycopg2.connect(self.url("postgres"))
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(f'CREATE ROLE "{owner}" LOGIN PASSWORD %s', (password,))
                cur.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
        finally:
            conn.close()
        return self.url(name, owner, password)

    def _run(self, command: List[str]) -> None:
        done = subprocess.run(
            _as_owner(command), capture_output=True, text=True, timeout=120, cwd=self.dir
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(
                f"{command[0]} failed ({done.returncode}): {done.stderr[-2000:]}\n{log[-2000:]}"
            )

    def stop(self) -> None:
        if self.started:
            subprocess.run(
                _as_owner(
                    [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]
                ),
                capture_output=True,
                timeout=60,
                cwd=self.dir,
            )
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


class RedisServer:
    """A Redis server without persistence, password-protected, on 127.0.0.1."""

    def __init__(self) -> None:
        if not Path(REDIS_SERVER).exists():
            raise ServiceMissing(f"no Redis at {REDIS_SERVER}: apt-get install redis-server")
        self.port = free_port()
        self.password = secrets.token_urlsafe(16)
        self.dir = Path(tempfile.mkdtemp(prefix="scale-redis-"))
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 1) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/{db}"

    def start(self) -> RedisServer:
        config = self.dir / "redis.conf"
        config.write_text(
            f'port {self.port}\nbind 127.0.0.1\nsave ""\nappendonly no\n'
            f"dir {self.dir}\nrequirepass {self.password}\n",
            encoding="utf-8",
        )
        config.chmod(0o600)
        self.process = subprocess.Popen(
            [REDIS_SERVER, str(config)],
            cwd=self.dir,
            stdout=open(self.dir / "redis.log", "wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, password=self.password)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                return self
            except redis.exceptions.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "redis-server did not start: "
                        + (self.dir / "redis.log").read_text(errors="replace")[-2000:]
                    ) from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        shutil.rmtree(self.dir, ignore_errors=True)
