"""Bounded load on one Rasa server over loopback: closed-loop virtual users.

Each virtual user sends a message, waits for the answer and sends the next one until
the measurement's time is up (so the load stops by itself). A user starts a new
conversation (a new random sender id) every few messages, as citizens do, so that no
conversation grows without bound and no per-sender rate limit is reached.

Three workloads:
- ``nlu``: questions answered by the NLU and the rules (no dossier lookup);
- ``lookup``: a dossier code, then its 4 digits; the 4 digits turn runs the lookup
  (form validation, the action server, the dossier service), and only that turn is
  timed, while both turns count towards the message rate;
- ``conversation``: whole conversations (greeting, questions, a lookup, thanks, goodbye),
  every message timed.
The questions are written for this benchmark, in the three ways citizens type
(with diacritics, without, shorthand); none comes from the held-out NLU set.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

import aiohttp

QUESTIONS = [
    "làm sao để cài ứng dụng VNeID",
    "tôi quên mật khẩu VNeID thì làm thế nào",
    "ko nhan dc ma otp",
    "nop ho so online lam sao",
    "thanh toán lệ phí trực tuyến như thế nào",
    "làm giấy khai sinh cho con cần những gì",
    "số tổng đài hỗ trợ là bao nhiêu",
    "trung tâm làm việc mấy giờ",
    "đổi điện thoại mới thì tài khoản định danh có mất không",
    "quet chip cccd khong duoc",
    "đăng ký tài khoản định danh mức 2 ở đâu",
    "hồ sơ bị yêu cầu bổ sung thì làm gì",
    "muốn rút hồ sơ đã nộp",
    "đã trả tiền rồi mà cổng báo chưa thanh toán",
    "lấy biên lai điện tử ở đâu",
    "có thể nộp hồ sơ ở xã khác không",
    "kết quả được gửi về nhà qua bưu điện không",
    "dang nhap cong dich vu cong bang gi",
    "có người gọi điện bảo cập nhật vneid có phải lừa đảo không",
    "kich hoat tai khoan dinh danh dien tu",
    "ban la nguoi hay may",
    "tôi muốn gặp cán bộ",
]
OPENINGS = ["xin chào", "chào bạn", "alo"]
CLOSINGS = [("cảm ơn nhé", "tạm biệt"), ("cam on ban", "bye")]
CONVERSATION_LENGTH = 8  # messages per sender in the nlu workload


@dataclass
class Sample:
    kind: str
    seconds: float
    ok: bool  # HTTP 200 with at least one message
    answered: bool  # the answer expected (for a lookup: the dossier's code in it)


@dataclass
class Result:
    samples: List[Sample] = field(default_factory=list)
    messages: int = 0
    conversations: int = 0
    errors: int = 0
    wall: float = 0.0

    def timed(self) -> List[float]:
        return [s.seconds for s in self.samples]


def percentile(values: List[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _lookup_steps(dossier: Dict) -> List[Tuple[str, str, str]]:
    code = dossier["code"]
    return [
        (f"hồ sơ {code} xong chưa", "open", ""),
        (dossier["applicant_phone"][-4:], "lookup", code),
    ]


def conversation_steps(
    workload: str, rng: random.Random, dossiers: List[Dict]
) -> List[Tuple[str, str, str]]:
    """(text, kind, text the answer must contain) for one conversation of a workload."""
    dossier = rng.choice(dossiers)
    if workload == "nlu":
        return [(q, "nlu", "") for q in rng.sample(QUESTIONS, CONVERSATION_LENGTH)]
    if workload == "lookup":
        return _lookup_steps(dossier)
    thanks, bye = rng.choice(CLOSINGS)
    return (
        [(rng.choice(OPENINGS), "nlu", "")]
        + [(q, "nlu", "") for q in rng.sample(QUESTIONS, 2)]
        + [("tra cứu hồ sơ", "open", ""), (dossier["code"], "open", "")]
        + [(dossier["applicant_phone"][-4:], "lookup", dossier["code"])]
        + [(thanks, "nlu", ""), (bye, "nlu", "")]
    )


TIMED_KINDS = {"nlu": {"nlu"}, "lookup": {"lookup"}, "conversation": {"nlu", "open", "lookup"}}


async def _send(session: aiohttp.ClientSession, url: str, sender: str, text: str):
    started = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            body = await response.json(content_type=None) if response.status == 200 else None
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        body = None
    return time.perf_counter() - started, body


async def _user(session, url, workload, seed, deadline, dossiers, result: Result) -> None:
    rng = random.Random(seed)
    while time.perf_counter() < deadline:
        sender = str(uuid.uuid4())
        for text, kind, expect in conversation_steps(workload, rng, dossiers):
            if time.perf_counter() >= deadline:
                return
            seconds, body = await _send(session, url, sender, text)
            ok = bool(body)
            reply = "\n".join(m.get("text") or "" for m in body) if ok else ""
            result.messages += 1
            result.errors += 0 if ok else 1
            if kind in TIMED_KINDS[workload]:
                result.samples.append(
                    Sample(kind, seconds, ok, ok and (not expect or expect in reply))
                )
        result.conversations += 1


async def _run(
    base_url: str, workload: str, users: int, seconds: float, dossiers, seed: int
) -> Result:
    url = f"{base_url}/webhooks/rest/webhook"
    result = Result()
    timeout = aiohttp.ClientTimeout(total=120)
    connector = aiohttp.TCPConnector(limit=users)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(
            *(
                _user(session, url, workload, seed * 1000 + i, deadline, dossiers, result)
                for i in range(users)
            )
        )
        result.wall = time.perf_counter() - started
    return result


def run_load(
    base_url: str, workload: str, users: int, seconds: float, dossiers, seed: int = 1
) -> Result:
    """Runs one measurement; returns when every user's last answer arrived."""
    return asyncio.run(_run(base_url, workload, users, seconds, dossiers, seed))


def first_answer(base_url: str, started: float, timeout: float = 600) -> float:
    """Seconds from ``started`` (a perf_counter) to a non-empty answer to a greeting."""
    import requests

    while time.perf_counter() - started < timeout:
        try:
            response = requests.post(
                f"{base_url}/webhooks/rest/webhook",
                json={"sender": str(uuid.uuid4()), "message": "xin chào"},
                timeout=30,
            )
            if response.status_code == 200 and response.json():
                return time.perf_counter() - started
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base_url} gave no answer within {timeout:.0f}s")
