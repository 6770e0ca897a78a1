"""Where a turn's time goes: the Rasa server sampled by py-spy under load.

Starts the dossier service, the action server and one Rasa server (the assistant's
model from models/bench/, or --config for another), runs whole conversations with
--users users for --seconds, and records the Rasa process with ``py-spy record``
(wall-clock samples, idle included, so that waiting on the action server or on a
TensorFlow thread pool is seen where it happens). Each sample of the event loop's
thread is charged to the innermost part of Rasa it is in: an NLU component, a policy,
the tracker store, the lock store, an action server call, the event/tracker code, or
else HTTP and JSON; samples where the loop waits for work are "idle". Prints the
table, and with --write puts it in docs/benchmarks.md between its markers.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.bench import Variant, rss_mb, start_rasa, start_services  # noqa: E402
from scripts.bench_load import percentile, run_load  # noqa: E402
from scripts.bench_models import trained  # noqa: E402
from scripts.report_sections import markers, write_section  # noqa: E402
from tests.support.stack import make_seed  # noqa: E402

START, END = markers("make bench-profile")
PY_SPY = ROOT / ".venv" / "bin" / "py-spy"

# (label, substrings of a frame): the innermost frame that matches decides.
SPECIFIC: List[Tuple[str, Tuple[str, ...]]] = [
    ("NLU: tokenizer", ("nlu/tokenizers/", "bot/nlu/tokenizer.py", "dvc_common/vntext.py")),
    ("NLU: RegexFeaturizer", ("regex_featurizer.py",)),
    ("NLU: LexicalSyntacticFeaturizer", ("lexical_syntactic_featurizer.py",)),
    ("NLU: CountVectorsFeaturizer", ("count_vectors_featurizer.py",)),
    ("NLU: DIETClassifier", ("diet_classifier.py",)),
    ("NLU: ResponseSelector", ("response_selector.py",)),
    ("NLU: EntitySynonymMapper", ("entity_synonyms.py",)),
    ("NLU: FallbackClassifier", ("fallback_classifier.py",)),
    ("NLU: project components", ("bot/nlu/",)),
    ("policy: MemoizationPolicy", ("policies/memoization.py",)),
    ("policy: RulePolicy", ("policies/rule_policy.py",)),
    ("policy: TEDPolicy", ("policies/ted_policy.py",)),
    ("policy: UnexpecTEDIntentPolicy", ("policies/unexpected_intent_policy.py",)),
    ("policies: ensemble, tracker featurizer", ("policies/ensemble.py", "core/featurizers/")),
    (
        "tracker store (SQL, serialisation, redaction)",
        (
            "core/tracker_store.py",
            "bot/tracker_store.py",
            "sqlalchemy/",
            "sqlite3/",
            "dvc_common/redact.py",
        ),
    ),
    ("action server responses: JSON schema check", ("_validate_action_result", "jsonschema/")),
    ("lock store", ("core/lock_store.py", "core/lock.py")),
    ("action server calls (HTTP client)", ("utils/endpoints.py", "aiohttp/client")),
    (
        "tracker and events in memory",
        (
            "shared/core/trackers.py",
            "shared/core/events.py",
            "shared/core/domain.py",
            "shared/core/slots.py",
        ),
    ),
]
GENERIC: List[Tuple[str, Tuple[str, ...]]] = [
    (
        "HTTP server and JSON (Sanic, channels, json)",
        ("sanic/", "httptools", "json/", "ujson", "bot/channels/", "core/channels/"),
    ),
    (
        "Rasa message processing and graph runner",
        ("core/processor.py", "engine/", "core/agent.py", "core/actions/"),
    ),
]


def charge(frames: List[str]) -> str:
    leaf = frames[-1] if frames else ""
    # py-spy shows no native frames: a loop waiting in epoll is at its run_forever caller.
    if any(
        k in leaf
        for k in ("select (selectors.py", "serve (sanic/server/runners.py", "run_forever (asyncio")
    ):
        return "idle: event loop waiting"
    for table in (SPECIFIC, GENERIC):
        for frame in reversed(frames):
            for label, needles in table:
                if any(n in frame for n in needles):
                    return label
    return "other (asyncio, logging, ...)"


def parse_raw(path: Path) -> Counter:
    """Counts per category, for the threads running the event loop."""
    counts: Counter = Counter()
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        if not any(f.startswith("<module> (rasa") for f in frames[:3]):
            continue  # TensorFlow's and other helper threads: their time shows as waits here
        counts[charge(frames)] += int(count)
    return counts


def render(counts: Counter, meta: str) -> str:
    total = sum(counts.values())
    busy = total - counts.get("idle: event loop waiting", 0)
    lines = [
        START,
        meta,
        "",
        "| where | share of busy time | share of all samples |",
        "|---|---|---|",
    ]
    for label, n in counts.most_common():
        share_busy = f"{n / busy:.1%}" if not label.startswith("idle") and busy else "–"
        lines.append(f"| {label} | {share_busy} | {n / total:.1%} |")
    lines.append(END)
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default="config.yml")
    parser.add_argument("--model", help="a trained model (default: trained from --config, cached)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workload", default="conversation")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    config = ROOT / args.config
    variant = Variant("profiled", config)
    if args.model:
        variant.facts = {"model": str(Path(args.model).resolve())}
    else:
        name = "assistant" if config == ROOT / "config.yml" else f"variant-{config.stem}"
        variant.facts = trained(name, config)
    seed = make_seed()
    dossiers = seed["dossiers"][:4]
    log_dir = ROOT / "var" / "log" / "bench-profile"
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        services, shared = start_services(workdir, seed, log_dir)
        try:
            start_rasa(variant, shared, workdir, log_dir, print)
            run_load(variant.url, "conversation", 2, 5, dossiers, seed=99)  # warm-up
            pid = variant.stack.services[0].process.pid
            raw = workdir / "profile.txt"
            recorder = subprocess.Popen(
                [
                    str(PY_SPY),
                    "record",
                    "--pid",
                    str(pid),
                    "--format",
                    "raw",
                    "--output",
                    str(raw),
                    "--duration",
                    str(int(args.seconds)),
                    "--rate",
                    "200",
                    "--idle",
                    "--subprocesses",
                    "--nonblocking",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            time.sleep(1)
            result = run_load(variant.url, args.workload, args.users, args.seconds - 2, dossiers)
            _, err = recorder.communicate(timeout=120)
            memory = rss_mb(pid)
        finally:
            if variant.stack:
                variant.stack.stop()
            services.stop()
        if not raw.exists():
            print(err.decode(errors="replace"), file=sys.stderr)
            return 1
        counts = parse_raw(raw)
        (ROOT / "var" / "log" / "bench-profile").mkdir(parents=True, exist_ok=True)
        (ROOT / "var" / "log" / "bench-profile" / "profile.raw.txt").write_text(raw.read_text())
    meta = (
        "`make bench-profile` (scripts/bench_profile.py), "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        f"`{args.config}`, {args.users} users holding whole conversations for {args.seconds:.0f} s "
        f"({result.messages / result.wall:.1f} msg/s, "
        f"p95 {percentile(result.timed(), 0.95) * 1000:.0f} ms, "
        f"RSS {memory:.0f} MB), py-spy at 200 Hz on the Rasa server's event loop thread, "
        "wall-clock (waits included)."
    )
    section = render(counts, meta)
    print(section)
    if args.write:
        from scripts.bench import REPORT

        write_section(REPORT, "make bench-profile", section, "### Where a turn's time goes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
