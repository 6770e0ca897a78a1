"""Fixtures for the dossier-service tests.

Run them in the service's own virtual environment (current FastAPI / pydantic v2):

    .venv-service/bin/python -m pytest tests/dossier_service

In another environment (e.g. Rasa's, with pydantic 1) collecting this folder fails
with that command line, instead of the folder dropping out quietly.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any, Callable

import pytest

try:
    import fastapi  # noqa: F401
    import pydantic
    import pydantic_settings  # noqa: F401

    _SERVICE_ENV = pydantic.VERSION.startswith("2.")
except ImportError:
    _SERVICE_ENV = False

if not _SERVICE_ENV:
    raise pytest.UsageError(
        "tests/dossier_service run in the dossier service's environment: "
        ".venv-service/bin/python -m pytest tests/dossier_service (or make unit)"
    )
else:
    from fastapi.testclient import TestClient

    from dossier_service.app import create_app
    from dossier_service.settings import DEFAULT_SEED_FILE, Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
TZ = dt.timezone(dt.timedelta(hours=7))
#: "Today" of the demo seed.
DEMO_NOW = dt.datetime(2026, 11, 21, 9, 0, tzinfo=TZ)
SPECIAL_CODE = "000.00.12.H56-261015-0042"

VALID_RECORD: dict[str, Any] = {
    "code": SPECIAL_CODE,
    "procedure_code": "1.001193",
    "procedure_name": "Đăng ký khai sinh",
    "applicant_name": "Lê Thị Hoa",
    "applicant_phone": "0912345678",
    "receiving_unit": "Trung tâm Phục vụ hành chính công xã Thọ Xuân",
    "submitted_at": "2026-10-15T09:12:00+07:00",
    "due_at": "2026-10-19T17:00:00+07:00",
    "completed_at": None,
    "status": 5,
    "status_note": "Bổ sung bản sao giấy chứng sinh có chứng thực",
    "result_delivery": "buu_chinh",
    "fee": 0,
    "payment": "khong_thu_phi",
    "history": [
        {"at": "2026-10-15T09:12:00+07:00", "status": 1, "note": ""},
        {"at": "2026-10-15T10:30:00+07:00", "status": 2, "note": ""},
        {
            "at": "2026-10-16T08:05:00+07:00",
            "status": 5,
            "note": "Bổ sung bản sao giấy chứng sinh có chứng thực",
        },
    ],
}


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime = DEMO_NOW):
        self.current = now

    def now(self) -> dt.datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += dt.timedelta(seconds=seconds)


@pytest.fixture
def record() -> dict[str, Any]:
    """A fresh copy of a valid seed record (the contract's example, dated 2026)."""
    return copy.deepcopy(VALID_RECORD)


@pytest.fixture
def write_seed(tmp_path: Path) -> Callable[..., Path]:
    """write_seed(records) -> path of a seed file holding them."""
    counter = iter(range(1_000_000))

    def write(records: list[dict[str, Any]] | Any, raw: str | None = None) -> Path:
        path = tmp_path / f"seed-{next(counter)}.json"
        text = raw if raw is not None else json.dumps({"dossiers": records}, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_client(clock: FakeClock) -> Callable[..., TestClient]:
    """make_client(seed_file=..., max_failures=..., window=..., lock=..., max_lock=...,
    client_max_failures=..., client_window=..., trusted_proxies=..., peer=..., db=...)
    -> TestClient.

    ``peer`` is the address the requests come from (the TCP peer the app sees)."""
    clients: list[TestClient] = []

    def make(
        seed_file: Path | None = None,
        *,
        max_failures: int = 5,
        window: int = 86400,
        lock: int = 60,
        max_lock: int = 900,
        client_max_failures: int = 20,
        client_window: int = 3600,
        trusted_proxies: str = "127.0.0.1,::1",
        peer: str = "192.0.2.10",
        db: str = ":memory:",
        raise_server_exceptions: bool = True,
    ) -> TestClient:
        settings = Settings(
            _env_file=None,
            seed_file=seed_file or DEFAULT_SEED_FILE,
            db=db,
            lookup_max_failures=max_failures,
            lookup_window_seconds=window,
            lookup_lock_seconds=lock,
            lookup_max_lock_seconds=max_lock,
            client_max_failures=client_max_failures,
            client_window_seconds=client_window,
            trusted_proxies=trusted_proxies,
        )
        client = TestClient(
            create_app(settings, clock=clock),
            raise_server_exceptions=raise_server_exceptions,
            client=(peer, 50000),
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    """The demo seed, clock pinned at 2026-11-21 09:00 +07:00, default limits."""
    return make_client()


@pytest.fixture(scope="session")
def demo_dossiers() -> list[dict[str, Any]]:
    return json.loads(DEFAULT_SEED_FILE.read_text(encoding="utf-8"))["dossiers"]
