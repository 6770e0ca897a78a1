"""Load test: 20 simulated citizens for 60 s against the real stack, on loopback.

Starts the stack on free loopback ports (the tests' stack: seed dossiers around
today, fault proxy passing through), then runs ``--users`` simulated users for
``--seconds``. Each user holds realistic conversations, on the REST channel or the
widget's channel, with pauses between messages as a person types: greetings,
questions on procedures, VNeID and payment, and full dossier lookups (code, then
the 4 digits). Each user comes from its own address through a trusted proxy
(``X-Forwarded-For``), as behind the deployment's reverse proxy.

An error is a non-200 answer, a timeout, an empty answer, the apology of a failing
service or the rate-limit answer, or a lookup that does not give the status. Prints
the number of messages, errors, latency p50/p95/p99, and the resident memory of each
process before, at the peak and after. Exits 1 on any error. Stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.channels.input_checks import error_message  # noqa: E402
from bot.channels.replies import SERVICE_UNAVAILABLE, reply_text  # noqa: E402
from tests.support.stack import running_stack  # noqa: E402

QUESTIONS = [
    ["xin chào", "làm giấy khai sinh cần gì", "cảm ơn"],
    ["quên mật khẩu VNeID", "ko nhan dc otp", "tạm biệt"],
    ["nop ho so online lam sao", "thanh toán lệ phí online", "cảm ơn nhé"],
    ["bạn giúp được gì", "cho tôi gặp cán bộ"],
]
# Indexes of the test seed's dossiers a user looks up, and their phones' last digits.
LOOKUPS = [0, 2, 3]


@dataclass
class Results:
    latencies: List[float] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)
    lookups: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class User:
    def __init__(
        self, number: int, base_url: str, seed: Dict, results: Results, deadline: float
    ) -> None:
        self.base_url = base_url
        self.seed = seed
        self.results = results
        self.deadline = deadline
        self.random = random.Random(number)
        self.address = f"198.51.100.{number + 1}"
        self.widget = number % 2 == 1
        self.session = requests.Session()
        self.bad_texts = [
            reply_text(SERVICE_UNAVAILABLE),
            error_message("rate_limited", retry_after="")[:20],
        ]

    def say(self, sender: str, text: str) -> str:
        url = (
            f"{self.base_url}/chat/webhook"
            if self.widget
            else f"{self.base_url}/webhooks/rest/webhook"
        )
        started = time.perf_counter()
        error = None
        answer = ""
        try:
            response = self.session.post(
                url,
                json={"sender": sender, "message": text},
                headers={"X-Forwarded-For": self.address},
                timeout=30,
            )
            if response.status_code != 200:
                error = f"HTTP {response.status_code}"
            else:
                body = response.json()
                messages = body["messages"] if self.widget else body
                answer = "\n".join(m.get("text") or "" for m in messages)
                if not messages:
                    error = "empty answer"
                elif any(bad and bad in answer for bad in self.bad_texts):
                    error = "apology or rate limit"
        except (requests.RequestException, ValueError, KeyError) as exc:
            error = type(exc).__name__
        self.results.add(time.perf_counter() - started, f"{text!r}: {error}" if error else None)
        return answer

    def pause(self) -> bool:
        """A person reads and types: 2 to 5 s. False when the test is over."""
        wait = self.random.uniform(2.0, 5.0)
        if time.monotonic() + wait >= self.deadline:
            return False
        time.sleep(wait)
        return True

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            sender = str(uuid.uuid4())
            if self.random.random() < 0.5:
                turns = self.random.choice(QUESTIONS)
                for text in turns:
                    self.say(sender, text)
                    if not self.pause():
                        return
            else:
                dossier = self.seed["dossiers"][self.random.choice(LOOKUPS)]
                self.say(sender, "tra cứu hồ sơ")
                if not self.pause():
                    return
                self.say(sender, dossier["code"])
                if not self.pause():
                    return
                answer = self.say(sender, dossier["applicant_phone"][-4:])
                with self.results.lock:
                    self.results.lookups += 1
                    if dossier["code"] not in answer:
                        self.results.errors.append(f"lookup of {dossier['code']} gave no status")
                if not self.pause():
                    return


def percentile(values: List[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    # The simulated users come through a proxy on loopback, each with its address.
    os.environ["TRUSTED_PROXIES"] = "127.0.0.1"
    with tempfile.TemporaryDirectory() as workdir:
        print("==> starting the stack (loopback, free ports)", flush=True)
        with running_stack(Path(workdir), "loadtest") as stack:
            pids = {s.name: s.process.pid for s in stack.services}
            # Warm up: the first message of each channel loads lazily built parts.
            warm = User(0, stack.rasa_url, stack.seed, Results(), time.monotonic() + 30)
            for widget in (False, True):
                warm.widget = widget
                warm.say(str(uuid.uuid4()), "xin chào")
            before = {name: rss_mb(pid) for name, pid in pids.items()}
            peak = dict(before)
            results = Results()
            deadline = time.monotonic() + args.seconds
            users = [
                User(i, stack.rasa_url, stack.seed, results, deadline) for i in range(args.users)
            ]
            threads = [threading.Thread(target=u.run, daemon=True) for u in users]
            print(f"==> {args.users} users for {args.seconds:.0f}s", flush=True)
            for thread in threads:
                thread.start()
            while any(t.is_alive() for t in threads):
                for name, pid in pids.items():
                    peak[name] = max(peak[name], rss_mb(pid))
                time.sleep(1)
                if time.monotonic() > deadline + 60:
                    results.errors.append("users still busy 60 s after the end")
                    break
            after = {name: rss_mb(pid) for name, pid in pids.items()}
    lat = results.latencies
    print(f"\nmessages: {len(lat)}  lookups: {results.lookups}  errors: {len(results.errors)}")
    if lat:
        print(
            f"latency (s): p50 {percentile(lat, 0.50):.3f}  p95 {percentile(lat, 0.95):.3f}  "
            f"p99 {percentile(lat, 0.99):.3f}  max {max(lat):.3f}  "
            f"mean {statistics.mean(lat):.3f}"
        )
        print(f"throughput: {len(lat) / args.seconds:.1f} messages/s")
    print("resident memory (MB): before / peak / after")
    for name in before:
        print(f"  {name:16s} {before[name]:7.0f} / {peak[name]:7.0f} / {after[name]:7.0f}")
    for error in results.errors[:20]:
        print(f"error: {error}")
    print(json.dumps({"messages": len(lat), "errors": len(results.errors)}))
    return 1 if results.errors or not lat else 0


if __name__ == "__main__":
    sys.exit(main())
