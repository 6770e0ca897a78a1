"""What an OA webhook event means for the assistant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

# anonymous_send_* (people who write without following, from a website plug-in) are
# answered through another recipient form that the contract does not cover: ignored.
TEXT_EVENTS = {"user_send_text"}
NON_TEXT_EVENTS = {
    "user_send_image",
    "user_send_link",
    "user_send_audio",
    "user_send_video",
    "user_send_sticker",
    "user_send_gif",
    "user_send_location",
    "user_send_file",
    "user_send_business_card",
}


@dataclass(frozen=True)
class ZaloEvent:
    kind: str  # "text", "follow", "non_text" or "ignore"
    event_name: str
    user_id: str = ""
    text: str = ""
    msg_id: str = ""
    timestamp: str = ""

    @property
    def dedup_key(self) -> str:
        if self.msg_id:
            return f"msg:{self.msg_id}"
        return f"{self.event_name}:{self.user_id}:{self.timestamp}"


def _id(value: Any) -> str:
    if isinstance(value, Mapping):
        value = value.get("id")
    return str(value) if isinstance(value, (str, int)) and str(value) else ""


def classify(body: Mapping[str, Any]) -> ZaloEvent:
    """Sorts an event; ``oa_*`` echoes, delivery and seen receipts and unknown events
    are ignored."""
    name = str(body.get("event_name") or "")
    timestamp = str(body.get("timestamp") or "")
    message = body.get("message") if isinstance(body.get("message"), Mapping) else {}
    msg_id = str(message.get("msg_id") or "")
    if name == "follow":
        user = _id(body.get("follower"))
        return ZaloEvent("follow" if user else "ignore", name, user, timestamp=timestamp)
    user = _id(body.get("sender"))
    if not user:
        return ZaloEvent("ignore", name)
    if name in TEXT_EVENTS:
        text = message.get("text")
        if not isinstance(text, str):
            return ZaloEvent("ignore", name)
        return ZaloEvent("text", name, user, text, msg_id, timestamp)
    if name in NON_TEXT_EVENTS:
        return ZaloEvent("non_text", name, user, msg_id=msg_id, timestamp=timestamp)
    return ZaloEvent("ignore", name)
