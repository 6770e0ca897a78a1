"""Where a loaded Rasa server's memory goes: resident memory added by each component.

    python scripts/memory_profile.py [--model models/assistant.tar.gz] [--write]

Loads the model as ``rasa run`` does (``rasa.core.agent.load_agent``) in this process,
records the resident memory (VmRSS) before and after each graph component is loaded,
then parses a few messages and reports the total. With ``--write`` the table goes to
docs/benchmarks.md between its markers. Nothing is served and nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import sys
from pathlib import Path
from typing import Any, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.report_sections import markers, write_section  # noqa: E402

SECTION = "make memory-profile"
MESSAGES = (
    "xin chào",
    "quên mật khẩu vneid thì làm sao",
    "chào cháu, bác năm nay 72 tuổi rồi, mắt kém, cái ứng dụng có hình ngôi sao đỏ "
    "bác không nhớ mật khẩu, cháu chỉ bác với",
    "tra cứu hồ sơ 000.00.12.H56-251015-0042",
)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def profile(model: Path) -> Tuple[float, List[Tuple[str, float]], float, float]:
    """Memory at start, per component loaded, after loading and after parsing."""
    import rasa.engine.graph as graph
    from rasa.core.agent import load_agent

    loaded: List[Tuple[str, float]] = []
    original = graph.GraphNode._load_component

    def measured(node: Any, **kwargs: Any) -> None:
        before = rss_mb()
        original(node, **kwargs)
        loaded.append((node._node_name, rss_mb() - before))

    graph.GraphNode._load_component = measured  # type: ignore[method-assign]
    try:
        start = rss_mb()
        agent = asyncio.run(load_agent(model_path=str(model)))
        after_load = rss_mb()
    finally:
        graph.GraphNode._load_component = original  # type: ignore[method-assign]
    if not agent.is_ready():
        raise SystemExit(f"error: the model {model} did not load (see the log above)")

    async def parse() -> None:
        for text in MESSAGES * 5:
            await agent.parse_message(text)

    asyncio.run(parse())
    return start, loaded, after_load, rss_mb()


def report(model: Path, start: float, loaded, after_load: float, after_parse: float) -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    start_marker, end_marker = markers(SECTION)
    lines = [
        start_marker,
        f"`make memory-profile` (scripts/memory_profile.py), {now:%Y-%m-%d %H:%M} UTC, "
        f"model `{model.relative_to(ROOT) if model.is_relative_to(ROOT) else model}`: "
        "resident memory of one process loading the model as `rasa run` does.",
        "",
        "| what | MB |",
        "|---|---|",
        f"| Python, Rasa and TensorFlow imported | {start:.0f} |",
    ]
    for name, added in sorted(loaded, key=lambda item: -item[1]):
        if added >= 1:
            lines.append(f"| + {name} | {added:.0f} |")
    small = sum(added for _, added in loaded if added < 1)
    lines += [
        f"| + the other {sum(1 for _, a in loaded if a < 1)} components | {small:.0f} |",
        f"| **model loaded** | **{after_load:.0f}** |",
        f"| after parsing {len(MESSAGES) * 5} messages | {after_parse:.0f} |",
        end_marker,
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "assistant.tar.gz")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()
    # Rasa and TensorFlow first, so that their import is not charged to a component.
    import rasa.core.agent  # noqa: F401
    import tensorflow  # noqa: F401

    text = report(args.model.resolve(), *profile(args.model))
    print(text)
    if args.write:
        write_section(ROOT / "docs" / "benchmarks.md", SECTION, text, "### Memory")


if __name__ == "__main__":
    main()
