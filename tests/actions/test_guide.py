import json

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.guide import (
    ActionGuideNext,
    ActionGuideOfferResume,
    ActionGuideOutcome,
    ActionGuidePrevious,
    ActionGuideRepeat,
    ActionGuideStart,
    ActionStop,
)
from dvc_common.guides import all_guides
from tests.actions.rendering import rendered


@pytest.fixture(autouse=True)
def outcomes(tmp_path, monkeypatch):
    path = tmp_path / "outcomes.jsonl"
    monkeypatch.setenv("GUIDE_OUTCOMES_FILE", str(path))
    return path


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return rendered(dispatcher.messages), slots


def open_guide(tracker_factory, step=0, guide="vneid_activate", **kw):
    return tracker_factory(
        slots={"guide": guide, "guide_step": float(step), "guide_active": True}, **kw
    )


def test_menu_lists_every_guide(tracker_factory):
    messages, slots = run(ActionGuideStart(), tracker_factory(intent="volunteer_mode"))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert len(payloads) == len(all_guides())
    assert '/volunteer_mode{"guide":"vneid_activate"}' in payloads
    assert slots == {}


def test_start_shows_prepare_list_page_link_and_step_1(tracker_factory):
    tracker = tracker_factory(
        intent="volunteer_mode", entities=[{"entity": "guide", "value": "vneid_activate"}]
    )
    messages, slots = run(ActionGuideStart(), tracker)
    guide = all_guides()["vneid_activate"]
    assert (
        "Cần chuẩn bị" in messages[0]["text"] and "/huong-dan/vneid_activate" in messages[0]["text"]
    )
    assert messages[1]["text"].startswith(f"Bước 1/{len(guide.steps)}")
    assert [b["title"] for b in messages[1]["buttons"]] == [
        "Tiếp ▶",
        "◀ Quay lại",
        "Lặp lại",
        "Dừng",
    ]
    assert slots == {
        "guide": "vneid_activate",
        "guide_active": True,
        "guide_awaiting_outcome": False,
        "guide_step": 0.0,
        "guide_resume_pending": False,
    }


def test_unknown_guide_gets_the_menu(tracker_factory):
    tracker = tracker_factory(
        intent="volunteer_mode", entities=[{"entity": "guide", "value": "nope"}]
    )
    messages, slots = run(ActionGuideStart(), tracker)
    assert "không tìm thấy" in messages[0]["text"] and slots == {}


def test_forward_back_repeat(tracker_factory):
    messages, slots = run(ActionGuideNext(), open_guide(tracker_factory, step=1))
    assert messages[0]["text"].startswith("Bước 3/") and slots == {
        "guide_step": 2.0,
        "guide_resume_pending": False,
    }
    messages, slots = run(ActionGuidePrevious(), open_guide(tracker_factory, step=2))
    assert messages[0]["text"].startswith("Bước 2/") and slots == {
        "guide_step": 1.0,
        "guide_resume_pending": False,
    }
    messages, _ = run(ActionGuidePrevious(), open_guide(tracker_factory, step=0))
    assert "bước đầu tiên" in messages[0]["text"] and messages[1]["text"].startswith("Bước 1/")
    messages, slots = run(ActionGuideRepeat(), open_guide(tracker_factory, step=4))
    assert messages[0]["text"].startswith("Bước 5/") and slots == {
        "guide_step": 4.0,
        "guide_resume_pending": False,
    }


def test_finishing_asks_and_records_the_outcome(tracker_factory, outcomes):
    last = len(all_guides()["vneid_activate"].steps) - 1
    messages, slots = run(ActionGuideNext(), open_guide(tracker_factory, step=last))
    assert "đã làm xong chưa" in messages[0]["text"]
    assert slots["guide_awaiting_outcome"] is True and slots["guide_active"] is False
    tracker = tracker_factory(
        slots={
            "guide": "vneid_activate",
            "guide_step": float(last),
            "guide_awaiting_outcome": True,
        },
        intent="affirm",
    )
    messages, slots = run(ActionGuideOutcome(), tracker)
    assert slots == {"guide_awaiting_outcome": False}
    [entry] = [json.loads(line) for line in outcomes.read_text().splitlines()]
    assert entry["guide"] == "vneid_activate" and entry["outcome"] == "finished"
    assert entry["task_done"] is True and entry["step"] == last + 1


def test_stop_records_abandoned_at_step(tracker_factory, outcomes):
    messages, slots = run(ActionStop(), open_guide(tracker_factory, step=3))
    assert "Đã dừng hướng dẫn" in messages[0]["text"] and "bước 4/" in messages[0]["text"]
    assert slots["guide_active"] is False
    [entry] = [json.loads(line) for line in outcomes.read_text().splitlines()]
    assert entry["outcome"] == "abandoned" and entry["step"] == 4


def test_stop_with_nothing_open(tracker_factory, outcomes):
    messages, _ = run(ActionStop(), tracker_factory(intent="stop"))
    assert messages[0]["response"] == "utter_nothing_to_stop"
    assert not outcomes.exists()


def test_next_without_a_guide(tracker_factory):
    messages, _ = run(ActionGuideNext(), tracker_factory(intent="next_step"))
    assert messages[0]["response"] == "utter_no_guide_open"


def test_offer_to_resume_names_the_step(tracker_factory):
    messages, _ = run(ActionGuideOfferResume(), open_guide(tracker_factory, step=2))
    assert "bước 3/" in messages[0]["text"]
    assert {"title": "Tiếp tục hướng dẫn", "payload": "/repeat_step"} in messages[0]["buttons"]


def test_next_after_an_interruption_shows_the_interrupted_step_again(tracker_factory):
    from actions.guide import ActionGuideNext, ActionGuideOfferResume

    slots = {"guide": "portal_login", "guide_step": 1.0, "guide_active": True}
    dispatcher = CollectingDispatcher()
    events = ActionGuideOfferResume().run(dispatcher, tracker_factory(slots=slots), {})
    assert {"event": "slot", "name": "guide_resume_pending", "value": True, "timestamp": None} in [
        dict(e) for e in events
    ]
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(slots={**slots, "guide_resume_pending": True}, intent="next_step")
    events = ActionGuideNext().run(dispatcher, tracker, {})
    assert rendered(dispatcher.messages)[0]["text"].startswith("Bước 2/")
    assert events[0]["value"] == 1.0
