"""Two configurations of the assistant's server, A B A B, without the baseline.

For measuring one change at a time (`make bench` compares against the baseline):
    python scripts/bench_ab.py 'tuned=config.yml' 'untuned=config.yml,RASA_SERVER_TUNING=0'
Whole conversations and NLU + rules turns at --users users, --seconds per measurement.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.bench import merge, parse_variant, start_rasa, start_services  # noqa: E402
from scripts.bench_load import run_load  # noqa: E402
from scripts.bench_models import trained  # noqa: E402
from tests.support.stack import make_seed  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("variants", nargs=2, help="NAME=CONFIG[,KEY=VALUE...]")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    variants = [parse_variant(text) for text in args.variants]
    for v in variants:
        v.facts = trained(v.config.stem, v.config, print)
    seed = make_seed()
    dossiers = seed["dossiers"][:4]
    log_dir = ROOT / "var" / "log" / "bench-ab"
    raw = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        services, shared = start_services(workdir, seed, log_dir)
        try:
            threads = [
                threading.Thread(target=start_rasa, args=(v, shared, workdir, log_dir, print))
                for v in variants
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            for v in variants:
                run_load(v.url, "conversation", 2, 5, dossiers, seed=99)
            for round_no in range(args.rounds):
                for workload in ("conversation", "nlu"):
                    for v in variants:
                        result = run_load(
                            v.url, workload, args.users, args.seconds, dossiers, round_no + 1
                        )
                        raw.setdefault((workload, v.name), []).append(result)
        finally:
            for v in variants:
                if v.stack:
                    v.stack.stop()
            services.stop()
    print("| workload | users | variant | msg/s | p50 ms | p95 ms | p99 ms | answered |")
    print("|---|---|---|---|---|---|---|---|")
    for (workload, name), results in raw.items():
        r = merge(results)
        print(
            f"| {workload} | {args.users} | {name} | {r['msg_s']:.1f} | {r['p50']:.0f} | "
            f"{r['p95']:.0f} | {r['p99']:.0f} | {r['answered']:.0%} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
