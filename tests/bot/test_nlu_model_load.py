"""Custom NLU components refuse to load a model missing what they saved."""

from __future__ import annotations

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.errors import ModelLoadError
from bot.nlu.procedure_resolver import TABLE_FILE, ProcedureResolver
from bot.nlu.tokenizer import VietnameseTokenizer
from bot.nlu.unknown_words_fallback import VOCAB_FILE, UnknownWordsFallback

TOKENIZER = VietnameseTokenizer(VietnameseTokenizer.get_default_config())


def training_data() -> TrainingData:
    examples = []
    for text in ("quên mật khẩu vneid", "đăng ký khai sinh cho con"):
        example = Message({TEXT: text, INTENT: "procedure_info"})
        example.set(ENTITIES, [])
        examples.append(example)
    data = TrainingData(training_examples=examples)
    TOKENIZER.process_training_data(data)
    return data


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def train(component_class, storage, name):
    resource = Resource(name)
    if component_class is UnknownWordsFallback:
        component = UnknownWordsFallback({}, storage, resource)
    else:
        component = ProcedureResolver(storage, resource)
    component.train(training_data())
    return resource


def load(component_class, storage, resource):
    return component_class.load({}, storage, resource, None)


@pytest.mark.parametrize(
    "component_class, saved",
    [(UnknownWordsFallback, VOCAB_FILE), (ProcedureResolver, TABLE_FILE)],
)
def test_a_trained_component_loads_what_it_saved(component_class, saved, storage):
    resource = train(component_class, storage, "ok")
    loaded = load(component_class, storage, resource)
    assert loaded.vocabulary if component_class is UnknownWordsFallback else loaded.table


@pytest.mark.parametrize(
    "component_class, saved, content, says",
    [
        (UnknownWordsFallback, VOCAB_FILE, None, "cannot read its vocabulary"),
        (UnknownWordsFallback, VOCAB_FILE, "{not json", "cannot read its vocabulary"),
        (UnknownWordsFallback, VOCAB_FILE, "[]", "holds no words"),
        (ProcedureResolver, TABLE_FILE, None, "cannot read its synonym table"),
        (ProcedureResolver, TABLE_FILE, "{}", "is empty"),
        (ProcedureResolver, TABLE_FILE, '{"khai sinh": "khai_sinh_cu"}', "khai_sinh_cu"),
    ],
)
def test_a_broken_model_does_not_load(component_class, saved, content, says, storage):
    resource = train(component_class, storage, "broken")
    with storage.write_to(resource) as path:
        if content is None:
            (path / saved).unlink()
        else:
            (path / saved).write_text(content, encoding="utf-8")
    with pytest.raises(ModelLoadError, match=says) as error:
        load(component_class, storage, resource)
    assert component_class.__name__ in str(error.value)
