"""NLU evaluation on the held-out set: this project's pipeline against Rasa's default one.

Trains an NLU model with each config on data/nlu and parses every example of

- ``tests/nlu/heldout/<slice>/*.yml``: the held-out set, written for issue 14 without
  looking at the training data, never trained or tuned on. Its figures are the ones the
  targets apply to; its sentences are never printed (only counts and rates), so that
  nobody tunes on them.
- ``tests/nlu/dev/<slice>/*.yml``: the development set (the former held-out set, whose
  sentences leaked into training data). Reported separately, labelled "dev", with its
  errors listed for error analysis.

Per slice it reports intent accuracy two ways:

- strict: the final intent (what the dialogue sees) is the gold one; a fallback
  (``nlu_fallback``) counts as wrong;
- lenient: the top intent other than ``nlu_fallback`` is the gold one (what the
  classifier thinks), with the fallback rate beside it;

and the entity value F1 of the final parse (after the custom components: dossier-code
extractor, synonym mapper, procedure resolver) for dossier_code and procedure, compared
by (entity, value) per message. Writes the tables to docs/benchmarks.md and exits
non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
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
from scripts.report_sections import markers, write_section  # noqa: E402

SECTION = "make eval-nlu"  # its part of docs/benchmarks.md

HELDOUT_DIR = ROOT / "tests" / "nlu" / "heldout"
DEV_DIR = ROOT / "tests" / "nlu" / "dev"
SLICES = ("diacritics", "plain", "shorthand", "hard")
DEV_SLICES = ("diacritics", "plain", "shorthand")
DEV_PREFIX = "dev/"
NFD_SLICE = "diacritics_nfd"
# Strict accuracy (a fallback counts as wrong) on the held-out set.
TARGETS = {"diacritics": 0.97, "plain": 0.97, "shorthand": 0.95, "hard": 0.90}
# Value F1 of the final parse over all held-out slices.
ENTITY_TARGETS = {"dossier_code": 0.98, "procedure": 0.97}
CONFIGS = {
    "project": ROOT / "config.yml",
    "no_normaliser": ROOT / "benchmarks" / "config_no_normaliser.yml",
    "rasa_default": ROOT / "benchmarks" / "config_rasa_default.yml",
}

Example = Tuple[str, str, List[Tuple[str, str]]]


def load_slice(folder: Path) -> List[Example]:
    """Examples of one slice folder: (text, intent, [(entity, value)])."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    examples = []
    for path in sorted(folder.glob("*.yml")):
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
        raise SystemExit(f"no examples in {folder.relative_to(ROOT)}")
    return examples


def load_sets() -> Dict[str, List[Example]]:
    """Held-out slices under their own names, dev slices prefixed with ``dev/``."""
    out = {name: load_slice(HELDOUT_DIR / name) for name in SLICES}
    # The same sentences as the diacritics slice, decomposed (NFD), as some phones
    # and browsers send them: a robustness row, with no target of its own.
    out[NFD_SLICE] = [(unicodedata.normalize("NFD", t), i, g) for t, i, g in out["diacritics"]]
    for name in DEV_SLICES:
        out[DEV_PREFIX + name] = load_slice(DEV_DIR / name)
    return out


def train(config: Path, name: str, out_dir: Path) -> Path:
    model = out_dir / f"{name}.tar.gz"
    started = time.monotonic()
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "rasa"),
            "train",
            "nlu",
            "--config",
            str(config),
            "--nlu",
            str(ROOT / "data" / "nlu"),
            "--out",
            str(out_dir),
            "--fixed-model-name",
            name,
        ],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    print(f"trained {name} in {time.monotonic() - started:.0f}s", flush=True)
    return model


