"""`make bench`: the assistant against Rasa's default recipe, side by side, in one run.

Both models are trained on the same data and domain (cached in models/bench/, keyed by
a hash of config, data, domain and NLU code; see scripts/bench_models.py): the
assistant with config.yml, the baseline with the recipe `rasa init` gives
(benchmarks/config_rasa_init.yml). Both are served by the project's Rasa on loopback
with the same endpoints: one dossier service and one action server for both, each Rasa
server with its own SQLite tracker store file of the same kind. Measurements
alternate A B A B: for each round, each workload and each number of users, every
model in turn (scripts/bench_load.py says what the workloads are). The load is
bounded in time and stops by itself.

Reported per model: messages per second and p50/p95/p99 latency at 1 and 20 users for
NLU-and-rules turns, lookup turns and whole conversations; training time from scratch;
model size; resident memory of the loaded Rasa server after the load; time from start
to first answer; held-out strict intent accuracy (scripts/eval_nlu.py's held-out set
and functions). Prints the table and writes it to docs/benchmarks.md between the
markers of its own section.

Options: --quick (short smoke run), --variant NAME=CONFIG[,KEY=VALUE...] to add a
configuration (another config file and/or environment of the Rasa server).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.bench_load import Result, first_answer, percentile, run_load  # noqa: E402
from scripts.bench_models import CONFIGS, trained  # noqa: E402
from scripts.report_sections import markers  # noqa: E402
from scripts.report_sections import write_section as write_report_section  # noqa: E402
from scripts.stack import Stack  # noqa: E402
from tests.support.stack import free_port, make_seed  # noqa: E402

REPORT = ROOT / "docs" / "benchmarks.md"
START, END = markers("make bench")
WORKLOADS = ("nlu", "lookup", "conversation")
WORKLOAD_NAMES = {
    "nlu": "NLU + rules turns",
    "lookup": "lookup turns",
    "conversation": "whole conversations",
}
# Earlier configurations measured beside the two, so that each change keeps its numbers.
CHANGES = {"assistant-ted": ROOT / "benchmarks" / "config_assistant_with_ted.yml"}
# The chat channels' per-sender limit and the dossier service's failure limits protect
# a public deployment; a load from one address on loopback must not trip them.
LOAD_ENV = {
    "CHAT_RATE_LIMIT_MESSAGES": "1000000",
    "CHAT_ANSWER_TIMEOUT_SECONDS": "120",
    "DOSSIER_LOOKUP_MAX_FAILURES": "1000000",
    "DOSSIER_CLIENT_MAX_FAILURES": "1000000",
}


@dataclass
class Variant:
    name: str
    config: Path
    env: Dict[str, str] = field(default_factory=dict)
    facts: Dict = field(default_factory=dict)
    stack: Stack | None = None
    url: str = ""
    results: Dict = field(default_factory=dict)


def parse_variant(text: str) -> Variant:
    name, _, rest = text.partition("=")
    config, *pairs = rest.split(",")
    env = dict(pair.split("=", 1) for pair in pairs)
    return Variant(name, ROOT / (config or "config.yml"), env)


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(p) for p in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1024


def heldout_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "tests" / "nlu" / "heldout").rglob("*.yml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def accuracy_of(model: Path) -> Dict[str, float]:
    """Held-out intent accuracy of a model over the slices with targets.

    Strict: the intent Rasa would act on (nlu_fallback counts as wrong). Top: the top
    intent other than nlu_fallback (the lenient figure of make eval-nlu)."""
    import asyncio

    from scripts.eval_nlu import HELDOUT_DIR, SLICES, load_slice, predict

    sets = {name: load_slice(HELDOUT_DIR / name) for name in SLICES}
    predictions = asyncio.run(predict(model, sets))
    pairs = [
        (gold, prediction)
        for name in SLICES
        for (_, gold, _), prediction in zip(sets[name], predictions[name], strict=True)
    ]
    strict = sum(1 for gold, (final, _, _) in pairs if final == gold)
    top = sum(1 for gold, (_, lenient, _) in pairs if lenient == gold)
    return {"strict": strict / len(pairs), "top": top / len(pairs), "n": len(pairs)}


def cached_accuracy(variant: Variant, log) -> Dict[str, float]:
    model = Path(variant.facts["model"])
    key = heldout_hash()
    facts_file = model.with_name(model.name.replace(".tar.gz", ".json"))
    facts = json.loads(facts_file.read_text())
    if facts.get("accuracy", {}).get("heldout") != key:
        log(f"{variant.name}: held-out accuracy (parsing the held-out set)...")
        out = subprocess.run(
            [sys.executable, __file__, "--accuracy-of", str(model)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"},
        ).stdout
        facts["accuracy"] = {**json.loads(out.strip().splitlines()[-1]), "heldout": key}
        facts_file.write_text(json.dumps(facts))
    return facts["accuracy"]


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM, {system}"


def start_services(workdir: Path, seed: Dict, log_dir: Path) -> tuple[Stack, Dict[str, str]]:
    seed_file = workdir / "seed.json"
    seed_file.write_text(json.dumps(seed, ensure_ascii=False), encoding="utf-8")
    ports = {"ACTION_PORT": str(free_port()), "DOSSIER_SERVICE_PORT": str(free_port())}
    shared = {
        **ports,
        **LOAD_ENV,
        "DOSSIER_SEED_FILE": str(seed_file),
        "DOSSIER_DB": str(workdir / "dossier_service.db"),
        "GUIDE_OUTCOMES_FILE": str(workdir / "guide_outcomes.jsonl"),
        "TRACKER_DB": str(workdir / "unused.db"),
    }
    services = Stack(overrides=shared, log_dir=log_dir, services=("dossier", "actions"))
    services.start(progress=lambda line: None)
    return services, shared


def start_rasa(variant: Variant, shared: Dict[str, str], workdir: Path, log_dir: Path, log) -> None:
    port = str(free_port())
    overrides = {
        **shared,
        "RASA_PORT": port,
        "TRACKER_DB": str(workdir / f"tracker-{variant.name}.db"),
        **variant.env,
    }
    variant.stack = Stack(
        overrides=overrides,
        log_dir=log_dir / variant.name,
        model=Path(variant.facts["model"]),
        services=("rasa",),
    )
    variant.url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    variant.stack.services[0].start(variant.stack.env)
    variant.facts["first_answer_s"] = first_answer(variant.url, started)
    log(f"{variant.name}: first answer {variant.facts['first_answer_s']:.0f} s after start")


def merge(results: List[Result]) -> Dict:
    samples = [s for r in results for s in r.samples]
    times = [s.seconds for s in samples]
    wall = sum(r.wall for r in results)
    return {
        "msg_s": sum(r.messages for r in results) / wall if wall else 0.0,
        "conv_s": sum(r.conversations for r in results) / wall if wall else 0.0,
        "p50": percentile(times, 0.5) * 1000,
        "p95": percentile(times, 0.95) * 1000,
        "p99": percentile(times, 0.99) * 1000,
        "timed": len(times),
        "answered": sum(1 for s in samples if s.answered) / len(samples) if samples else 0.0,
        "errors": sum(r.errors for r in results),
    }


def measure(
    variants: List[Variant], users_list, seconds: float, rounds: int, dossiers, log
) -> None:
    raw = {(v.name, w, u): [] for v in variants for w in WORKLOADS for u in users_list}
    for v in variants:  # TensorFlow builds its graphs on the first batches: not measured
        run_load(v.url, "conversation", 2, min(seconds, 5), dossiers, seed=99)
    for round_no in range(rounds):
        for workload in WORKLOADS:
            for users in users_list:
                for v in variants:  # A B A B
                    result = run_load(v.url, workload, users, seconds, dossiers, seed=round_no + 1)
                    raw[(v.name, workload, users)].append(result)
                    log(
                        f"round {round_no + 1}/{rounds} {workload:12} {users:2} users {v.name:12} "
                        f"{result.messages / result.wall:6.1f} msg/s  p95 "
                        f"{percentile(result.timed(), 0.95) * 1000:6.0f} ms  errors {result.errors}"
                    )
    for (name, workload, users), results in raw.items():
        next(v for v in variants if v.name == name).results[(workload, users)] = merge(results)


def render(variants: List[Variant], users_list, seconds, rounds, started_at, load_avg) -> str:
    base = next(v for v in variants if v.name == "baseline")
    lines = [
        START,
        f"Written by `make bench` (scripts/bench.py) on {started_at}. Machine: {machine()}; "
        f"load average {load_avg[0]:.1f} at the start, {load_avg[1]:.1f} at the end (other work "
        "shares the machine: compare the columns of one run, not runs with each other).",
        f"Rasa {rasa_version()}, Python {platform.python_version()}. {rounds} round(s), "
        f"{seconds:.0f} s per measurement, models alternating in every round "
        f"({' '.join(v.name for v in variants)}, again).",
        "",
        "| workload | users | model | msg/s | × baseline | p50 ms | p95 ms | p99 ms "
        "| timed turns | answered | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for workload in WORKLOADS:
        for users in users_list:
            b = base.results[(workload, users)]
            for v in variants:
                r = v.results[(workload, users)]
                ratio = r["msg_s"] / b["msg_s"] if b["msg_s"] else float("nan")
                lines.append(
                    f"| {WORKLOAD_NAMES[workload]} | {users} | {v.name} "
                    f"| {r['msg_s']:.1f} | {ratio:.2f} | "
                    f"{r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['timed']} | "
                    f"{r['answered']:.0%} | {r['errors']} |"
                )
    lines += [
        "",
        "msg/s: every message answered in the measurement, per second of it (for lookup "
        "turns, the code turn and the digits turn both count; only the digits turn, which "
        "runs the lookup, is timed). Answered: timed turns with a non-empty answer, and for "
        "lookups, an answer that names the dossier. Errors: no answer or not HTTP 200.",
        "",
        "| model | config | training from scratch | model size | RSS after the load "
        "| start to first answer | strict intent accuracy | top intent accuracy |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for v in variants:
        f = v.facts
        acc = f.get("accuracy") or {}
        env_text = "".join(f" {k}={x}" for k, x in v.env.items())
        alongside = " (started alongside)" if f.get("started_alongside") else ""
        lines.append(
            f"| {v.name} | `{v.config.relative_to(ROOT)}`{env_text} | "
            f"{f['train_seconds']:.0f} s | {f['size_mb']:.1f} MB | {f['rss_mb']:.0f} MB | "
            f"{f['first_answer_s']:.0f} s{alongside} "
            f"| {acc.get('strict', float('nan')):.3f} | {acc.get('top', float('nan')):.3f} |"
        )
    lines += [
        "",
        "Held-out set: tests/nlu/heldout (slices diacritics, plain, shorthand, hard; "
        f"{(base.facts.get('accuracy') or {}).get('n', '?')} messages). Training time is "
        "measured once per input hash with an empty Rasa cache, under the machine's load "
        "at that moment.",
        "",
        "Targets:",
        "",
    ]
    lines += [f"- {t}" for t in targets(variants)]
    lines.append(END)
    return "\n".join(lines) + "\n"


def targets(variants: List[Variant]) -> List[str]:
    base = next(v for v in variants if v.name == "baseline")
    a = next(v for v in variants if v.name == "assistant")
    out = []

    def check(ok, text):
        out.append(f"{'met' if ok else 'MISSED'}: {text}")

    users = max(u for _, u in a.results)
    for workload in WORKLOADS:
        ratio = a.results[(workload, users)]["msg_s"] / max(
            base.results[(workload, users)]["msg_s"], 1e-9
        )
        check(
            ratio >= 4,
            f"{WORKLOAD_NAMES[workload]}, {users} users: {ratio:.2f} × the baseline's "
            "throughput (target ≥ 4)",
        )
    p95 = a.results[("nlu", users)]["p95"]
    check(p95 <= 250, f"p95 of NLU + rules turns at {users} users {p95:.0f} ms (target ≤ 250)")
    p95 = a.results[("lookup", users)]["p95"]
    check(p95 <= 400, f"p95 of lookup turns at {users} users {p95:.0f} ms (target ≤ 400)")
    sa, sb = a.facts["accuracy"]["strict"], base.facts["accuracy"]["strict"]
    check(sa >= sb, f"held-out strict intent accuracy {sa:.3f} vs the baseline's {sb:.3f}")
    check(
        a.facts["train_seconds"] < 180,
        f"training from scratch {a.facts['train_seconds']:.0f} s (target < 180)",
    )
    check(
        a.facts["rss_mb"] < 1024,
        f"loaded Rasa server {a.facts['rss_mb']:.0f} MB resident (target < 1024)",
    )
    return out


def rasa_version() -> str:
    try:
        from importlib.metadata import version

        return version("rasa")
    except Exception:  # noqa: BLE001 - only a label
        return "?"


def write_section(section: str, report: Path = REPORT) -> None:
    write_report_section(
        report, "make bench", section, "## Speed: the assistant against Rasa's default recipe"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="5 s per measurement, one round; no report written"
    )
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--users", default="1,20")
    parser.add_argument("--variant", action="append", default=[], help="NAME=CONFIG[,KEY=VALUE...]")
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument(
        "--pair-only", action="store_true", help="leave out the variants of CHANGES"
    )
    parser.add_argument("--accuracy-of", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.accuracy_of:
        print(json.dumps(accuracy_of(Path(args.accuracy_of))))
        return 0
    seconds, rounds = (5.0, 1) if args.quick else (args.seconds, args.rounds)
    users_list = [int(u) for u in args.users.split(",")]

    def log(line: str) -> None:
        print(line, flush=True)

    started_at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_start = os.getloadavg()[0]
    variants = [
        Variant("assistant", CONFIGS["assistant"]),
        Variant("baseline", CONFIGS["baseline"]),
    ]
    if not (args.quick or args.pair_only):
        variants += [Variant(name, config) for name, config in CHANGES.items()]
    variants += [parse_variant(v) for v in args.variant]
    for v in variants:
        v.facts = trained(v.name if v.name in CONFIGS else f"variant-{v.name}", v.config, log)
    seed = make_seed()
    dossiers = seed["dossiers"][:4]  # the fifth is the tests' locked one
    log_dir = ROOT / "var" / "log" / "bench"
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        services, shared = start_services(workdir, seed, log_dir)
        try:
            for v in variants[:2]:  # one after the other: start-up measured alone
                start_rasa(v, shared, workdir, log_dir, log)
            starting = [
                threading.Thread(target=start_rasa, args=(v, shared, workdir, log_dir, log))
                for v in variants[2:]
            ]
            for thread in starting:
                thread.start()
            for thread in starting:
                thread.join()
            for v in variants[2:]:
                if not v.url or "first_answer_s" not in v.facts:
                    raise RuntimeError(f"{v.name} did not start; read {log_dir / v.name}")
                v.facts["started_alongside"] = True
            measure(variants, users_list, seconds, rounds, dossiers, log)
            for v in variants:
                v.facts["rss_mb"] = rss_mb(v.stack.services[0].process.pid)
        finally:
            for v in variants:
                if v.stack:
                    v.stack.stop()
            services.stop()
    for v in variants:
        v.facts["accuracy"] = cached_accuracy(v, log)
    section = render(
        variants, users_list, seconds, rounds, started_at, (load_start, os.getloadavg()[0])
    )
    print("\n" + section)
    if not (args.quick or args.no_report):
        write_section(section)
        log(f"written to {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
