"""Answers an intent, or the narrower topic a message is about.

The contract's intents are broad: "VNeID for my 10-year-old" is a level-1
registration question, "I read the OTP to a caller" a scam report. The topics and the
words that reveal them are data (``catalogue/topics.yml``); the answers are domain
responses. Without a topic, the intent's own response ``utter_<intent>`` is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.second_request import offer_second_request
from dvc_common.vntext import plain_words

TOPICS_FILE = Path(__file__).parent / "catalogue" / "topics.yml"


class TopicsError(ValueError):
    pass


@dataclass(frozen=True)
class Topic:
    topic: str
    response: str
    intents: Tuple[str, ...]
    any: Tuple[str, ...]
    and_any: Tuple[str, ...] = ()

    def matches(self, intent: str | None, words: str) -> bool:
        if intent not in self.intents:
            return False
        padded = f" {words} "
        if not any(f" {w} " in padded for w in self.any):
            return False
        return not self.and_any or any(f" {w} " in padded for w in self.and_any)


def parse_topics(raw: Any, source: str = "topics") -> List[Topic]:
    if not isinstance(raw, list):
        raise TopicsError(f"{source}: expected a list of topics")
    topics = []
    for i, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise TopicsError(f"{source}: topic {i}: expected a mapping")
        for key in ("topic", "response"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise TopicsError(f"{source}: topic {i}: {key} must be a text")
        if not entry["response"].startswith("utter_"):
            raise TopicsError(f"{source}: {entry['topic']}: response must be an utter_ name")
        lists = {}
        for key in ("intents", "any", "and_any"):
            value = entry.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise TopicsError(f"{source}: {entry['topic']}: {key} must be a list of texts")
            if key != "and_any" and not value:
                raise TopicsError(f"{source}: {entry['topic']}: {key} must not be empty")
            lists[key] = tuple(
                plain_words(v, numbers=True) if key != "intents" else v for v in value
            )
        topics.append(Topic(topic=entry["topic"], response=entry["response"], **lists))
    return topics


@lru_cache(maxsize=1)
def load_topics(path: Path = TOPICS_FILE) -> List[Topic]:
    with open(path, encoding="utf-8") as handle:
        return parse_topics(yaml.safe_load(handle), str(path))


def topic_for(intent: str | None, text: str) -> Topic | None:
    words = plain_words(text or "", numbers=True)
    return next((t for t in load_topics() if t.matches(intent, words)), None)


class ActionAnswer(Action):
    """utter_<intent>, or the response of the narrower topic the message is about."""

    def name(self) -> str:
        return "action_answer"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        latest = tracker.latest_message or {}
        intent = (latest.get("intent") or {}).get("name")
        topic = topic_for(intent, latest.get("text") or "")
        dispatcher.utter_message(response=topic.response if topic else f"utter_{intent}")
        offer_second_request(dispatcher, tracker)
        return []