async def predict(model: Path, sets: Dict[str, List[Example]]):
    """Per slice, for each message: (final intent, top non-fallback intent, entities)."""
    import logging

    import structlog
    from rasa.core.agent import Agent

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.getLogger("rasa").setLevel(logging.WARNING)

    agent = Agent.load(str(model))
    out = {}
    for name, examples in sets.items():
        results = []
        for text, _, _ in examples:
            parsed = await agent.parse_message(text)
            final = parsed["intent"]["name"]
            ranking = [r for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
            top = ranking[0]["name"] if ranking else final
            entities = [(e["entity"], str(e.get("value"))) for e in parsed.get("entities", [])]
            results.append((final, top, entities))
        out[name] = results
    return out


def prf(tp: int, fp: int, fn: int) -> Tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _entity_counts(examples, preds) -> Dict[str, Counter]:
    counts: Dict[str, Counter] = defaultdict(Counter)
    for (_, _, gold_ents), (_, _, pred_ents) in zip(examples, preds, strict=True):
        gold_c, pred_c = Counter(gold_ents), Counter(pred_ents)
        for ent in ENTITY_TARGETS:
            g = Counter({k: v for k, v in gold_c.items() if k[0] == ent})
            p = Counter({k: v for k, v in pred_c.items() if k[0] == ent})
            tp = sum((g & p).values())
            counts[ent]["tp"] += tp
            counts[ent]["fp"] += sum(p.values()) - tp
            counts[ent]["fn"] += sum(g.values()) - tp
    return counts


def _entity_scores(counts: Dict[str, Counter]):
    return {
        e: prf(counts[e]["tp"], counts[e]["fp"], counts[e]["fn"])
        + (counts[e]["tp"] + counts[e]["fn"],)
        for e in ENTITY_TARGETS
    }


def evaluate(sets: Dict[str, List[Example]], predictions) -> dict:
    """Figures per slice; only dev errors are kept, held-out sentences never are."""
    strict, lenient, fallback, slice_entities = {}, {}, {}, {}
    intent_counts: Dict[str, Counter] = defaultdict(Counter)
    heldout_entities: Dict[str, Counter] = defaultdict(Counter)
    dev_entities: Dict[str, Counter] = defaultdict(Counter)
    dev_errors = []
    for name, examples in sets.items():
        preds = predictions[name]
        pairs = list(zip(examples, preds, strict=True))
        strict[name] = sum(1 for (_, g, _), (f, _, _) in pairs if f == g) / len(examples)
        lenient[name] = sum(1 for (_, g, _), (_, t, _) in pairs if t == g) / len(examples)
        fallback[name] = sum(1 for _, (f, _, _) in pairs if f == "nlu_fallback") / len(examples)
        counts = _entity_counts(examples, preds)
        slice_entities[name] = _entity_scores(counts)
        if name.startswith(DEV_PREFIX):
            for ent, c in counts.items():
                dev_entities[ent].update(c)
            dev_errors += [
                (name, text, gold, final)
                for (text, gold, _), (final, _, _) in pairs
                if final != gold
            ]
            continue
        if name not in SLICES:
            continue  # robustness rows count only towards their own accuracy
        for ent, c in counts.items():
            heldout_entities[ent].update(c)
        for (_, gold, _), (final, _, _) in pairs:
            if final == gold:
                intent_counts[gold]["tp"] += 1
            else:
                intent_counts[gold]["fn"] += 1
                intent_counts[final]["fp"] += 1
    intents = {
        i: prf(c["tp"], c["fp"], c["fn"]) + (c["tp"] + c["fn"],)
        for i, c in sorted(intent_counts.items())
        if c["tp"] + c["fn"]
    }
    return {
        "strict": strict,
        "lenient": lenient,
        "fallback": fallback,
        "slice_entities": slice_entities,
        "intents": intents,
        "entities": _entity_scores(heldout_entities),
        "dev_entities": _entity_scores(dev_entities),
        "dev_errors": dev_errors,
    }


def _slice_row(label: str, target: str, name: str, results: dict) -> str:
    proj, abl, base = results["project"], results["no_normaliser"], results["rasa_default"]
    return (
        f"| {label} | {target} | **{proj['strict'][name]:.3f}** | {proj['lenient'][name]:.3f} | "
        f"{proj['fallback'][name]:.1%} | {abl['strict'][name]:.3f} | "
        f"{base['strict'][name]:.3f} | {base['lenient'][name]:.3f} | {base['fallback'][name]:.1%} |"
    )


def _entity_rows(key: str, results: dict, targets: bool) -> List[str]:
    proj, abl, base = (
        results["project"][key],
        results["no_normaliser"][key],
        results["rasa_default"][key],
    )
    rows = []
    for e, target in ENTITY_TARGETS.items():
        p, a, b = proj[e], abl[e], base[e]
        rows.append(
            f"| {e} | {f'{target:.2f}' if targets else '–'} | "
            f"{p[0]:.3f} / {p[1]:.3f} / **{p[2]:.3f}** | {a[2]:.3f} | "
            f"{b[0]:.3f} / {b[1]:.3f} / {b[2]:.3f} | {p[3]} |"
        )
    return rows


def render(results, train_seconds, sizes, today: str) -> str:
    proj, base = results["project"], results["rasa_default"]
    slice_header = [
        "| slice | target (strict) | project strict | project lenient | project fallback "
        "| without normaliser strict | Rasa default strict | Rasa default lenient "
        "| Rasa default fallback |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    entity_header = [
        "| entity | target | project P / R / F1 | without normaliser F1 "
        "| Rasa default P / R / F1 | gold |",
        "|---|---|---|---|---|---|",
    ]
    lines = [
        "# NLU benchmarks",
        "",
        f"Written by `make eval-nlu` (scripts/eval_nlu.py) on {today}. Training data: `data/nlu/`.",
        "",
        "- **Held-out set** `tests/nlu/heldout/`: written for issue 14 without looking at the "
        "training data, never trained or tuned on; `tests/nlu/test_heldout_leak.py` fails when "
        "one of its sentences appears in `data/` or elsewhere in `tests/`. The targets apply "
        "here. Its sentences are not listed in this report.",
        "- **Dev set** `tests/nlu/dev/`: the former held-out set, whose sentences leaked into "
        "the training data; kept for error analysis, its errors are listed below.",
        "",
        "Examples per slice: " + ", ".join(f"{k} {v}" for k, v in sizes.items()) + ".",
        "",
        "**Strict** = the final intent, what the dialogue sees, is the gold one (a fallback "
        "counts as wrong). **Lenient** = the top intent other than `nlu_fallback` is the gold "
        "one. **Fallback** = share of messages answered by `nlu_fallback`. Entities: value F1 "
        "of the final parse (after the custom components), compared by (entity, value) per "
        "message.",
        "",
        "## Held-out intent accuracy per slice",
        "",
        *slice_header,
    ]
    lines += [_slice_row(s, f"{TARGETS[s]:.2f}", s, results) for s in SLICES]
    lines.append(_slice_row(f"{NFD_SLICE} (robustness, no target)", "–", NFD_SLICE, results))
    lines += [
        "",
        '"Without normaliser" is the project pipeline with Rasa\'s WhitespaceTokenizer '
        "instead of `bot.nlu.tokenizer.VietnameseTokenizer` "
        '(benchmarks/config_no_normaliser.yml): what the normaliser adds. "Rasa default" is '
        "`benchmarks/config_rasa_default.yml` trained on the same data.",
        "",
        "## Held-out entity value F1 (all held-out slices)",
        "",
        *entity_header,
        *_entity_rows("entities", results, targets=True),
        "",
        "Procedure value F1 per held-out slice (project / Rasa default): "
        + ", ".join(
            f"{s} {proj['slice_entities'][s]['procedure'][2]:.3f} / "
            f"{base['slice_entities'][s]['procedure'][2]:.3f}"
            for s in SLICES
        )
        + ".",
        "",
        "## Held-out per intent (strict, all held-out slices)",
        "",
        "| intent | n | project P | R | F1 | default P | R | F1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for intent, (p, r, f, n) in proj["intents"].items():
        bp, br, bf, _ = base["intents"].get(intent, (0, 0, 0, n))
        lines.append(
            f"| {intent} | {n} | {p:.2f} | {r:.2f} | {f:.2f} | {bp:.2f} | {br:.2f} | {bf:.2f} |"
        )
    lines += ["", "## Dev set (former held-out set, for error analysis)", "", *slice_header]
    lines += [_slice_row(DEV_PREFIX + s, "–", DEV_PREFIX + s, results) for s in DEV_SLICES]
    lines += ["", *entity_header, *_entity_rows("dev_entities", results, targets=False)]
    lines += ["", "## Training time on this machine (2 cores)", ""]
    lines += [f"- {k}: {v:.0f} s" for k, v in train_seconds.items()]
    lines += [
        "",
        "## Project pipeline errors on the dev set (first 60)",
        "",
        "| slice | text | gold | final intent |",
        "|---|---|---|---|",
    ]
    for s, text, gold, pred in proj["dev_errors"][:60]:
        lines.append(f"| {s} | {text.replace('|', '/')} | {gold} | {pred} |")
    return "\n".join(lines) + "\n"


def missed_targets(results) -> List[str]:
    proj, base = results["project"], results["rasa_default"]
    return (
        [
            f"{s} strict accuracy {proj['strict'][s]:.3f} < {TARGETS[s]}"
            for s in SLICES
            if proj["strict"][s] < TARGETS[s]
        ]
        + [
            f"{s} worse than Rasa default ({proj['strict'][s]:.3f} < {base['strict'][s]:.3f})"
            for s in SLICES
            if proj["strict"][s] < base["strict"][s]
        ]
        + [
            f"{e} value F1 {proj['entities'][e][2]:.3f} < {t}"
            for e, t in ENTITY_TARGETS.items()
            if proj["entities"][e][2] < t
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "models" / "eval"))
    parser.add_argument("--report", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument(
        "--quick",
        action="store_true",
        help="project pipeline only, print the figures and the dev errors, write no report",
    )
    parser.add_argument(
        "--model",
        type=Path,
        help="with --quick: evaluate this trained model (e.g. models/assistant.tar.gz, "
        "trained from config.yml) instead of training one",
    )
    args = parser.parse_args()
    if args.model and not args.quick:
        parser.error("--model goes with --quick: the report trains every pipeline itself")
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    sets = load_sets()
    sizes = {k: len(v) for k, v in sets.items()}
    results, seconds = {}, {}
    configs = {"project": CONFIGS["project"]} if args.quick else CONFIGS
    for name, config in configs.items():
        started = time.monotonic()
        model = args.model if args.model else train(config, name, out_dir)
        seconds[name] = time.monotonic() - started
        results[name] = evaluate(sets, asyncio.run(predict(model, sets)))
    if args.quick:
        proj = results["project"]
        print("strict ", {s: round(v, 3) for s, v in proj["strict"].items()})
        print("lenient", {s: round(v, 3) for s, v in proj["lenient"].items()})
        print(
            "held-out entities",
            {e: [round(x, 3) for x in v[:3]] for e, v in proj["entities"].items()},
        )
        print(
            "dev entities",
            {e: [round(x, 3) for x in v[:3]] for e, v in proj["dev_entities"].items()},
        )
        for error in proj["dev_errors"]:
            print("DEV ERR", error)
        return 0
    report = render(results, seconds, sizes, datetime.date.today().isoformat())
    start, end = markers(SECTION)
    write_section(Path(args.report), SECTION, f"{start}\n{report.rstrip()}\n{end}\n")
    print(report)
    failures = missed_targets(results)
    for failure in failures:
        print(f"TARGET MISSED: {failure}", file=sys.stderr)
    print("all targets met" if not failures else f"{len(failures)} target(s) missed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
