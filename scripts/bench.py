"""Speed and memory of the running assistant, measured on this machine.

Starts the stack on free loopback ports, sends a fixed, bounded mix of conversations
over the REST channel (FAQ questions and full dossier lookups), sequentially and with
a few concurrent users, and reports latency percentiles and the resident memory of
each process. Writes docs/benchmarks-runtime.md. Numbers, not pass/fail: the machine
is shared and noisy.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.stack import running_stack  # noqa: E402

FAQ = ["xin chào", "quên mật khẩu VNeID", "ko nhan dc otp", "nop ho so online lam sao",
       "thanh toán lệ phí online", "làm giấy khai sinh cần gì", "hotline vneid", "tạm biệt"]
ROUNDS = 5
USERS = 4


def rss_mb(pid: int) -> float:
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def conversation(url: str, seed) -> list:
    sender = str(uuid.uuid4())
    timings = []
    dossier = seed["dossiers"][0]
    for text in FAQ + ["tra cứu hồ sơ", dossier["code"], dossier["applicant_phone"][-4:]]:
        started = time.perf_counter()
        response = requests.post(f"{url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": text}, timeout=30)
        response.raise_for_status()
        timings.append(time.perf_counter() - started)
    return timings


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] * 1000


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, running_stack(Path(tmp), "bench") as stack:
        url = stack.rasa_url
        conversation(url, stack.seed)  # warm-up
        sequential = [t for _ in range(ROUNDS) for t in conversation(url, stack.seed)]
        started = time.perf_counter()
        with ThreadPoolExecutor(USERS) as pool:
            results = list(pool.map(lambda _: conversation(url, stack.seed), range(ROUNDS * USERS)))
        wall = time.perf_counter() - started
        concurrent = [t for r in results for t in r]
        memory = {s.name: rss_mb(s.process.pid) for s in stack.services}
    lines = [
        "# Runtime benchmarks",
        "",
        "Written by `make bench` (scripts/bench.py) on this machine (2 cores, shared). "
        f"Each conversation: {len(FAQ)} FAQ messages and one full dossier lookup "
        f"({len(FAQ) + 3} messages) over the REST channel.",
        "",
        "| load | messages | p50 ms | p95 ms | max ms | mean ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, values in (("1 user, sequential", sequential), (f"{USERS} concurrent users", concurrent)):
        lines.append(
            f"| {name} | {len(values)} | {pct(values, 0.5):.0f} | {pct(values, 0.95):.0f} | "
            f"{max(values) * 1000:.0f} | {statistics.mean(values) * 1000:.0f} |"
        )
    lines += ["", f"Throughput with {USERS} users: {len(concurrent) / wall:.1f} messages/s.", "",
              "| process | resident memory (MB) |", "|---|---|"]
    lines += [f"| {name} | {mb:.0f} |" for name, mb in memory.items()]
    report = "\n".join(lines) + "\n"
    (ROOT / "docs" / "benchmarks-runtime.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
