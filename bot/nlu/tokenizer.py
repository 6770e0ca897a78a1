"""Whitespace tokenizer that makes the ways Vietnamese is typed meet.

The message text is brought to NFC with one tone-mark placement (so "hoà" and "hòa",
NFC and NFD input, are the same string), then split on whitespace. Each token keeps
its text, for entity offsets and for features that see diacritics, and gets a lemma
with the diacritics stripped and chat shorthand expanded ("đăng ký", "dang ky" and
"dk" all get the lemma "dang ky"). Rasa's CountVectorsFeaturizer reads the lemma when
``use_lemma`` is on.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from dvc_common.vntext import bounded, canonical_tones, lemma


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VietnameseTokenizer(WhitespaceTokenizer):
    """Whitespace tokens with normalised text and diacritic-free, expanded lemmas."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> VietnameseTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        if attribute == TEXT:
            text = message.get(TEXT)
            if text:
                message.set(TEXT, canonical_tones(bounded(text)))
        tokens = super().tokenize(message, attribute)
        if attribute == TEXT:
            for token in tokens:
                token.lemma = lemma(token.text)
        return tokens
