"""The channel's own answers, read from the model's domain (bot/domain/zalo.yml)."""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from bot.channels.zalo.outgoing import Wording
from dvc_common.facts import fill_facts

logger = logging.getLogger(__name__)

TEXT_ONLY = "utter_zalo_text_only"
TOO_LONG = "utter_zalo_too_long"
UNAVAILABLE = "utter_zalo_unavailable"
MORE_OPTIONS = "utter_zalo_more_options"
CALL_BUTTONS = "utter_zalo_call_buttons"
MENU = "utter_help"


class DomainWording:
    """Reads responses from a Rasa domain (the first variant of each)."""

    def __init__(self, domain: Any) -> None:
        self.responses: Dict[str, List[Dict[str, Any]]] = getattr(domain, "responses", {}) or {}

    def messages(self, *names: str) -> List[Dict[str, Any]]:
        out = []
        for name in names:
            variants = self.responses.get(name)
            if not variants:
                logger.error(
                    "zalo: response %s is missing from the domain; retrain the model", name
                )
                continue
            variant = variants[0]
            buttons = [
                {key: fill_facts(str(value)) for key, value in button.items()}
                for button in variant.get("buttons") or []
            ]
            out.append({"text": fill_facts(variant.get("text") or ""), "buttons": buttons})
        return out

    def for_sending(self) -> Wording:
        more = self.messages(MORE_OPTIONS)
        calls = self.messages(CALL_BUTTONS)
        return Wording(
            more_options=more[0]["text"] if more else "…",
            call_buttons=calls[0]["buttons"] if calls else (),
        )
