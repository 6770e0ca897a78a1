"""Throughput and memory of two Rasa servers sharing PostgreSQL and Redis.

Starts the replicas as ``make test-scale`` does (tests/support/replicas.py), sends
conversations (FAQ questions and a dossier lookup) from several concurrent users, each
message to the next server in turn, and prints messages per second and the resident
memory of each Rasa server. Numbers for docs/deploy.md, not pass/fail: the machine is
shared and noisy. ``python scripts/bench_replicas.py [USERS] [ROUNDS]``.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.bench import FAQ, rss_mb  # noqa: E402
from tests.support.replicas import running_replicas  # noqa: E402


def conversation(urls: list, seed) -> int:
    sender = str(uuid.uuid4())
    dossier = seed["dossiers"][0]
    servers = itertools.cycle(urls)
    texts = FAQ + ["tra cứu hồ sơ", dossier["code"], dossier["applicant_phone"][-4:]]
    for text in texts:
        reply = requests.post(
            f"{next(servers)}/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            timeout=60,
        )
        reply.raise_for_status()
    return len(texts)


def main() -> int:
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as workdir, running_replicas(Path(workdir)) as rep:
        conversation(rep.urls, rep.seed)  # warm-up
        started = time.perf_counter()
        with ThreadPoolExecutor(users) as pool:
            counts = list(
                pool.map(lambda _: conversation(rep.urls, rep.seed), range(users * rounds))
            )
        elapsed = time.perf_counter() - started
        rasa = [s for stack in rep.stacks for s in stack.services if s.name == "Rasa server"]
        memory = [rss_mb(s.process.pid) for s in rasa]
    total = sum(counts)
    print(
        f"{users} concurrent users, {total} messages over 2 Rasa servers "
        f"(PostgreSQL + Redis): {total / elapsed:.1f} messages/s"
    )
    for n, mb in enumerate(memory, 1):
        print(f"Rasa server {n}: {mb:.0f} MB resident")
    return 0


if __name__ == "__main__":
    sys.exit(main())
