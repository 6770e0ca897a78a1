from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import RedactingSQLTrackerStore


async def test_stored_user_messages_have_numbers_masked(tmp_path):
    store = RedactingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    tracker = DialogueStateTracker("citizen", [])
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(
        UserUttered(
            "số cccd 001234567890, sđt 0912345678",
            intent={"name": "inform", "confidence": 1.0},
            parse_data={"text": "số cccd 001234567890, sđt 0912345678", "intent": {"name": "inform"}},
        )
    )
    await store.save(tracker)
    stored = await store.retrieve("citizen")
    texts = [e.text for e in stored.events if isinstance(e, UserUttered)]
    assert texts == ["số cccd [số định danh đã ẩn], sđt [số điện thoại đã ẩn]"]
    with store.session_scope() as session:
        rows = [r.data for r in session.query(store.SQLEvent).all()]
    assert not any("001234567890" in r or "0912345678" in r for r in rows)
    # The live tracker of the current turn is untouched.
    assert "001234567890" in tracker.latest_message.text
