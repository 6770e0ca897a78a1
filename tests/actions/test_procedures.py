import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.procedures import (
    ActionProcedureInfo,
    CatalogueError,
    build_details_card,
    build_summary_card,
    load_catalogue,
    parse_catalogue,
    procedure_keys,
)
from dvc_common.facts import fact

CONTRACT_KEYS = {
    "khai_sinh",
    "lien_thong_khai_sinh",
    "khai_tu",
    "ket_hon",
    "xac_nhan_hon_nhan",
    "thuong_tru",
    "tam_tru",
    "can_cuoc",
    "ly_lich_tu_phap",
    "gplx",
    "chung_thuc",
}


def _card(key, details=False):
    catalogue = load_catalogue()
    build = build_details_card if details else build_summary_card
    return build(catalogue.procedures[key], catalogue.card)


def test_catalogue_holds_exactly_the_contract_keys():
    assert set(procedure_keys()) == CONTRACT_KEYS


@pytest.mark.parametrize("key", sorted(CONTRACT_KEYS))
def test_every_card_says_where_to_file_and_lists_documents(key):
    procedure = load_catalogue().procedures[key]
    assert procedure.where and procedure.documents
    summary, details = _card(key), _card(key, details=True)
    assert procedure.where in summary
    assert all(doc in details for doc in procedure.documents)
    assert f"Cập nhật {fact('updated')}" in summary and f"Cập nhật {fact('updated')}" in details


def test_known_facts_from_section_7_are_given():
    assert "Trong 60 ngày kể từ ngày sinh" in _card("khai_sinh")
    assert "15 ngày" in _card("khai_tu")
    assert "7.000 đồng" in _card("tam_tru")
    assert "200.000 đồng" in _card("ly_lich_tu_phap")
    assert "Công an" in _card("gplx")
    assert "Không cần giấy xác nhận tình trạng hôn nhân" in _card("ket_hon", details=True)


def test_unknown_fields_are_said_to_be_unknown_with_a_portal_link():
    text = _card("gplx")
    assert "chưa có thông tin đã kiểm chứng" in text
    assert "dvc-tim-kiem-thu-tuc.html?key=" in text


def test_unverified_points_are_marked_as_not_confirmed():
    text = _card("can_cuoc", details=True)
    assert "Chưa được xác nhận" in text and "31/12/2026" in text
    assert "Chưa được xác nhận" not in _card("can_cuoc")


def test_malformed_catalogue_names_the_problem():
    good = load_catalogue()
    raw = {
        "card": {**good.card, "buttons": dict(good.buttons)},
        "procedures": {key: {"name": "x", "search_key": "x"} for key in CONTRACT_KEYS},
    }
    parse_catalogue(raw)
    with pytest.raises(CatalogueError, match="ket_hon: name"):
        parse_catalogue(
            {**raw, "procedures": {**raw["procedures"], "ket_hon": {"search_key": "x"}}}
        )
    with pytest.raises(CatalogueError, match="khai_tu: documents"):
        bad = {"name": "x", "search_key": "x", "documents": "a"}
        parse_catalogue({**raw, "procedures": {**raw["procedures"], "khai_tu": bad}})
    with pytest.raises(CatalogueError, match="card: missing texts footer"):
        card = {k: v for k, v in raw["card"].items() if k != "footer"}
        parse_catalogue({**raw, "card": card})
    with pytest.raises(CatalogueError, match="missing: gplx; unknown: bang_lai"):
        procedures = {k: v for k, v in raw["procedures"].items() if k != "gplx"}
        parse_catalogue({**raw, "procedures": {**procedures, "bang_lai": procedures["khai_tu"]}})


def test_action_answers_with_the_short_card_and_a_details_button(tracker_factory):
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(
        text="làm giấy khai sinh cần gì",
        intent="procedure_info",
        entities=[{"entity": "procedure", "value": "khai_sinh"}],
    )
    events = ActionProcedureInfo().run(dispatcher, tracker, {})
    message = dispatcher.messages[0]
    assert "Đăng ký khai sinh" in message["card"] and "Giấy chứng sinh" not in message["card"]
    assert '/procedure_info{"procedure":"khai_sinh","procedure_part":"details"}' in [
        b["payload"] for b in message["buttons"]
    ]
    assert events[0]["value"] == "khai_sinh"


def test_details_button_gives_the_documents(tracker_factory):
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(
        text='/procedure_info{"procedure":"khai_sinh","procedure_part":"details"}',
        intent="procedure_info",
        entities=[
            {"entity": "procedure", "value": "khai_sinh"},
            {"entity": "procedure_part", "value": "details"},
        ],
    )
    ActionProcedureInfo().run(dispatcher, tracker, {})
    assert "Giấy chứng sinh" in dispatcher.messages[0]["card"]


def test_action_asks_with_buttons_when_the_procedure_is_missing(tracker_factory):
    dispatcher = CollectingDispatcher()
    ActionProcedureInfo().run(dispatcher, tracker_factory(intent="procedure_info"), {})
    assert dispatcher.messages[0]["response"] == "utter_ask_procedure"


def test_the_same_question_twice_gets_a_short_answer_pointing_back(tracker_factory):
    asked = {
        "event": "user",
        "text": "làm giấy khai sinh cần gì",
        "parse_data": {
            "intent": {"name": "procedure_info"},
            "entities": [{"entity": "procedure", "value": "khai_sinh"}],
        },
    }
    tracker = tracker_factory(
        text="làm giấy khai sinh cần gì",
        intent="procedure_info",
        entities=[{"entity": "procedure", "value": "khai_sinh"}],
    )
    tracker.events = [asked, {"event": "bot", "text": "..."}, asked]
    dispatcher = CollectingDispatcher()
    ActionProcedureInfo().run(dispatcher, tracker, {})
    text = dispatcher.messages[0]["card"]
    assert "vừa gửi ở trên" in text and "Nơi nộp" not in text
    assert dispatcher.messages[0]["buttons"]


def test_a_procedure_with_a_guide_offers_it(tracker_factory):
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(
        intent="procedure_info", entities=[{"entity": "procedure", "value": "khai_sinh"}]
    )
    ActionProcedureInfo().run(dispatcher, tracker, {})
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert '/volunteer_mode{"guide":"khai_sinh"}' in payloads
