"""Step-by-step guides, read from guides/*.yml and checked when loaded.

One generic mechanism serves every guide: the chat walks its steps, the guide pages
print it. A malformed file raises ``GuideError`` naming the file and the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

from dvc_common.facts import fact, facts

GUIDES_DIR = Path(__file__).resolve().parents[1] / "guides"
ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
MIN_STEPS, MAX_STEPS = 3, 12
REQUIRED = {"id", "title", "summary", "prepare", "steps", "official_channel", "sources"}
OPTIONAL = {"offered_for", "procedure"}
STEP_KEYS = {"text", "tip", "warning"}


class GuideError(ValueError):
    pass


@dataclass(frozen=True)
class Step:
    text: str
    tip: str | None = None
    warning: str | None = None


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    summary: str
    prepare: Tuple[str, ...]
    steps: Tuple[Step, ...]
    official_channel: str
    sources: Tuple[str, ...]
    offered_for: Tuple[str, ...] = ()
    procedure: str | None = None  # the procedure key whose card offers this guide

    @property
    def updated(self) -> str:
        """The update date of every answer (bot/domain/facts.yml), not one per guide."""
        return fact("updated")

    @property
    def page_path(self) -> str:
        return f"/huong-dan/{self.id}"


def _text(value: Any, where: str) -> str:
    """A non-empty text, with the shared facts filled in ("tổng đài {mps_hotline}")."""
    if not isinstance(value, str) or not value.strip():
        raise GuideError(f"{where} must be a non-empty text")
    text = value.strip()
    for name, fact_value in facts().items():
        text = text.replace("{" + name + "}", fact_value)
    return text


def _texts(value: Any, where: str, allow_empty: bool = False) -> Tuple[str, ...]:
    if not isinstance(value, list) or (not value and not allow_empty):
        raise GuideError(f"{where} must be a {'' if allow_empty else 'non-empty '}list of texts")
    return tuple(_text(v, f"{where}[{i}]") for i, v in enumerate(value))


def parse_guide(raw: Any, name: str) -> Guide:
    if not isinstance(raw, dict):
        raise GuideError("the file must hold a mapping of keys")
    missing = sorted(REQUIRED - set(raw))
    if missing:
        raise GuideError(f"missing key(s): {', '.join(missing)}")
    unknown = sorted(set(raw) - REQUIRED - OPTIONAL)
    if unknown:
        raise GuideError(f"unknown key(s): {', '.join(unknown)}")
    guide_id = _text(raw["id"], "id")
    if not ID_PATTERN.match(guide_id):
        raise GuideError(f"id {guide_id!r} must match [a-z0-9_]+")
    if guide_id != name:
        raise GuideError(f"id {guide_id!r} must equal the file name {name!r}")
    steps_raw = raw["steps"]
    if not isinstance(steps_raw, list) or not MIN_STEPS <= len(steps_raw) <= MAX_STEPS:
        raise GuideError(f"steps must be a list of {MIN_STEPS} to {MAX_STEPS} steps")
    steps = []
    for i, step in enumerate(steps_raw, start=1):
        if not isinstance(step, dict):
            raise GuideError(f"steps[{i}] must be a mapping with a text")
        extra = sorted(set(step) - STEP_KEYS)
        if extra:
            raise GuideError(f"steps[{i}]: unknown key(s): {', '.join(extra)}")
        steps.append(
            Step(
                text=_text(step.get("text"), f"steps[{i}].text"),
                tip=_text(step["tip"], f"steps[{i}].tip") if step.get("tip") is not None else None,
                warning=_text(step["warning"], f"steps[{i}].warning")
                if step.get("warning") is not None
                else None,
            )
        )
    return Guide(
        id=guide_id,
        title=_text(raw["title"], "title"),
        summary=_text(raw["summary"], "summary"),
        prepare=_texts(raw["prepare"], "prepare"),
        steps=tuple(steps),
        official_channel=_text(raw["official_channel"], "official_channel"),
        sources=_texts(raw["sources"], "sources"),
        offered_for=_texts(raw.get("offered_for") or [], "offered_for", allow_empty=True),
        procedure=_text(raw["procedure"], "procedure") if raw.get("procedure") else None,
    )


def load_guide_file(path: Path) -> Guide:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GuideError(f"{path}: not valid YAML: {exc}") from exc
    try:
        return parse_guide(raw, path.stem)
    except GuideError as exc:
        raise GuideError(f"{path}: {exc}") from exc


def load_guides(directory: Path = GUIDES_DIR) -> Dict[str, Guide]:
    guides: Dict[str, Guide] = {}
    offered: Dict[str, str] = {}
    for path in sorted(directory.glob("*.yml")):
        guide = load_guide_file(path)
        for intent in guide.offered_for:
            if intent in offered:
                raise GuideError(
                    f"{path}: intent {intent!r} is already offered by guide {offered[intent]!r}"
                )
            offered[intent] = guide.id
        guides[guide.id] = guide
    if not guides:
        raise GuideError(f"{directory}: no guide files")
    return guides


@lru_cache(maxsize=1)
def all_guides() -> Dict[str, Guide]:
    return load_guides()


def guide_for_intent(intent: str, guides: Dict[str, Guide] | None = None) -> Guide | None:
    for guide in (guides or all_guides()).values():
        if intent in guide.offered_for:
            return guide
    return None


def guide_for_procedure(key: str, guides: Dict[str, Guide] | None = None) -> Guide | None:
    for guide in (guides or all_guides()).values():
        if guide.procedure == key:
            return guide
    return None


def step_lines(guide: Guide, index: int) -> List[str]:
    """The chat text of step ``index`` (0-based): 'Bước 3/7' and the step."""
    step = guide.steps[index]
    lines = [f"Bước {index + 1}/{len(guide.steps)} · {guide.title}", step.text]
    if step.tip:
        lines.append(f"💡 Mẹo: {step.tip}")
    if step.warning:
        lines.append(f"⚠️ Lưu ý: {step.warning}")
    return lines
