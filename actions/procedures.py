"""Procedure information from the structured catalogue ``catalogue/procedures.yml``.

The catalogue holds the facts (knowledge.md §7) and the wording of the cards. A short
card comes first (who handles it, where to file, time limit, fee, the citizen's
deadline); the documents, notes and unconfirmed points come on a button. A field left
empty has no verified source: the card says so and links the procedure's portal page.
Asking again about the procedure just shown gets a short answer pointing back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List
from urllib.parse import quote

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.guide import start_payload
from actions.second_request import offer_second_request
from dvc_common.facts import fact
from dvc_common.guides import guide_for_procedure
from dvc_common.procedure_keys import PROCEDURE_KEYS

CATALOGUE_FILE = Path(__file__).parent / "catalogue" / "procedures.yml"
CARD_KEYS = (
    "title",
    "title_with_code",
    "where",
    "time_limit",
    "fee",
    "deadline",
    "unknown",
    "documents_title",
    "notes_title",
    "unverified_title",
    "item",
    "link",
    "footer",
    "repeated",
)
BUTTON_KEYS = ("details", "summary", "guide", "online", "handoff", "other")
TEXT_FIELDS = ("procedure_code", "summary", "where", "time_limit", "fee", "deadline")
LIST_FIELDS = ("documents", "notes", "unverified")
DETAILS = "details"


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class Procedure:
    key: str
    name: str
    search_key: str
    procedure_code: str | None = None
    summary: str | None = None
    where: str | None = None
    time_limit: str | None = None
    fee: str | None = None
    deadline: str | None = None
    documents: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    unverified: List[str] = field(default_factory=list)

    @property
    def portal_url(self) -> str:
        return fact("portal_search_url") + quote(self.search_key)


@dataclass(frozen=True)
class Catalogue:
    procedures: Dict[str, Procedure]
    card: Dict[str, str]
    buttons: Dict[str, str]


def _parse_procedure(key: str, entry: Any, source: str) -> Procedure:
    if not isinstance(entry, dict):
        raise CatalogueError(f"{source}: {key}: expected a mapping")
    for name in ("name", "search_key"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise CatalogueError(f"{source}: {key}: {name} must be a non-empty text")
    for name in LIST_FIELDS:
        value = entry.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CatalogueError(f"{source}: {key}: {name} must be a list of texts")
    for name in TEXT_FIELDS:
        if entry.get(name) is not None and not isinstance(entry.get(name), str):
            raise CatalogueError(f"{source}: {key}: {name} must be a text or null")
    unknown = set(entry) - {"name", "search_key", *TEXT_FIELDS, *LIST_FIELDS}
    if unknown:
        raise CatalogueError(f"{source}: {key}: unknown fields {', '.join(sorted(unknown))}")
    fields: Dict[str, Any] = {name: entry.get(name) for name in TEXT_FIELDS}
    fields.update({name: list(entry.get(name) or []) for name in LIST_FIELDS})
    return Procedure(key=key, name=entry["name"], search_key=entry["search_key"], **fields)


def parse_catalogue(raw: Any, source: str = "catalogue") -> Catalogue:
    if not isinstance(raw, dict) or not isinstance(raw.get("procedures"), dict):
        raise CatalogueError(f"{source}: expected 'procedures' and 'card' mappings")
    card = raw.get("card")
    if not isinstance(card, dict):
        raise CatalogueError(f"{source}: expected a 'card' mapping")
    missing = [k for k in CARD_KEYS if not isinstance(card.get(k), str)]
    buttons = card.get("buttons") or {}
    missing += [f"buttons.{k}" for k in BUTTON_KEYS if not isinstance(buttons.get(k), str)]
    if missing:
        raise CatalogueError(f"{source}: card: missing texts {', '.join(missing)}")
    procedures = {
        key: _parse_procedure(key, entry, source) for key, entry in raw["procedures"].items()
    }
    if set(procedures) != set(PROCEDURE_KEYS):
        absent = ", ".join(sorted(set(PROCEDURE_KEYS) - set(procedures))) or "none"
        extra = ", ".join(sorted(set(procedures) - set(PROCEDURE_KEYS))) or "none"
        raise CatalogueError(
            f"{source}: the procedures must be the keys of dvc_common/procedure_keys.py "
            f"(missing: {absent}; unknown: {extra})"
        )
    return Catalogue(
        procedures=procedures,
        card={k: card[k] for k in CARD_KEYS},
        buttons={k: buttons[k] for k in BUTTON_KEYS},
    )


@lru_cache(maxsize=1)
def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    with open(path, encoding="utf-8") as handle:
        return parse_catalogue(yaml.safe_load(handle), str(path))


def procedure_keys() -> tuple[str, ...]:
    """The procedure keys of the contract (dvc_common/procedure_keys.py), in catalogue order."""
    return tuple(load_catalogue().procedures)


def _footer(card: Dict[str, str]) -> str:
    return card["footer"].format(updated=fact("updated"), hotline=fact("portal_hotline"))


def _title(card: Dict[str, str], p: Procedure) -> str:
    if p.procedure_code:
        return card["title_with_code"].format(name=p.name, code=p.procedure_code)
    return card["title"].format(name=p.name)


def build_summary_card(p: Procedure, card: Dict[str, str]) -> str:
    """The short card: who handles it, where, time limit, fee, the citizen's deadline."""
    lines = [_title(card, p)]
    if p.summary:
        lines.append(p.summary)
    for name in ("where", "time_limit", "fee"):
        lines.append(card[name].format(value=getattr(p, name) or card["unknown"]))
    if p.deadline:
        lines.append(card["deadline"].format(value=p.deadline))
    if not (p.where and p.time_limit and p.fee):
        lines.append(card["link"].format(url=p.portal_url))
    lines.append(_footer(card))
    return "\n".join(lines)


