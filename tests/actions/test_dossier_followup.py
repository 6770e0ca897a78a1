"""Follow-up questions after a lookup are answered with that dossier's own facts."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dossier_context import context_of, facts
from actions.dossier_followup import ActionDossierFollowup, sounds_angry
from tests.actions.conftest import SAMPLE_DOSSIER

CONTEXT = context_of(SAMPLE_DOSSIER)  # status 5, overdue, due 17/10/2026


def run(tracker_factory, intent, text, context=CONTEXT, active_loop=None):
    dispatcher = CollectingDispatcher()
    slots = {"last_dossier": context} if context else {}
    tracker = tracker_factory(slots=slots, text=text, intent=intent, active_loop=active_loop)
    events = ActionDossierFollowup().run(dispatcher, tracker, {})
    return dispatcher.messages, events


def test_facts_are_the_dossiers_own():
    f = facts(CONTEXT)
    assert f["due"] == "17/10/2026"
    assert f["unit"] == "Trung tâm Phục vụ hành chính công xã Thọ Xuân"
    assert f["status"] == "Yêu cầu bổ sung giấy tờ" and "QUÁ HẠN" in f["overdue"]
    assert "giấy chứng sinh" in f["note"]


def test_when_done_overdue_apologises_first_and_gives_the_right_to_a_new_date(tracker_factory):
    messages, _ = run(tracker_factory, "dossier_when_done", "thế bao giờ mới xong")
    responses = [m["response"] for m in messages]
    assert responses[0] == "utter_dossier_apology"
    assert "utter_dossier_when_done_overdue" in responses
    overdue = next(m for m in messages if m["response"] == "utter_dossier_when_done_overdue")
    assert overdue["due"] == "17/10/2026" and overdue["code"] == CONTEXT["code"]


def test_when_done_in_progress_gives_the_appointment_date(tracker_factory):
    context = dict(CONTEXT, overdue=False, status=4, status_label="Đang xử lý")
    messages, _ = run(tracker_factory, "dossier_when_done", "khi nào có kết quả", context)
    assert [m["response"] for m in messages] == ["utter_dossier_when_done"]
    assert messages[0]["due"] == "17/10/2026"


def test_complaint_names_the_receiving_unit(tracker_factory):
    messages, _ = run(tracker_factory, "dossier_complain", "giờ tôi khiếu nại ở đâu")
    complain = next(m for m in messages if m["response"] == "utter_dossier_complain")
    assert complain["unit"] == CONTEXT["receiving_unit"]


def test_whom_to_call_names_the_receiving_unit(tracker_factory):
    messages, _ = run(tracker_factory, "hotline", "gọi cho ai")
    assert messages[-1]["response"] == "utter_dossier_contact"
    assert messages[-1]["unit"] == CONTEXT["receiving_unit"]


def test_this_status_means_the_dossiers_own_status(tracker_factory):
    messages, _ = run(tracker_factory, "status_meaning", "trạng thái này nghĩa là gì")
    assert messages[0]["response"] == "utter_dossier_status_meaning"
    assert messages[0]["status"] == "Yêu cầu bổ sung giấy tờ"
    assert "Bổ sung" in messages[0]["todo"] or "bổ sung" in messages[0]["todo"]


def test_a_named_status_is_explained_without_a_lookup(tracker_factory):
    messages, _ = run(tracker_factory, "status_meaning", "'dừng xử lý' là sao", context=None)
    assert messages[0]["response"] == "utter_status_meaning"
    assert messages[0]["label"] == "Dừng xử lý"


def test_without_a_dossier_when_done_starts_a_lookup(tracker_factory):
    messages, events = run(tracker_factory, "dossier_when_done", "bao giờ xong", context=None)
    assert ("followup", "dossier_lookup_form") in [(e["event"], e.get("name")) for e in events]
    inside, events = run(
        tracker_factory, "dossier_when_done", "bao giờ xong", None, "dossier_lookup_form"
    )
    assert events == []


@pytest.mark.parametrize(
    "text, angry",
    [
        ("trễ hẹn 2 lần rồi", True),
        ("chán quá, làm ăn kiểu gì vậy", True),
        ("thế bao giờ mới xong", False),
        ("sao lâu thế!!!", True),
    ],
)
def test_anger(text, angry):
    assert sounds_angry(text) is angry
