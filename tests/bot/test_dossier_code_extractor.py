from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.dossier_code_extractor import DossierCodeExtractor


def run(text, entities=None):
    message = Message({TEXT: text, ENTITIES: entities or []})
    DossierCodeExtractor().process([message])
    return message.get(ENTITIES)


def test_extracts_canonical_value_with_span():
    text = "ho so 000.00.12.h56 - 261015 - 0042 xong chua"
    [entity] = run(text)
    assert entity["entity"] == "dossier_code"
    assert entity["value"] == "000.00.12.H56-261015-0042"
    assert text[entity["start"] : entity["end"]] == "000.00.12.h56 - 261015 - 0042"
    assert entity["extractor"] == "DossierCodeExtractor"


def test_replaces_other_extractors_dossier_code_and_keeps_other_entities():
    other = [
        {
            "entity": "dossier_code",
            "value": "000.00.12",
            "start": 0,
            "end": 9,
            "extractor": "DIETClassifier",
        },
        {
            "entity": "procedure",
            "value": "khai_sinh",
            "start": 30,
            "end": 39,
            "extractor": "DIETClassifier",
        },
    ]
    entities = run("000.00.12.H56-261015-0042 làm khai sinh", other)
    assert [e["entity"] for e in entities] == ["procedure", "dossier_code"]
    assert entities[1]["value"] == "000.00.12.H56-261015-0042"


def test_no_code_no_entity():
    assert run("tra cứu hồ sơ") == []
    assert run("5678") == []
