"""Recognises an explicit question about what a dossier status means.

"trạng thái 'dừng xử lý' nghĩa là gì", "'không thuộc thẩm quyền' là sao": a status
(or term) of dvc_common/statuses.yml, named after the word "trạng thái" or between
quotes, with a question about its meaning, makes the intent ``status_meaning``. The
classifier decides every other message (status 5 is left to ``dossier_supplement``,
whose answer is how to add the documents).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from dvc_common.statuses import find_status
from dvc_common.vntext import plain_words

INTENT_NAME = "status_meaning"
_ASKS_MEANING = re.compile(
    r"\b(la gi|la sao|nghia la|nghia gi|y nghia|la the nao|la nhu the nao|hieu la)\b"
)
_QUOTES = set("'\"‘’“”«»")
LEFT_TO_CLASSIFIER = {"5"}


def asks_status_meaning(text: str) -> bool:
    plain = plain_words(text)
    if not _ASKS_MEANING.search(plain):
        return False
    named = find_status(text)
    if named is None or named.key in LEFT_TO_CLASSIFIER:
        return False
    return "trang thai" in plain or any(c in _QUOTES for c in text) or not named.key.isdigit()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class StatusQuestionDetector(GraphComponent, IntentClassifier):
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
    ) -> StatusQuestionDetector:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/") or not asks_status_meaning(text):
                continue
            detected = {"name": INTENT_NAME, "confidence": 1.0}
            ranking = [
                r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != INTENT_NAME
            ]
            message.set(INTENT, detected, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [detected, *ranking], add_to_output=True)
        return messages
