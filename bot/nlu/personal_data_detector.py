"""Recognises personal data typed into the chat, whatever else the message says.

A citizen ID (12 digits), an old ID (9 digits), a phone number, an e-mail or something
that looks like a password, OTP or passcode (dvc_common.redact.personal_data_kinds)
makes the intent ``share_personal_data``, so the assistant warns that it never needs
these, and the form or guide in progress goes on. Two exceptions:

- a dossier code with a phone number is a lookup (the form uses the phone's last 4);
- without personal data, a ``share_personal_data`` guess of the classifier is replaced
  by its next best intent, so nobody is warned about nothing.

It runs last in the pipeline and is authoritative, like the dossier code extractor.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from dvc_common.dossier_code import extract_code
from dvc_common.redact import personal_data_kinds

INTENT_NAME = "share_personal_data"
OUTPUT_KEY = "personal_data"


def warns(text: str) -> bool:
    """Whether ``text`` should be answered with the personal-data warning."""
    kinds = personal_data_kinds(text)
    if not kinds:
        return False
    return not (kinds == {"phone"} and extract_code(text))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PersonalDataDetector(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PersonalDataDetector:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            ranking = [
                r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != INTENT_NAME
            ]
            if warns(text):
                detected = {"name": INTENT_NAME, "confidence": 1.0}
                message.set(INTENT, detected, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [detected, *ranking], add_to_output=True)
                message.set(OUTPUT_KEY, sorted(personal_data_kinds(text)), add_to_output=True)
            elif (message.get(INTENT) or {}).get("name") == INTENT_NAME:
                best = ranking[0] if ranking else {"name": "nlu_fallback", "confidence": 1.0}
                message.set(INTENT, best, add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