def build_details_card(p: Procedure, card: Dict[str, str]) -> str:
    """Documents to bring, notes, what is not confirmed, the portal page."""
    lines = [_title(card, p), card["documents_title"]]
    if p.documents:
        lines += [card["item"].format(value=d) for d in p.documents]
    else:
        lines.append(card["item"].format(value=card["unknown"]))
    for title, items in (("notes_title", p.notes), ("unverified_title", p.unverified)):
        if items:
            lines.append(card[title])
            lines += [card["item"].format(value=item) for item in items]
    lines.append(card["link"].format(url=p.portal_url))
    lines.append(_footer(card))
    return "\n".join(lines)


def _payload(key: str, part: str | None = None) -> str:
    entities = {"procedure": key, **({"procedure_part": part} if part else {})}
    body = ",".join(f'"{k}":"{v}"' for k, v in entities.items())
    return "/procedure_info{" + body + "}"


def _buttons(catalogue: Catalogue, key: str, showing_details: bool) -> List[Dict[str, str]]:
    titles = catalogue.buttons
    switch = (
        {"title": titles["summary"], "payload": _payload(key)}
        if showing_details
        else {"title": titles["details"], "payload": _payload(key, DETAILS)}
    )
    guide = guide_for_procedure(key)
    walk = [{"title": titles["guide"], "payload": start_payload(guide.id)}] if guide else []
    return [
        switch,
        *walk,
        {"title": titles["online"], "payload": "/filing_howto"},
        {"title": titles["handoff"], "payload": "/human_handoff"},
        {"title": titles["other"], "payload": "/procedure_info"},
    ]


def _shown_last_turn(tracker: Tracker, key: str, part: str | None) -> bool:
    """The same card was the answer to the previous user message."""
    previous = [e for e in tracker.events if e.get("event") == "user"][-2:-1]
    if not previous:
        return False
    parse = previous[0].get("parse_data") or {}
    intent = (parse.get("intent") or {}).get("name")
    entities = {e.get("entity"): e.get("value") for e in parse.get("entities") or []}
    same_key = entities.get("procedure", tracker.get_slot("procedure")) == key
    return intent == "procedure_info" and same_key and entities.get("procedure_part") == part


class ActionProcedureInfo(Action):
    def name(self) -> str:
        return "action_procedure_info"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        catalogue = load_catalogue()
        entities = list(tracker.get_latest_entity_values("procedure"))
        key = next((e for e in entities if e in catalogue.procedures), None)
        if key is None and not entities:
            slot = tracker.get_slot("procedure")
            key = slot if slot in catalogue.procedures else None
        if key is None:
            dispatcher.utter_message(response="utter_ask_procedure")
            return [SlotSet("procedure", None)]
        part = next(tracker.get_latest_entity_values("procedure_part"), None)
        details = part == DETAILS
        procedure = catalogue.procedures[key]
        buttons = _buttons(catalogue, key, details)
        if _shown_last_turn(tracker, key, part):
            text = catalogue.card["repeated"].format(name=procedure.name)
        elif details:
            text = build_details_card(procedure, catalogue.card)
        else:
            text = build_summary_card(procedure, catalogue.card)
        # Through a response, so Rasa's NLG addresses the citizen as they named themselves.
        dispatcher.utter_message(response="utter_procedure_card", card=text, buttons=buttons)
        offer_second_request(dispatcher, tracker)
        return [SlotSet("procedure", key)]
