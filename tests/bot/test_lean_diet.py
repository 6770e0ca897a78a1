"""LeanDIETClassifier loads without a training graph and predicts as it was trained."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.lean_diet import LeanDIETClassifier
from bot.nlu.tokenizer import VietnameseTokenizer

TOKENIZER = VietnameseTokenizer(VietnameseTokenizer.get_default_config())
EXAMPLES = {
    "vneid_forgot_password": ["quên mật khẩu vneid", "quen mat khau", "mk vneid quên rồi"],
    "greet": ["xin chào", "chào bạn", "chào ad"],
    "thank": ["cảm ơn", "cảm ơn nhiều", "cam on ad"],
}
CONFIG = {
    **LeanDIETClassifier.get_default_config(),
    "epochs": 3,
    "random_seed": 1,
    "number_of_transformer_layers": 1,
    "transformer_size": 32,
    "embedding_dimension": 10,
    "entity_recognition": False,
    "constrain_similarities": True,
    "evaluate_every_number_of_epochs": -1,
}


def messages(texts):
    result = [Message({TEXT: t}) for t in texts]
    TOKENIZER.process(result)
    return result


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    context = ExecutionContext(GraphSchema({}), "test")
    featurizer = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("cvf"), context
    )
    examples = [
        Message({TEXT: text, INTENT: intent})
        for intent, texts in EXAMPLES.items()
        for text in texts
    ]
    data = TrainingData(training_examples=examples)
    TOKENIZER.process_training_data(data)
    featurizer.train(data)
    featurizer.process_training_data(data)
    resource = Resource("diet")
    classifier = LeanDIETClassifier.create(CONFIG, storage, resource, context)
    classifier.train(data)
    loaded = LeanDIETClassifier.load(CONFIG, storage, resource, context)
    return featurizer, classifier, loaded


def test_the_loaded_model_keeps_no_training_graph(trained):
    _, _, loaded = trained
    model = loaded.model
    assert model.train_function is None
    # Prediction goes through the traced graph, traced at load time, not eagerly.
    assert model._run_eagerly is False
    assert model._tf_predict_step is not None


def test_the_loaded_model_predicts_as_the_trained_one(trained):
    featurizer, classifier, loaded = trained
    texts = ["quên mật khẩu rồi", "chào ad", "cảm ơn ạ", "hello"]
    fresh, reloaded = messages(texts), messages(texts)
    featurizer.process(fresh)
    featurizer.process(reloaded)
    classifier.process(fresh)
    loaded.process(reloaded)
    for a, b in zip(fresh, reloaded, strict=True):
        assert a.get(INTENT)["name"] == b.get(INTENT)["name"]
        assert a.get(INTENT)["confidence"] == pytest.approx(b.get(INTENT)["confidence"], abs=1e-5)
