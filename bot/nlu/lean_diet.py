"""Rasa's DIETClassifier, loaded without keeping a training graph in memory.

To give a loaded model's weights their shapes, Rasa 3.6 (``RasaModel.load``) trains it
for one step on one example with ``model.fit``; that traces the whole training graph
(forward pass, gradients, optimizer) and keeps it. In this assistant's server that
was 645 MB of the 1.19 GB resident (docs/benchmarks.md, "Memory"): the Rasa server
never trains.

This component trains and predicts exactly as DIETClassifier does (same config, same
saved weights) and only loads differently: the one-step fit runs eagerly (nothing is
traced), the prediction graph is then traced once as usual, and the freed memory is
handed back to the system. Predictions are the same to the last digit; the loaded
server takes about 410 MB less.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.nlu.extractors.extractor import EntityTagSpec
from rasa.shared.nlu.constants import TEXT
from rasa.utils.tensorflow.constants import RUN_EAGERLY
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

logger = logging.getLogger(__name__)


def release_free_memory() -> None:
    """Collect garbage and return glibc's free heap pages to the system."""
    gc.collect()
    name = ctypes.util.find_library("c")
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to hand back this way
        logger.debug("malloc_trim is not available")


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class LeanDIETClassifier(DIETClassifier):
    """DIETClassifier whose loaded model keeps only what prediction needs."""

    @classmethod
    def _load_model_class(
        cls,
        tf_model_file: str,
        model_data_example: RasaModelData,
        label_data: RasaModelData,
        entity_tag_specs: List[EntityTagSpec],
        config: Dict[str, Any],
        finetune_mode: bool,
    ) -> RasaModel:
        if finetune_mode or config[RUN_EAGERLY]:
            return super()._load_model_class(
                tf_model_file,
                model_data_example,
                label_data,
                entity_tag_specs,
                config,
                finetune_mode,
            )
        # Rasa's load builds the weights with a one-step fit: eagerly, nothing traced.
        model = super()._load_model_class(
            tf_model_file,
            model_data_example,
            label_data,
            entity_tag_specs,
            {**config, RUN_EAGERLY: True},
            finetune_mode,
        )
        # Predict as DIETClassifier does: through a traced tf.function, traced now
        # on one example rather than on the first user's message.
        model._run_eagerly = False
        model.train_function = None
        model.run_inference(
            RasaModelData(
                label_key=model_data_example.label_key,
                data={k: v for k, v in model_data_example.items() if TEXT in k},
            )
        )
        release_free_memory()
        return model
