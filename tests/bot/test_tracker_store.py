"""The redacting SQL tracker store, on a real SQLite database."""

from __future__ import annotations

import json

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import RedactingSQLTrackerStore, redact_events
from dvc_common.redact import CITIZEN_ID_MASK, PHONE_DIGITS_MASK, PHONE_MASK, SECRET_MASK

CODE = "000.00.12.H56-261015-0042"
DOMAIN = Domain.from_dict(
    {
        "intents": ["inform", "check_dossier_status"],
        "entities": ["dossier_code"],
        "slots": {
            "dossier_code": {"type": "text", "mappings": [{"type": "custom"}]},
            "phone_last4": {"type": "text", "mappings": [{"type": "custom"}]},
            "note": {"type": "text", "mappings": [{"type": "custom"}]},
        },
        "forms": {"dossier_lookup_form": {"required_slots": ["dossier_code", "phone_last4"]}},
    }
)


def user(text, intent="inform", entities=None, metadata=None):
    return UserUttered(
        text,
        intent={"name": intent, "confidence": 1.0},
        entities=entities or [],
        parse_data={"text": text, "intent": {"name": intent}, "entities": entities or []},
        metadata=metadata,
    )


def bot(text, utter_action=None):
    return BotUttered(text, metadata={"utter_action": utter_action} if utter_action else {})


def ask_for_digits():
    return [
        ActionExecuted("dossier_lookup_form"),
        SlotSet("dossier_code", CODE),
        SlotSet("requested_slot", "phone_last4"),
        bot("Bạn nhập 4 số cuối của số điện thoại đã đăng ký.", "utter_ask_phone_last4"),
        ActionExecuted("action_listen"),
    ]


def lookup_turn(text, digits):
    return [
        user(text),
        ActionExecuted("dossier_lookup_form"),
        SlotSet("phone_last4", digits),
        SlotSet("requested_slot", None),
        ActiveLoop(None),
        ActionExecuted("action_lookup_dossier"),
        bot(f"Hồ sơ {CODE}: Đang xử lý."),
        SlotSet("dossier_code", None),
        SlotSet("phone_last4", None),
        ActionExecuted("action_listen"),
    ]


@pytest.fixture
def store(tmp_path):
    return RedactingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))


def stored_rows(store):
    with store.session_scope() as session:
        return [json.loads(r.data) for r in session.query(store.SQLEvent).all()]


def tracker_with(events, sender="citizen"):
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen"))
    for event in events:
        tracker.update(event)
    return tracker


def dumped(rows):
    """The stored events as JSON, without their timestamps: a timestamp's digits are not
    something the user typed, and may contain any 4 digits by chance."""
    typed = [{k: v for k, v in row.items() if k != "timestamp"} for row in rows]
    return json.dumps(typed, ensure_ascii=False)


async def test_stored_user_messages_have_personal_data_masked(store):
    text = "số cccd 001234567890, sđt 0912345678"
    tracker = tracker_with([user(text)])
    await store.save(tracker)
    stored = await store.retrieve("citizen")
    texts = [e.text for e in stored.events if isinstance(e, UserUttered)]
    assert texts == [f"số cccd {CITIZEN_ID_MASK}, sđt {PHONE_MASK}"]
    assert stored.latest_message.parse_data["text"] == texts[0]
    rows = dumped(stored_rows(store))
    assert "001234567890" not in rows and "0912345678" not in rows
    # The live tracker of the current turn is untouched.
    assert "001234567890" in tracker.latest_message.text


async def test_entities_metadata_and_slot_values_are_masked(store):
    entities = [{"entity": "dossier_code", "value": "mail a@b.vn", "start": 0, "end": 4}]
    tracker = tracker_with(
        [
            user(
                "mail a@b.vn",
                entities=entities,
                metadata={"note": "sđt 0987 654 321", "client_ip": "203.0.113.7"},
            ),
            SlotSet("note", "cmnd 123456789"),
        ]
    )
    await store.save(tracker)
    rows = dumped(stored_rows(store))
    for value in ("a@b.vn", "0987 654 321", "123456789", "203.0.113.7"):
        assert value not in rows
    assert '"entity": "dossier_code"' in rows


