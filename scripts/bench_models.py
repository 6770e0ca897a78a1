"""The two models `make bench` compares, trained from scratch once per input.

Each model is cached in models/bench/ under a hash of its config, the training data,
the domain and the custom NLU code; beside it a JSON file keeps how long training
took from scratch (an empty Rasa training cache, so no step is reused).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "models" / "bench"
CONFIGS = {
    "assistant": ROOT / "config.yml",
    "baseline": ROOT / "benchmarks" / "config_rasa_init.yml",
}
INPUT_DIRS = ("data", "bot/domain", "bot/nlu", "dvc_common")


def inputs_hash(config: Path) -> str:
    # The parsed config: a comment changes no model.
    parsed = yaml.safe_load(config.read_text(encoding="utf-8"))
    digest = hashlib.sha256(json.dumps(parsed, sort_keys=True).encode())
    # The default recipe uses no project code: its model depends on data and domain only.
    folders = INPUT_DIRS[:2] if config == CONFIGS["baseline"] else INPUT_DIRS
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in {".yml", ".yaml", ".py", ".txt"}:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def trained(name: str, config: Path | None = None, log=print) -> Dict[str, object]:
    """The cached model of `name` (training it when its inputs changed) and its facts."""
    config = config or CONFIGS[name]
    # Keyed by the config, not the variant's name: variants that only change the
    # server's environment share their model.
    stem = next((n for n, c in CONFIGS.items() if c == config), config.stem)
    key = f"{stem}-{inputs_hash(config)}"
    model, facts_file = OUT / f"{key}.tar.gz", OUT / f"{key}.json"
    if model.exists() and facts_file.exists():
        facts = json.loads(facts_file.read_text())
        log(
            f"{name}: reusing {model.relative_to(ROOT)} (trained in {facts['train_seconds']:.0f} s)"
        )
    else:
        OUT.mkdir(parents=True, exist_ok=True)
        log(f"{name}: training from scratch with {config.relative_to(ROOT)} (minutes)...")
        with tempfile.TemporaryDirectory() as cache:
            env = {
                **os.environ,
                "RASA_CACHE_DIRECTORY": cache,
                "PYTHONPATH": str(ROOT),
                "RASA_TELEMETRY_ENABLED": "false",
                "TF_CPP_MIN_LOG_LEVEL": "2",
            }
            started = time.monotonic()
            with open(OUT / f"{key}.train.log", "wb") as train_log:
                subprocess.run(
                    [
                        str(ROOT / ".venv" / "bin" / "rasa"),
                        "train",
                        "--config",
                        str(config),
                        "--domain",
                        "bot/domain",
                        "--data",
                        "data",
                        "--out",
                        str(OUT),
                        "--fixed-model-name",
                        key,
                        "--force",
                    ],
                    check=True,
                    cwd=ROOT,
                    env=env,
                    stdout=train_log,
                    stderr=subprocess.STDOUT,
                )
            seconds = time.monotonic() - started
        facts = {
            "train_seconds": seconds,
            "trained_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "load_average": os.getloadavg()[0],
        }
        facts_file.write_text(json.dumps(facts))
        log(f"{name}: trained in {seconds:.0f} s")
    facts["model"] = str(model)
    facts["size_mb"] = model.stat().st_size / 1e6
    return facts


if __name__ == "__main__":
    for model_name in sys.argv[1:] or list(CONFIGS):
        trained(model_name)
