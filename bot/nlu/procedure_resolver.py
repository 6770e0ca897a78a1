"""Makes ``procedure`` entities canonical, and finds the ones DIET missed.

- A ``procedure`` entity whose value is not one of the contract's keys is mapped
  through the synonym table (training annotations plus procedure_synonyms.yml, on
  diacritic-free lemmas), or dropped: DIET sometimes tags a stray word ("bằng", "sinh").
- When the message is about a procedure (its intent is one of PROCEDURE_INTENTS) and
  no procedure was found, the synonym table is matched on the message's lemmas.
- Outside those intents, "căn cước", "bằng lái"... usually mean the card or the
  licence itself, not the procedure: such entities are kept only after a verb that
  asks for the procedure ("làm", "cấp", "đổi", "xin", "đăng ký", "thủ tục").
- "khai sinh" together with "thường trú" or health insurance is the combined
  procedure ``lien_thong_khai_sinh``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml
from rasa.engine.graph import GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT, TEXT_TOKENS
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.errors import ModelLoadError
from dvc_common.procedure_keys import PROCEDURE_KEYS
from dvc_common.vntext import plain_words

ENTITY = "procedure"
KEYS = PROCEDURE_KEYS
PROCEDURE_INTENTS = {
    "procedure_info",
    "inform",
    "filing_howto",
    "filing_anywhere",
    "dossier_supplement",
    "dossier_withdraw",
    "result_delivery",
    "payment_howto",
    "payment_problem",
    "payment_receipt",
    "check_dossier_status",
    "dossier_overdue",
}
ASKING_VERBS = {"lam", "cap", "doi", "xin", "dang ky", "thu tuc", "ho so", "nop"}
NOT_ASKING = {"cap nhat"}
SYNONYM_FILE = Path(__file__).with_name("procedure_synonyms.yml")
TABLE_FILE = "synonyms.json"


def load_curated(path: Path = SYNONYM_FILE) -> Dict[str, str]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table = {}
    for key, phrases in raw.items():
        if key not in KEYS:
            raise ValueError(f"{path}: unknown procedure key {key!r}")
        for phrase in phrases:
            table[plain_words(phrase)] = key
    return table


Phrases = List[Tuple[List[str], str]]


def sorted_phrases(table: Dict[str, str]) -> Phrases:
    """A synonym table as (words, key) pairs, longest phrase first, for longest_matches."""
    return sorted(((p.split(), key) for p, key in table.items()), key=lambda x: -len(x[0]))


def longest_matches(words: List[str], phrases: Phrases) -> List[Tuple[int, int, str]]:
    """(first word, number of words, key) of the longest phrase at each place, left to
    right; a match's words are not matched again."""
    found, i = [], 0
    while i < len(words):
        for phrase, key in phrases:
            n = len(phrase)
            if words[i : i + n] == phrase:
                found.append((i, n, key))
                i += n
                break
        else:
            i += 1
    return found


