"""The real stack for conversation and browser tests.

Starts the dossier service (on a seed file written here, through DOSSIER_SEED_FILE),
the staff console (its own database here, working hours set by the tests), the action
server and the Rasa server with the trained model, on free loopback ports.
The action server reaches the dossier service through a fault proxy run by the tests,
so that each failure of the service (down, slow, 5xx, garbage) can be switched on.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Dict, List

import requests

from scripts.stack import MODEL, ROOT, Stack
from tests.support.http import QuietHandler, send, serve, stop

VN = timezone(timedelta(hours=7))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def make_seed() -> Dict[str, Any]:
    """Dossiers dated around the real current time, so the overdue flag is known."""
    now = datetime.now(VN).replace(microsecond=0)

    def dossier(seq, status, submitted_days_ago, due_in_days, phone, **extra):
        submitted = now - timedelta(days=submitted_days_ago)
        due = now + timedelta(days=due_in_days)
        record = {
            "code": f"000.00.12.H56-{submitted:%y%m%d}-{seq:04d}",
            "procedure_code": "1.001193",
            "procedure_name": "Đăng ký khai sinh",
            "applicant_name": "Lê Thị Hoa",
            "applicant_phone": phone,
            "receiving_unit": "Trung tâm Phục vụ hành chính công xã Thọ Xuân",
            "submitted_at": _iso(submitted),
            "due_at": _iso(due),
            "completed_at": None,
            "status": status,
            "status_note": "",
            "result_delivery": "buu_chinh",
            "fee": 0,
            "payment": "khong_thu_phi",
            "history": [{"at": _iso(submitted), "status": 1, "note": ""}],
        }
        if status != 1:
            record["history"].append(
                {
                    "at": _iso(submitted + timedelta(hours=1)),
                    "status": status,
                    "note": extra.get("status_note", ""),
                }
            )
        record.update(extra)
        return record

    return {
        "dossiers": [
            dossier(42, 4, 3, 4, "0912345678"),
            dossier(
                43,
                5,
                9,
                -2,
                "0987650001",
                status_note="Bổ sung bản sao giấy chứng sinh có chứng thực",
            ),
            dossier(
                44,
                6,
                5,
                3,
                "0977001122",
                procedure_name="Cấp phiếu lý lịch tư pháp",
                fee=200000,
                payment="chua_thanh_toan",
                status_note="Nộp phí cấp phiếu lý lịch tư pháp",
            ),
            dossier(45, 9, 6, 1, "0933334444", result_delivery="truc_tiep"),
            # Kept for the rate-limit test: its failed lookups lock it.
            dossier(46, 2, 1, 5, "0944445555"),
        ]
    }


class FaultProxy:
    """Forwards the action server's calls to the dossier service, or fails them."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.mode = "pass"
        proxy = self

        class Handler(QuietHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                mode = proxy.mode
                if mode == "down":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if mode == "slow":
                    time.sleep(10)
                if mode == "error":
                    return send(self, 503, b'{"detail": "maintenance"}')
                if mode == "garbage":
                    return send(self, 200, b"<html>Bad gateway</html>", "text/html")
                forwarded = (
                    {"X-Forwarded-For": self.headers["X-Forwarded-For"]}
                    if self.headers["X-Forwarded-For"]
                    else {}
                )
                upstream = requests.post(
                    proxy.target + self.path,
                    data=body,
                    headers={"Content-Type": "application/json", **forwarded},
                    timeout=5,
                )
                send(self, upstream.status_code, upstream.content)

        self.server, self.url = serve(Handler)

    def close(self) -> None:
        stop(self.server)


class Chat:
    """One conversation over Rasa's REST channel."""

    def __init__(self, base_url: str) -> None:
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.sender = str(uuid.uuid4())

    def say(self, text: str) -> List[Dict[str, Any]]:
        response = requests.post(
            self.url, json={"sender": self.sender, "message": text}, timeout=30
        )
        response.raise_for_status()
        return response.json()

    def text(self, text: str) -> str:
        return "\n".join(m.get("text", "") for m in self.say(text))


@contextlib.contextmanager
def running_stack(
    workdir: Path, log_name: str, extra_env: Callable[[str], Dict[str, str]] | None = None
):
    """Dossier service on a fresh seed, action server behind a fault proxy, Rasa.

    ``extra_env(rasa_url)`` adds variables (the Zalo tests point ZALO_* at a fake Zalo)."""
    if not MODEL.exists():
        raise RuntimeError(f"no trained model at {MODEL}: run `make train` first")
    seed = make_seed()
    seed_file = workdir / "seed.json"
    seed_file.write_text(json.dumps(seed, ensure_ascii=False), encoding="utf-8")
    dossier_port = free_port()
    proxy = FaultProxy(f"http://127.0.0.1:{dossier_port}")
    ports = {"RASA_PORT": str(free_port()), "ACTION_PORT": str(free_port())}
    console_port = str(free_port())
    hours_file = workdir / "working_hours.yml"
    write_working_hours(hours_file, open_now=True)
    rasa_url = f"http://127.0.0.1:{ports['RASA_PORT']}"
    running = Stack(
        overrides={
            **ports,
            "DOSSIER_SERVICE_PORT": str(dossier_port),
            "DOSSIER_SERVICE_URL": proxy.url,
            "DOSSIER_SEED_FILE": str(seed_file),
            "TRACKER_DB": str(workdir / "tracker.db"),
            "DOSSIER_LOOKUP_MAX_FAILURES": "50",
            "DOSSIER_DB": str(workdir / "dossier_service.db"),
            # Every test chat comes from 127.0.0.1: one client for the per-client limit.
            "DOSSIER_CLIENT_MAX_FAILURES": "1000",
            "GUIDE_OUTCOMES_FILE": str(workdir / "guide_outcomes.jsonl"),
            "CONSOLE_PORT": console_port,
            "CONSOLE_DB": str(workdir / "console.db"),
            "CONSOLE_API_TOKEN": uuid.uuid4().hex,
            "WORKING_HOURS_FILE": str(hours_file),
            **(extra_env(rasa_url) if extra_env else {}),
        },
        log_dir=ROOT / "var" / "log" / log_name,
    )
    running.start(progress=lambda line: None)
    running.proxy = proxy
    running.seed = seed
    running.rasa_url = rasa_url
    running.tracker_db = workdir / "tracker.db"
    running.outcomes_file = workdir / "guide_outcomes.jsonl"
    running.console_url = f"http://127.0.0.1:{console_port}"
    running.console_db = workdir / "console.db"
    running.working_hours_file = hours_file
    try:
        yield running
    finally:
        running.stop()
        proxy.close()


def write_working_hours(path: Path, open_now: bool) -> None:
    """Open every day all day; or the same with today (in Vietnam) a public holiday."""
    today = datetime.now(VN).date().isoformat()
    path.write_text(
        "timezone: Asia/Ho_Chi_Minh\n"
        "working_days: [0, 1, 2, 3, 4, 5, 6]\n"
        'periods:\n  - {start: "00:00", end: "23:59", label: "cả ngày"}\n'
        f"public_holidays: {{yearly: [], dates: [{'' if open_now else today}]}}\n"
        "wording:\n"
        '  today: "hôm nay"\n'
        '  weekdays: ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]\n'
        '  period: "{label} {day} ({start}–{end})"\n'
        '  opening: "lúc {start} {day}"\n',
        encoding="utf-8",
    )


def code_of(seed: Dict[str, Any], index: int) -> str:
    return seed["dossiers"][index]["code"]


def payloads(messages: List[Dict[str, Any]]) -> List[str]:
    """The payloads of every button in a list of bot messages."""
    return [b["payload"] for m in messages for b in m.get("buttons", [])]
