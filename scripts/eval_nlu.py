"""Held-out NLU evaluation: this project's pipeline against Rasa's default one.

Trains an NLU model with each config on data/nlu, parses every example of
tests/nlu/heldout/<slice>/*.yml (never trained on), and reports per-intent precision,
recall and F1, intent accuracy per slice, entity F1 per entity, and the fallback rate.
Writes the tables to docs/benchmarks.md and exits non-zero when a target is missed.

Intent prediction is the top intent other than nlu_fallback (what the classifier
thinks); how often the fallback would have fired is reported beside it. Entities are
compared by (entity, value) per message: the contract fixes names and values, and a
dossier code's value is its canonical form.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dvc_common.dossier_code import normalize_code  # noqa: E402

SLICES = ("diacritics", "plain", "shorthand")
TARGETS = {"diacritics": 0.95, "plain": 0.93, "shorthand": 0.90}
ENTITY_TARGETS = {"dossier_code": 0.98, "procedure": 0.95}
CONFIGS = {
    "project": ROOT / "config.yml",
    "no_normaliser": ROOT / "benchmarks" / "config_no_normaliser.yml",
    "rasa_default": ROOT / "benchmarks" / "config_rasa_default.yml",
}


def load_heldout() -> Dict[str, List[Tuple[str, str, List[Tuple[str, str]]]]]:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    out = {}
    for name in SLICES:
        examples = []
        for path in sorted((ROOT / "tests" / "nlu" / "heldout" / name).glob("*.yml")):
            data = RasaYAMLReader().read(path)
            for message in data.intent_examples:
                gold = []
                for e in message.get("entities") or []:
                    value = e.get("value")
                    if e["entity"] == "dossier_code":
                        value = normalize_code(str(value)) or str(value)
                    gold.append((e["entity"], str(value)))
                examples.append((message.get("text"), message.get("intent"), gold))
        if not examples:
            raise SystemExit(f"no held-out examples in slice {name}")
        out[name] = examples
    # The same sentences as the diacritics slice, decomposed (NFD), as some phones
    # and browsers send them: a robustness row, with no target of its own.
    out["diacritics_nfd"] = [
        (unicodedata.normalize("NFD", t), i, g) for t, i, g in out["diacritics"]
    ]
    return out


def train(config: Path, name: str, out_dir: Path) -> Path:
    model = out_dir / f"{name}.tar.gz"
    started = time.monotonic()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "rasa"), "train", "nlu", "--config", str(config),
         "--nlu", str(ROOT / "data" / "nlu"), "--out", str(out_dir),
         "--fixed-model-name", name],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )
    print(f"trained {name} in {time.monotonic() - started:.0f}s", flush=True)
    return model


async def predict(model: Path, texts: List[str]):
    import logging

    import structlog
    from rasa.core.agent import Agent

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.getLogger("rasa").setLevel(logging.WARNING)

    agent = Agent.load(str(model))
    results = []
    for text in texts:
        parsed = await agent.parse_message(text)
        ranking = [r for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
        top = ranking[0]["name"] if ranking else parsed["intent"]["name"]
        fallback = parsed["intent"]["name"] == "nlu_fallback"
        entities = [(e["entity"], str(e.get("value"))) for e in parsed.get("entities", [])]
        results.append((top, fallback, entities))
    return results


def prf(tp: int, fp: int, fn: int) -> Tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(heldout, predictions):
    per_slice, fallback_rate = {}, {}
    intent_counts = defaultdict(Counter)
    entity_counts = defaultdict(Counter)
    errors = []
    for name, examples in heldout.items():
        preds = predictions[name]
        correct = sum(1 for (t, gold, _), (p, _, _) in zip(examples, preds, strict=True) if p == gold)
        per_slice[name] = correct / len(examples)
        fallback_rate[name] = sum(1 for _, fb, _ in preds if fb) / len(examples)
        if name not in SLICES:
            continue  # robustness rows count only towards their own accuracy
        for (text, gold, gold_ents), (pred, _, pred_ents) in zip(examples, preds, strict=True):
            if pred == gold:
                intent_counts[gold]["tp"] += 1
            else:
                intent_counts[gold]["fn"] += 1
                intent_counts[pred]["fp"] += 1
                errors.append((name, text, gold, pred))
            gold_c, pred_c = Counter(gold_ents), Counter(pred_ents)
            for ent in ENTITY_TARGETS:
                g = Counter({k: v for k, v in gold_c.items() if k[0] == ent})
                p = Counter({k: v for k, v in pred_c.items() if k[0] == ent})
                tp = sum((g & p).values())
                entity_counts[ent]["tp"] += tp
                entity_counts[ent]["fp"] += sum(p.values()) - tp
                entity_counts[ent]["fn"] += sum(g.values()) - tp
    intents = {
        i: prf(c["tp"], c["fp"], c["fn"]) + (c["tp"] + c["fn"],)
        for i, c in sorted(intent_counts.items())
        if c["tp"] + c["fn"]
    }
    entities = {e: prf(c["tp"], c["fp"], c["fn"]) + (c["tp"] + c["fn"],) for e, c in entity_counts.items()}
    return {"slices": per_slice, "fallback": fallback_rate, "intents": intents,
            "entities": entities, "errors": errors}


def render(results, train_seconds, sizes) -> str:
    proj, base, abl = results["project"], results["rasa_default"], results["no_normaliser"]
    lines = [
        "# NLU benchmarks",
        "",
        "Written by `make eval-nlu` (scripts/eval_nlu.py). Held-out set: "
        "`tests/nlu/heldout/` (never trained on); training data: `data/nlu/`.",
        "Held-out examples per slice: "
        + ", ".join(f"{k} {v}" for k, v in sizes.items()) + ".",
        "Intent = top intent other than `nlu_fallback`; \"fallback\" = share of messages where "
        "the fallback classifier would have asked to rephrase. Entities compared by "
        "(entity, value) per message.",
        "",
        "## Intent accuracy per slice",
        "",
        "| slice | target | project | without normaliser | Rasa default | project fallback | default fallback |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in SLICES:
        lines.append(
            f"| {s} | {TARGETS[s]:.2f} | {proj['slices'][s]:.3f} | {abl['slices'][s]:.3f} | "
            f"{base['slices'][s]:.3f} | {proj['fallback'][s]:.1%} | {base['fallback'][s]:.1%} |"
        )
    s = "diacritics_nfd"
    lines.append(
        f"| {s} (robustness, no target) | – | {proj['slices'][s]:.3f} | {abl['slices'][s]:.3f} | "
        f"{base['slices'][s]:.3f} | {proj['fallback'][s]:.1%} | {base['fallback'][s]:.1%} |"
    )
    lines += [
        "",
        "\"Without normaliser\" is the project pipeline with Rasa's WhitespaceTokenizer "
        "instead of `bot.nlu.tokenizer.VietnameseTokenizer` "
        "(benchmarks/config_no_normaliser.yml): what the normaliser adds.",
    ]
    lines += ["", "## Entity F1", "", "| entity | target | project P / R / F1 | without normaliser F1 | Rasa default P / R / F1 | gold |", "|---|---|---|---|---|---|"]
    for e, target in ENTITY_TARGETS.items():
        p, b, a = proj["entities"][e], base["entities"][e], abl["entities"][e]
        lines.append(
            f"| {e} | {target:.2f} | {p[0]:.3f} / {p[1]:.3f} / **{p[2]:.3f}** | {a[2]:.3f} | "
            f"{b[0]:.3f} / {b[1]:.3f} / {b[2]:.3f} | {p[3]} |"
        )
    lines += ["", "## Per intent (all slices)", "", "| intent | n | project P | R | F1 | default P | R | F1 |", "|---|---|---|---|---|---|---|---|"]
    for intent, (p, r, f, n) in proj["intents"].items():
        bp, br, bf, _ = base["intents"].get(intent, (0, 0, 0, n))
        lines.append(f"| {intent} | {n} | {p:.2f} | {r:.2f} | {f:.2f} | {bp:.2f} | {br:.2f} | {bf:.2f} |")
    lines += ["", "## Training time on this machine (2 cores)", ""]
    lines += [f"- {k}: {v:.0f} s" for k, v in train_seconds.items()]
    lines += ["", "## Project pipeline errors (first 60)", "", "| slice | text | gold | predicted |", "|---|---|---|---|"]
    for s, text, gold, pred in proj["errors"][:60]:
        lines.append(f"| {s} | {text.replace('|', '/')} | {gold} | {pred} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "models" / "eval"))
    parser.add_argument("--report", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument(
        "--quick", action="store_true",
        help="project pipeline only, print the figures, write no report (for tuning)",
    )
    args = parser.parse_args()
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    heldout = load_heldout()
    sizes = {k: len(v) for k, v in heldout.items()}
    results, seconds = {}, {}
    configs = {"project": CONFIGS["project"]} if args.quick else CONFIGS
    for name, config in configs.items():
        started = time.monotonic()
        model = train(config, name, out_dir)
        seconds[name] = time.monotonic() - started
        predictions = {
            s: asyncio.run(predict(model, [t for t, _, _ in heldout[s]])) for s in heldout
        }
        results[name] = evaluate(heldout, predictions)
    if args.quick:
        proj = results["project"]
        print({s: round(v, 3) for s, v in proj["slices"].items()})
        print({e: [round(x, 3) for x in v[:3]] for e, v in proj["entities"].items()})
        for error in proj["errors"]:
            print("ERR", error)
        return 0
    report = render(results, seconds, sizes)
    Path(args.report).write_text(report, encoding="utf-8")
    print(report)
    proj, base = results["project"], results["rasa_default"]
    failures = [
        f"{s} accuracy {proj['slices'][s]:.3f} < {TARGETS[s]}"
        for s in SLICES if proj["slices"][s] < TARGETS[s]
    ] + [
        f"{s} worse than Rasa default ({proj['slices'][s]:.3f} < {base['slices'][s]:.3f})"
        for s in SLICES if proj["slices"][s] < base["slices"][s]
    ] + [
        f"{e} F1 {proj['entities'][e][2]:.3f} < {t}"
        for e, t in ENTITY_TARGETS.items() if proj["entities"][e][2] < t
    ]
    for failure in failures:
        print(f"TARGET MISSED: {failure}", file=sys.stderr)
    print("all targets met" if not failures else f"{len(failures)} target(s) missed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
