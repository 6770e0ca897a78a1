"""SQLite storage (stdlib ``sqlite3``), filled from the seed at start-up.

``DOSSIER_DB`` is a file path (default ``var/dossier_service.db``): its dossier tables
are dropped and reloaded from the seed at every start, while the failed-look-up tables
(``ratelimit.py``) are kept, so the limits hold across restarts. ``:memory:`` keeps
everything in a private shared-cache in-memory database that lives as long as the
:class:`Database` object (tests). Each request gets its own connection (see
``dependencies.get_db``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path
from typing import Iterable

from .seed_file import DossierRecord, HistoryRecord

SCHEMA = """
DROP TABLE IF EXISTS history;
DROP TABLE IF EXISTS dossiers;
CREATE TABLE dossiers (
    code            TEXT PRIMARY KEY,
    procedure_code  TEXT NOT NULL,
    procedure_name  TEXT NOT NULL,
    applicant_name  TEXT NOT NULL,
    applicant_phone TEXT NOT NULL,
    receiving_unit  TEXT NOT NULL,
    submitted_at    TEXT NOT NULL,
    due_at          TEXT NOT NULL,
    completed_at    TEXT,
    status          INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
    status_note     TEXT NOT NULL,
    result_delivery TEXT NOT NULL,
    fee             INTEGER NOT NULL CHECK (fee >= 0),
    payment         TEXT NOT NULL
);
CREATE TABLE history (
    dossier_code TEXT NOT NULL REFERENCES dossiers(code) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    at           TEXT NOT NULL,
    status       INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
    note         TEXT NOT NULL,
    PRIMARY KEY (dossier_code, position)
);
"""


class Database:
    """Owns the database location; hands out connections."""

    def __init__(self, location: str = ":memory:"):
        self._keeper: sqlite3.Connection | None = None
        if location in ("", ":memory:"):
            self._target = f"file:dossiers-{uuid.uuid4().hex}?mode=memory&cache=shared"
            self._uri = True
            # The in-memory database exists as long as one connection to it is open.
            self._keeper = self.connect()
        else:
            Path(location).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self._target = str(Path(location).expanduser())
            self._uri = False
            conn = self.connect()
            try:
                # Readers never wait for the limits' writes; writers queue on the file lock.
                conn.execute("PRAGMA journal_mode = WAL")
            finally:
                conn.close()

    def connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._target, uri=self._uri, check_same_thread=False, timeout=10.0)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        # With WAL, NORMAL never corrupts the file; a power cut may lose the last failures.
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    def load(self, records: Iterable[DossierRecord]) -> int:
        """Replace all tables with ``records``; returns the number of dossiers."""
        conn = self.connect()
        try:
            conn.executescript(SCHEMA)
            count = 0
            with conn:
                for r in records:
                    conn.execute(
                        "INSERT INTO dossiers VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (
                            r.code,
                            r.procedure_code,
                            r.procedure_name,
                            r.applicant_name,
                            r.applicant_phone,
                            r.receiving_unit,
                            r.submitted_at.isoformat(),
                            r.due_at.isoformat(),
                            r.completed_at.isoformat() if r.completed_at else None,
                            r.status,
                            r.status_note,
                            r.result_delivery,
                            r.fee,
                            r.payment,
                        ),
                    )
                    conn.executemany(
                        "INSERT INTO history VALUES (?,?,?,?,?)",
                        [
                            (r.code, i, h.at.isoformat(), h.status, h.note)
                            for i, h in enumerate(r.history)
                        ],
                    )
                    count += 1
            return count
        finally:
            conn.close()

    def close(self) -> None:
        if self._keeper is not None:
            self._keeper.close()
            self._keeper = None


def count_dossiers(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]


def get_phone(conn: sqlite3.Connection, code: str) -> str | None:
    """The registered phone number of a dossier, or None for an unknown code."""
    row = conn.execute("SELECT applicant_phone FROM dossiers WHERE code = ?", (code,)).fetchone()
    return None if row is None else row[0]


def get_dossier(conn: sqlite3.Connection, code: str) -> DossierRecord | None:
    row = conn.execute("SELECT * FROM dossiers WHERE code = ?", (code,)).fetchone()
    if row is None:
        return None
    history = tuple(
        HistoryRecord(at=dt.datetime.fromisoformat(h["at"]), status=h["status"], note=h["note"])
        for h in conn.execute(
            "SELECT at, status, note FROM history WHERE dossier_code = ? ORDER BY position", (code,)
        )
    )
    return DossierRecord(
        code=row["code"],
        procedure_code=row["procedure_code"],
        procedure_name=row["procedure_name"],
        applicant_name=row["applicant_name"],
        applicant_phone=row["applicant_phone"],
        receiving_unit=row["receiving_unit"],
        submitted_at=dt.datetime.fromisoformat(row["submitted_at"]),
        due_at=dt.datetime.fromisoformat(row["due_at"]),
        completed_at=dt.datetime.fromisoformat(row["completed_at"])
        if row["completed_at"]
        else None,
        status=row["status"],
        status_note=row["status_note"],
        result_delivery=row["result_delivery"],
        fee=row["fee"],
        payment=row["payment"],
        history=history,
    )
