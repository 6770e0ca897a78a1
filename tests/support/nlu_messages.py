"""NLU messages as the custom components receive them: tokenised, classified, tagged."""

from __future__ import annotations

from typing import Iterable, Tuple

from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.tokenizer import VietnameseTokenizer

TOKENIZER = VietnameseTokenizer(VietnameseTokenizer.get_default_config())


def classified_message(
    text: str,
    intent: str,
    procedures: Iterable[Tuple[str, str]] = (),
    ranking: Iterable[Tuple[str, float]] = (),
) -> Message:
    """A tokenised message with its intent, its ranking and ``procedure`` entities
    given as (phrase in the text, value)."""
    message = Message({TEXT: text})
    TOKENIZER.process([message])
    message.set(INTENT, {"name": intent, "confidence": 0.9})
    message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": c} for name, c in ranking])
    found = []
    for phrase, value in procedures:
        start = message.get(TEXT).index(phrase)
        found.append(
            {"entity": "procedure", "value": value, "start": start, "end": start + len(phrase)}
        )
    message.set(ENTITIES, found)
    return message
