"""Spots messages written in a language the assistant does not serve.

A message in English (or in Chinese, Korean, Japanese or another non-Latin script)
would otherwise get a Vietnamese fallback, or worse, a confident wrong answer. This
component runs last: for such a message it predicts ``nlu_fallback`` and adds
``language`` (``en``, ``zh``, ``ko``, ``ja`` or ``other``) to the output; the fallback
action then answers in that language and in Vietnamese (domain responses
``utter_other_language_<code>``). Vietnamese typed without diacritics is Latin script
too, so English is recognised by its common words (``english_words.txt``), which are
chosen not to be Vietnamese syllables, and only in messages of at least three words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

WORDS_FILE = Path(__file__).with_name("english_words.txt")
OUTPUT_KEY = "language"
SCRIPTS = (
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("other", re.compile(r"[\u0400-\u04ff\u0e00-\u0eff\u1780-\u17ff\u0600-\u06ff]")),
)
LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Letters that only Vietnamese (not English) uses.
VIETNAMESE_LETTER = re.compile(r"[đăâêôơư]|[\u0300-\u0323]")


class LanguageGuardError(RuntimeError):
    pass


@lru_cache(maxsize=1)
def english_words(path: Path = WORDS_FILE) -> frozenset:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LanguageGuardError(f"cannot read the English word list {path}: {exc}") from exc
    words = {w.strip().lower() for w in lines if w.strip() and not w.startswith("#")}
    if not words:
        raise LanguageGuardError(f"the English word list {path} is empty")
    return frozenset(words)


def detect_language(text: str, min_words: int = 3, min_ratio: float = 0.6) -> str | None:
    """'en', 'zh', 'ko', 'ja' or 'other' when the text is not Vietnamese; else None."""
    if not text or text.startswith("/"):
        return None
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    for code, pattern in SCRIPTS:
        if len(pattern.findall(text)) >= max(1, len(letters) // 3):
            return code
    decomposed = unicodedata.normalize("NFD", text.lower())
    if VIETNAMESE_LETTER.search(decomposed):
        return None
    words = LATIN_WORD.findall(text.lower())
    if len(words) < min_words:
        return None
    known = english_words()
    ratio = sum(1 for w in words if w in known) / len(words)
    return "en" if ratio >= min_ratio else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageGuard(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"min_words": 3, "min_ratio": 0.6}

    def __init__(self, config: Dict[str, Any]) -> None:
        self.config = {**self.get_default_config(), **config}
        english_words()  # fail the model load, not a message, when the list is missing

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageGuard:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            language = detect_language(
                message.get(TEXT) or "", self.config["min_words"], self.config["min_ratio"]
            )
            if language is None:
                continue
            fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
            message.set(INTENT, fallback, add_to_output=True)
            ranking = message.get(INTENT_RANKING_KEY) or []
            message.set(INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True)
            message.set(OUTPUT_KEY, language, add_to_output=True)
        return messages
