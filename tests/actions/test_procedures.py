import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.procedures import (
    PROCEDURE_KEYS,
    ActionProcedureInfo,
    CatalogueError,
    build_procedure_answer,
    load_catalogue,
    parse_catalogue,
)


def test_catalogue_has_every_procedure_key():
    catalogue = load_catalogue()
    assert set(PROCEDURE_KEYS) <= set(catalogue)


def test_unknown_fields_are_said_to_be_unknown_with_a_portal_link():
    text = build_procedure_answer(load_catalogue()["ket_hon"])
    assert "Đăng ký kết hôn" in text
    assert "chưa có thông tin đã kiểm chứng" in text
    assert "dvc-tim-kiem-thu-tuc.html?key=" in text
    assert "Cập nhật 11/2026" in text


def test_known_facts_are_given():
    text = build_procedure_answer(load_catalogue()["lien_thong_khai_sinh"])
    assert "3 ngày làm việc" in text


def test_malformed_catalogue_names_the_problem():
    raw = {key: {"name": "x", "search_key": "x"} for key in PROCEDURE_KEYS}
    parse_catalogue(raw)
    with pytest.raises(CatalogueError, match="ket_hon: name"):
        parse_catalogue({**raw, "ket_hon": {"search_key": "x"}})
    with pytest.raises(CatalogueError, match="missing procedures gplx"):
        parse_catalogue({k: v for k, v in raw.items() if k != "gplx"})
    with pytest.raises(CatalogueError, match="khai_tu: documents"):
        parse_catalogue({**raw, "khai_tu": {"name": "x", "search_key": "x", "documents": "a"}})


def test_action_answers_the_procedure_entity(tracker_factory):
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(
        text="làm giấy khai sinh cần gì",
        intent="procedure_info",
        entities=[{"entity": "procedure", "value": "khai_sinh"}],
    )
    events = ActionProcedureInfo().run(dispatcher, tracker, {})
    assert "Đăng ký khai sinh" in dispatcher.messages[0]["text"]
    assert events[0]["value"] == "khai_sinh"


def test_action_asks_with_buttons_when_the_procedure_is_missing(tracker_factory):
    dispatcher = CollectingDispatcher()
    ActionProcedureInfo().run(dispatcher, tracker_factory(intent="procedure_info"), {})
    assert dispatcher.messages[0]["response"] == "utter_ask_procedure"
