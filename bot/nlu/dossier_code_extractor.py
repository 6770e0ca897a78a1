"""Rule-based extractor for the ``dossier_code`` entity.

The code format is exact (spec/intents.md), so a pattern finds it more reliably than a
learned model, including lower case and spaces around the dashes, and gives the value
in canonical form (upper case, no spaces). It is authoritative: ``dossier_code``
entities from other extractors are replaced by its own.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from dvc_common.dossier_code import find_codes

ENTITY = "dossier_code"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class DossierCodeExtractor(GraphComponent, EntityExtractorMixin):
    """Finds dossier codes with the contract's pattern."""

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
    ) -> DossierCodeExtractor:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            found = [
                {
                    "entity": ENTITY,
                    "start": m.start,
                    "end": m.end,
                    "value": m.value,
                    "confidence_entity": 1.0,
                }
                for m in find_codes(text)
            ]
            others = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
            message.set(ENTITIES, others + self.add_extractor_name(found), add_to_output=True)
        return messages