async def test_the_four_digits_are_kept_nowhere(store):
    tracker = tracker_with([user("tra cứu hồ sơ", "check_dossier_status"), *ask_for_digits()])
    await store.save(tracker)
    # Next turn: Rasa reads the tracker back, then the form fills the digits.
    tracker = await store.retrieve("citizen")
    for event in lookup_turn("5678", "5678"):
        tracker.update(event)
    await store.save(tracker)

    rows = stored_rows(store)
    assert "5678" not in dumped(rows)
    user_texts = [r["text"] for r in rows if r["event"] == "user"]
    assert user_texts == ["tra cứu hồ sơ", PHONE_DIGITS_MASK]
    digits_slots = [r["value"] for r in rows if r["event"] == "slot" and r["name"] == "phone_last4"]
    assert digits_slots == [None, None]
    # The dossier code is not personal: kept for the conversation history.
    assert CODE in dumped(rows)
    restored = await store.retrieve("citizen")
    assert restored.get_slot("phone_last4") is None


@pytest.mark.parametrize(
    "answer, gone",
    [
        ("số cuối là 5678 ạ", "5678"),
        ("56 78", "56 78"),
        ("0912345678", "5678"),
        ("năm sáu bảy tám", "năm sáu bảy tám"),
    ],
)
async def test_any_answer_to_the_digits_question_is_masked(store, answer, gone):
    tracker = tracker_with([*ask_for_digits(), *lookup_turn(answer, "5678")])
    await store.save(tracker)
    assert gone not in dumped(stored_rows(store))


async def test_digits_given_with_the_code_are_masked_but_the_code_is_kept(store):
    text = f"hồ sơ {CODE} số cuối 5678"
    tracker = tracker_with([user(text, "check_dossier_status"), *lookup_turn("", "5678")[1:]])
    await store.save(tracker)
    rows = stored_rows(store)
    stored_text = next(r["text"] for r in rows if r["event"] == "user")
    assert stored_text == f"hồ sơ {CODE} số cuối {PHONE_DIGITS_MASK}"


async def test_a_question_instead_of_the_digits_keeps_its_words(store):
    tracker = tracker_with([*ask_for_digits(), user("mã hồ sơ ở đâu", "ask_code_location")])
    await store.save(tracker)
    assert [r["text"] for r in stored_rows(store) if r["event"] == "user"] == ["mã hồ sơ ở đâu"]


async def test_a_code_typed_after_the_assistant_mentions_the_otp_is_masked(store):
    tracker = tracker_with(
        [
            user("không nhận được otp", "vneid_otp"),
            bot(
                "Nếu không nhận được mã OTP, bạn kiểm tra sóng điện thoại. Không gửi mã OTP cho ai."
            ),
            ActionExecuted("action_listen"),
            user("123456"),
            bot("Bạn không cần gửi mã OTP cho tôi."),
            ActionExecuted("action_listen"),
            user("Abc@12345"),
        ]
    )
    await store.save(tracker)
    texts = [r["text"] for r in stored_rows(store) if r["event"] == "user"]
    assert texts == ["không nhận được otp", SECRET_MASK, SECRET_MASK]


async def test_a_password_given_after_the_user_mentions_it_is_masked(store):
    tracker = tracker_with(
        [
            user("mật khẩu vneid của tôi là"),
            bot("Bạn không nên gửi mật khẩu vào khung chat."),
            ActionExecuted("action_listen"),
            user("HoaLan@1990"),
        ]
    )
    await store.save(tracker)
    rows = dumped(stored_rows(store))
    assert "HoaLan@1990" not in rows and SECRET_MASK in rows


def test_redact_events_reads_context_before_start_and_yields_only_the_rest():
    events = [*ask_for_digits(), *lookup_turn("5678", "5678")]
    start = len(ask_for_digits())
    out = list(redact_events(events, start=start))
    assert len(out) == len(events) - start
    assert out[0].text == PHONE_DIGITS_MASK
    # Events without personal data are the same objects; others are copies.
    assert out[1] is events[start + 1]
    assert events[start].text == "5678"


def test_ordinary_messages_are_stored_as_typed():
    events = [user("tra cứu hồ sơ"), user(f"hồ sơ {CODE} xong chưa"), user("lệ phí 200.000 đồng")]
    assert [e.text for e in redact_events(events)] == [e.text for e in events]
