"""How well the assistant finds the second question of a composite message.

Parses, with the trained model (models/assistant.tar.gz unless ``--model``):

- ``tests/nlu/heldout/composite.yml``: 160 messages written for this measurement
  without looking at the data or the code (100 asking two things, the main request and
  the other one labelled; 60 long messages asking one thing). Measured, never studied:
  its sentences are not printed;
- ``tests/nlu/composite/dev.yml``: 200 messages of the same kind (130 + 70), the
  development set the component was tuned on;
- every message of the development slices (``tests/nlu/dev/*/*.yml``), which ask one
  thing each: an offer there is a false one.

Per set it reports the accuracy of the intent answered (after the component), the precision and
recall of the offered second request (right intent, and right procedure when the
second question is about another procedure), and the rate of false offers on
single-request messages; ``--errors`` lists the development set's mistakes. With
``--write`` the table goes to docs/benchmarks.md. The NLU held-out slices are not read.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import sys
from pathlib import Path
from typing import Any, Dict, List

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.report_sections import markers, write_section  # noqa: E402

SECTION = "make eval-composite"
SETS = {
    "held-out": ROOT / "tests" / "nlu" / "heldout" / "composite.yml",
    "dev": ROOT / "tests" / "nlu" / "composite" / "dev.yml",
}
DEV_DIR = ROOT / "tests" / "nlu" / "dev"
REPORT = ROOT / "docs" / "benchmarks.md"


def load_composite(path: Path) -> List[Dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]


def load_singles() -> List[str]:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    texts = []
    for path in sorted(DEV_DIR.glob("*/*.yml")):
        texts += [m.get("text") for m in RasaYAMLReader().read(path).intent_examples]
    return texts


async def parse_all(model: Path, texts: List[str]) -> List[Dict[str, Any]]:
    import logging

    import structlog
    from rasa.core.agent import Agent

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.getLogger("rasa").setLevel(logging.WARNING)
    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def right(offer: Dict[str, Any] | None, gold: Dict[str, Any]) -> bool:
    if not offer or offer.get("intent") != gold["second"]:
        return False
    return not gold.get("second_procedure") or offer.get("procedure") == gold["second_procedure"]


def score(composite, parses, single_parses) -> Dict[str, Any]:
    offered = correct = 0
    errors = []
    for gold, parse in zip(composite, parses, strict=True):
        offer = parse.get("second_request")
        offered += bool(offer)
        if gold["second"] and right(offer, gold):
            correct += 1
        elif gold["second"] or offer:
            errors.append((gold, parse["intent"]["name"], offer))
    pairs = [g for g in composite if g["second"]]
    single_offers = sum(1 for p in single_parses if p.get("second_request"))
    long_single = [p for g, p in zip(composite, parses, strict=True) if not g["second"]]
    return {
        "pairs": len(pairs),
        "long_singles": len(long_single),
        "singles": len(single_parses),
        "main_accuracy": sum(
            p["intent"]["name"] == g["main"] for g, p in zip(composite, parses, strict=True)
        )
        / len(composite),
        "precision": correct / offered if offered else 0.0,
        "recall": correct / len(pairs) if pairs else 0.0,
        "false_long": sum(1 for p in long_single if p.get("second_request")),
        "false_single": single_offers,
        "errors": errors,
    }


def render(results: Dict[str, Dict[str, Any]], model: Path) -> str:
    start, end = markers(SECTION)
    day = datetime.date.today().isoformat()
    names = list(results)
    rows = [
        ("messages asking two things / one thing", lambda r: f"{r['pairs']} / {r['long_singles']}"),
        ("intent answered is the main request", lambda r: f"{r['main_accuracy']:.3f}"),
        ("second request offered: precision", lambda r: f"{r['precision']:.3f}"),
        ("second request offered: recall", lambda r: f"{r['recall']:.3f}"),
        ("false offers on long single-request messages", lambda r: f"{r['false_long']}"),
    ]
    lines = [
        start,
        f"Measured on {day} by `make eval-composite` with `{model.name}` "
        "(scripts/eval_second_request.py).",
        "",
        "| measure | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for label, value in rows:
        lines.append(f"| {label} | " + " | ".join(value(results[n]) for n in names) + " |")
    singles = results[names[0]]
    lines += [
        "",
        f"False offers on the {singles['singles']} short messages of the dev slices "
        f"(tests/nlu/dev/): {singles['false_single']}.",
        end,
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "assistant.tar.gz")
    parser.add_argument("--errors", action="store_true", help="list the composite set's errors")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()
    sets = {name: load_composite(path) for name, path in SETS.items() if path.exists()}
    singles = load_singles()
    texts = [m["text"] for messages in sets.values() for m in messages] + singles
    parses = asyncio.run(parse_all(args.model, texts))
    single_parses = parses[len(texts) - len(singles) :]
    results, offset = {}, 0
    for name, messages in sets.items():
        chunk = parses[offset : offset + len(messages)]
        results[name] = score(messages, chunk, single_parses)
        offset += len(messages)
    if args.errors and "dev" in results:
        for gold, main_intent, offer in results["dev"]["errors"]:
            print(
                f"- {gold['text']}\n  gold {gold['main']} + {gold['second']} "
                f"{gold.get('second_procedure') or ''}| got {main_intent} + {offer}"
            )
    section = render(results, args.model)
    print(section)
    if args.write:
        write_section(REPORT, SECTION, section, "## Composite messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