def _words_with_tokens(message: Message) -> List[Tuple[str, int]]:
    out = []
    for index, token in enumerate(message.get(TEXT_TOKENS) or []):
        for word in plain_words(token.lemma or token.text).split():
            out.append((word, index))
    return out


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class ProcedureResolver(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    def __init__(
        self, model_storage: ModelStorage, resource: Resource, table: Dict[str, str] | None = None
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.table = table if table is not None else load_curated()
        self.phrases = sorted_phrases(self.table)

    @classmethod
    def create(cls, config, model_storage, resource, execution_context) -> ProcedureResolver:
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        table = load_curated()
        for message in training_data.entity_examples:
            text = message.get(TEXT) or ""
            for entity in message.get(ENTITIES) or []:
                if entity.get("entity") == ENTITY and entity.get("value") in KEYS:
                    phrase = plain_words(text[entity["start"] : entity["end"]])
                    if phrase:
                        table.setdefault(phrase, entity["value"])
        self.table = table
        self.phrases = sorted_phrases(table)
        with self._model_storage.write_to(self._resource) as path:
            (path / TABLE_FILE).write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls, config, model_storage, resource, execution_context, **kwargs
    ) -> ProcedureResolver:
        # Falling back to the curated table alone would silently drop every synonym
        # learnt from the training data: the model must not load; retrain it.
        try:
            with model_storage.read_from(resource) as path:
                table = json.loads((path / TABLE_FILE).read_text(encoding="utf-8"))
        except (ValueError, OSError) as exc:
            raise ModelLoadError(
                f"ProcedureResolver: cannot read its synonym table ({TABLE_FILE}) from the "
                f"model: {exc}; retrain the model (make train)"
            ) from exc
        if not isinstance(table, dict) or not table:
            raise ModelLoadError(
                f"ProcedureResolver: the model's {TABLE_FILE} is empty; retrain it"
            )
        unknown = sorted({key for key in table.values() if key not in KEYS})
        if unknown:
            raise ModelLoadError(
                f"ProcedureResolver: the model's {TABLE_FILE} names unknown procedure keys "
                f"{', '.join(unknown)}; retrain the model (make train)"
            )
        return cls(model_storage, resource, table)

    # --- helpers -------------------------------------------------------------------
    def canonical(self, value: Any, text: str) -> str | None:
        if value in KEYS:
            return value
        return self.table.get(plain_words(text)) or self.table.get(plain_words(str(value)))

    def find(self, message: Message) -> List[Dict[str, Any]]:
        """Longest synonym matches on the message's lemmas, left to right."""
        words = _words_with_tokens(message)
        tokens = message.get(TEXT_TOKENS) or []
        found = []
        for i, n, key in longest_matches([w for w, _ in words], self.phrases):
            first, last = tokens[words[i][1]], tokens[words[i + n - 1][1]]
            found.append({"entity": ENTITY, "value": key, "start": first.start, "end": last.end})
        return found

    @staticmethod
    def _asked_for(message: Message, start: int) -> bool:
        before = plain_words((message.get(TEXT) or "")[:start]).split()[-3:]
        joined = " ".join(before)
        if any(n in joined for n in NOT_ASKING):
            return False
        return any(verb in before or verb in " ".join(before[-2:]) for verb in ASKING_VERBS)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = (message.get(INTENT) or {}).get("name")
            entities = message.get(ENTITIES) or []
            others = [e for e in entities if e.get("entity") != ENTITY]
            procedures = []
            for entity in entities:
                if entity.get("entity") != ENTITY:
                    continue
                key = self.canonical(entity.get("value"), text[entity["start"] : entity["end"]])
                if key:
                    procedures.append({**entity, "value": key})
            if not procedures and intent in PROCEDURE_INTENTS:
                procedures = self.add_extractor_name(self.find(message))
            if intent not in PROCEDURE_INTENTS:
                procedures = [p for p in procedures if self._asked_for(message, p["start"])]
            procedures = self._combine(procedures, text)
            seen, unique = set(), []
            for p in procedures:
                if p["value"] not in seen:
                    seen.add(p["value"])
                    unique.append(p)
            message.set(ENTITIES, others + unique, add_to_output=True)
        return messages

    def _combine(self, procedures: List[Dict[str, Any]], text: str) -> List[Dict[str, Any]]:
        values = {p["value"] for p in procedures}
        plain = plain_words(text)
        health = "bhyt" in plain or "bao hiem y te" in plain
        if "khai_sinh" in values and ("thuong_tru" in values or health):
            parts = [p for p in procedures if p["value"] in ("khai_sinh", "thuong_tru")]
            start = min(p["start"] for p in parts)
            end = max(p["end"] for p in parts)
            rest = [p for p in procedures if p["value"] not in ("khai_sinh", "thuong_tru")]
            combined = {**parts[0], "value": "lien_thong_khai_sinh", "start": start, "end": end}
            return [combined, *rest]
        return procedures
