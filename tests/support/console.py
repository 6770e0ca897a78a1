"""The staff console as the tests use it: a staff account, a logged-in HTTP session,
and direct reads of its database and of the tracker store."""

from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
import subprocess
import uuid
from pathlib import Path
from typing import Any, Dict, List

import requests

from scripts.stack import CONSOLE_VENV, ROOT

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def create_staff(console_db: Path, username: str, password: str, name: str) -> None:
    env = dict(
        os.environ,
        CONSOLE_DB=str(console_db),
        CONSOLE_STAFF_PASSWORD=password,
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [
            str(CONSOLE_VENV / "bin" / "python"),
            "-m",
            "console",
            "staff",
            "add",
            username,
            "--name",
            name,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr


class StaffSession:
    """A staff member logged in over HTTP, as a browser would be."""

    def __init__(self, url: str, console_db: Path) -> None:
        self.url = url
        self.username = f"canbo{uuid.uuid4().hex[:6]}"
        self.password = uuid.uuid4().hex
        create_staff(console_db, self.username, self.password, "Cán bộ Kiểm Thử")
        self.http = requests.Session()
        token = CSRF.search(self.http.get(f"{url}/login", timeout=10).text).group(1)
        response = self.http.post(
            f"{url}/login",
            data={"username": self.username, "password": self.password, "csrf_token": token},
            timeout=10,
            allow_redirects=False,
        )
        assert response.status_code == 303, response.text

    def csv(self, name: str, days: int = 7) -> List[List[str]]:
        response = self.http.get(f"{self.url}/export/{name}.csv?days={days}", timeout=30)
        response.raise_for_status()
        return list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))[1:]


def console_requests(console_db: Path) -> List[Dict[str, Any]]:
    with sqlite3.connect(console_db) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM handoff_requests ORDER BY id")]


def phone_holds(console_db: Path) -> int:
    with sqlite3.connect(console_db) as db:
        return db.execute("SELECT COUNT(*) FROM phone_holds").fetchone()[0]


def tracker_rows(tracker_db: Path, sender: str | None = None) -> List[sqlite3.Row]:
    with sqlite3.connect(tracker_db) as db:
        db.row_factory = sqlite3.Row
        if sender:
            return list(db.execute("SELECT * FROM events WHERE sender_id = ?", (sender,)))
        return list(db.execute("SELECT * FROM events"))
