"""Falls back when most words of a message were never seen in training.

DIET can be very confident about text it has never seen ("qwxz blorf" came out as
``goodbye`` at 0.97). This component learns the vocabulary of normalised lemmas of
the training data and predicts ``nlu_fallback`` when too few of a message's words are
known. Digits (codes, phone digits) count as known. The classifier's ranking is kept
and ``unknown_words: true`` is added to the output so the fallback can ask the user to
rephrase instead of guessing.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT, TEXT_TOKENS
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.errors import ModelLoadError
from dvc_common.vntext import lemma

logger = logging.getLogger(__name__)

VOCAB_FILE = "vocabulary.json"
OUTPUT_KEY = "unknown_words"


def _words(message: Message) -> List[str]:
    tokens = message.get(TEXT_TOKENS) or []
    words: List[str] = []
    for token in tokens:
        form = (token.lemma or lemma(token.text) or "").strip()
        if form:
            words.extend(form.split())
    return words


def known_ratio(words: List[str], vocabulary: set) -> float:
    if not words:
        return 1.0
    known = sum(1 for w in words if w in vocabulary or any(c.isdigit() for c in w))
    return known / len(words)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UnknownWordsFallback(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"min_known_ratio": 0.5}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: set | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary or set()

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> UnknownWordsFallback:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        vocabulary = set()
        for message in training_data.training_examples:
            if message.get(TEXT):
                vocabulary.update(_words(message))
        self.vocabulary = vocabulary
        with self._model_storage.write_to(self._resource) as path:
            (path / VOCAB_FILE).write_text(json.dumps(sorted(vocabulary)), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> UnknownWordsFallback:
        # Without its vocabulary the component would let DIET guess on gibberish:
        # the model must not load (retrain it) rather than run without a safeguard.
        try:
            with model_storage.read_from(resource) as path:
                words = json.loads((path / VOCAB_FILE).read_text(encoding="utf-8"))
        except (ValueError, OSError) as exc:
            raise ModelLoadError(
                f"UnknownWordsFallback: cannot read its vocabulary ({VOCAB_FILE}) from the "
                f"model: {exc}; retrain the model (make train)"
            ) from exc
        if not isinstance(words, list) or not words:
            raise ModelLoadError(
                f"UnknownWordsFallback: the model's {VOCAB_FILE} holds no words; retrain it"
            )
        return cls(config, model_storage, resource, set(words))

    def process(self, messages: List[Message]) -> List[Message]:
        if not self.vocabulary:  # only before training: load() refuses an empty one
            logger.warning("UnknownWordsFallback has no vocabulary: messages pass unchecked")
            return messages
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get("name") == DEFAULT_NLU_FALLBACK_INTENT_NAME or not message.get(TEXT):
                continue
            if message.get(TEXT, "").startswith("/"):
                continue
            ratio = known_ratio(_words(message), self.vocabulary)
            if ratio >= self.config["min_known_ratio"]:
                continue
            fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
            message.set(INTENT, fallback, add_to_output=True)
            ranking = message.get(INTENT_RANKING_KEY) or []
            message.set(INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True)
            message.set(OUTPUT_KEY, True, add_to_output=True)
        return messages
