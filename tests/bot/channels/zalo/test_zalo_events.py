"""Which OA webhook events reach the assistant, and as what."""

from __future__ import annotations

import pytest

from bot.channels.zalo.events import classify

USER = "246845883529197922"
OA = "388613280878808645"


def _event(name, **message):
    return {
        "app_id": "1",
        "event_name": name,
        "sender": {"id": USER},
        "recipient": {"id": OA},
        "message": {"msg_id": "96d3cdf3af150460909", **message},
        "timestamp": "154390853474",
    }


def test_a_text_message_is_text_with_its_sender_and_msg_id():
    event = classify(_event("user_send_text", text="tra cứu hồ sơ"))
    assert (event.kind, event.user_id, event.text) == ("text", USER, "tra cứu hồ sơ")
    assert event.dedup_key == "msg:96d3cdf3af150460909"


def test_a_button_payload_arrives_as_text_and_passes_through():
    event = classify(_event("user_send_text", text='/inform{"procedure":"khai_sinh"}'))
    assert event.kind == "text" and event.text == '/inform{"procedure":"khai_sinh"}'


def test_follow_uses_the_follower_id():
    event = classify(
        {
            "event_name": "follow",
            "oa_id": OA,
            "follower": {"id": USER},
            "source": "oa_profile",
            "timestamp": "1",
        }
    )
    assert (event.kind, event.user_id) == ("follow", USER)
    assert event.dedup_key == f"follow:{USER}:1"


@pytest.mark.parametrize(
    "name",
    [
        "user_send_image",
        "user_send_sticker",
        "user_send_file",
        "user_send_location",
        "user_send_audio",
        "user_send_gif",
        "user_send_video",
    ],
)
def test_media_is_non_text(name):
    assert classify(_event(name, attachments=[{"type": "image"}])).kind == "non_text"


@pytest.mark.parametrize(
    "name",
    [
        "oa_send_text",
        "oa_send_image",
        "oa_send_list",
        "user_received_message",
        "user_seen_message",
        "unfollow",
        "anonymous_send_text",
        "add_user_to_tag",
        "user_submit_info",
        "something_new",
    ],
)
def test_echoes_receipts_and_unknown_events_are_ignored(name):
    assert classify(_event(name, text="x")).kind == "ignore"


def test_malformed_events_are_ignored():
    assert classify({"event_name": "user_send_text"}).kind == "ignore"
    assert classify({"event_name": "user_send_text", "sender": {"id": USER}}).kind == "ignore"
    assert classify({"event_name": "follow"}).kind == "ignore"
    assert classify(_event("user_send_text", text=["not", "text"])).kind == "ignore"
