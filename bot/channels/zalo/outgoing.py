"""Rasa's replies as Zalo consultation-message bodies (spec/zalo-oa.md section 2).

- text NFC-normalised and split at 2,000 characters on sentence boundaries;
- buttons: Rasa payloads as ``oa.query.show`` (or ``oa.query.hide``), ``http(s)://``
  payloads as ``oa.open.url``, ``tel:`` payloads as ``oa.open.phone``; at most
  ``max_buttons`` per message, the rest in follow-up messages;
- a call button for each hotline a text mentions (the centre's ``utter_zalo_call_buttons``).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Sequence

logger = logging.getLogger(__name__)

MAX_TEXT = 2000
MAX_TITLE = 100
MAX_QUERY_PAYLOAD = 1000
_BOUNDARIES = (
    re.compile(r"\n+"),
    re.compile(r"(?<=[.!?…])\s+"),
    re.compile(r"(?<=[:;,])\s+"),
    re.compile(r"\s+"),
)
_DIGIT_SEPARATORS = re.compile(r"(?<=\d)[ .\u00a0](?=\d)")


def _cut(window: str) -> int:
    """Where to end a message taken from ``window``: after the last line break, else
    the last sentence, else the last clause, else the last space, preferring a cut in
    the second half of the window; the whole window when there is no boundary."""
    best = 0
    for boundary in _BOUNDARIES:
        ends = [m.end() for m in boundary.finditer(window)]
        if ends and ends[-1] >= len(window) // 2:
            return ends[-1]
        best = max(best, ends[-1] if ends else 0)
    return best or len(window)


def split_text(text: str, limit: int = MAX_TEXT) -> List[str]:
    """Pieces of at most ``limit`` characters (NFC), cut on sentence boundaries where
    possible."""
    rest = unicodedata.normalize("NFC", text).strip()
    chunks: List[str] = []
    while len(rest) > limit:
        cut = _cut(rest[: limit + 1])
        cut = min(cut, limit) if rest[:cut].strip() else limit
        chunks.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        chunks.append(rest)
    return [c for c in chunks if c]


def _title(title: Any) -> str:
    title = unicodedata.normalize("NFC", str(title or "")).strip()
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


def zalo_button(button: Dict[str, Any], query_type: str) -> Dict[str, Any] | None:
    """One Rasa button as a Zalo button, or None when it cannot be one."""
    title = _title(button.get("title"))
    payload = str(button.get("payload") or button.get("url") or "").strip()
    if not title or not payload:
        return None
    if payload.startswith(("https://", "http://")):
        return {"title": title, "type": "oa.open.url", "payload": {"url": payload}}
    if payload.startswith("tel:"):
        digits = re.sub(r"\D", "", payload[4:])
        if not digits:
            return None
        return {"title": title, "type": "oa.open.phone", "payload": {"phone_code": digits}}
    if len(payload) > MAX_QUERY_PAYLOAD:
        logger.warning("zalo: button payload over %s characters left out", MAX_QUERY_PAYLOAD)
        return None
    return {"title": title, "type": query_type, "payload": payload}


def _mentioned_calls(text: str, call_buttons: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    flat = _DIGIT_SEPARATORS.sub("", text)
    found = []
    for button in call_buttons:
        payload = str(button.get("payload") or "")
        digits = re.sub(r"\D", "", payload[4:]) if payload.startswith("tel:") else ""
        if digits and re.search(rf"(?<!\d){digits}(?!\d)", flat):
            found.append(button)
    return found


@dataclass(frozen=True)
class Wording:
    """The channel's own words, from the domain (bot/domain/zalo.yml)."""

    more_options: str
    call_buttons: Sequence[Dict[str, Any]] = ()


def _with_buttons(text: str, buttons: List[Dict[str, Any]]) -> Dict[str, Any]:
    message: Dict[str, Any] = {"text": text}
    if buttons:
        message["attachment"] = {"type": "template", "payload": {"buttons": buttons}}
    return message


def zalo_messages(
    rasa_messages: Iterable[Dict[str, Any]],
    wording: Wording,
    query_type: str = "oa.query.show",
    max_buttons: int = 5,
) -> List[Dict[str, Any]]:
    """Zalo ``message`` bodies, in order, for what Rasa answered."""
    out: List[Dict[str, Any]] = []
    for rasa_message in rasa_messages:
        text = str(rasa_message.get("text") or "")
        rasa_buttons = list(rasa_message.get("buttons") or rasa_message.get("quick_replies") or [])
        if text:
            present = {str(b.get("payload")) for b in rasa_buttons if isinstance(b, dict)}
            rasa_buttons += [
                b
                for b in _mentioned_calls(text, wording.call_buttons)
                if str(b.get("payload")) not in present
            ]
        buttons = [
            converted
            for converted in (
                zalo_button(b, query_type) for b in rasa_buttons if isinstance(b, dict)
            )
            if converted
        ]
        chunks = split_text(text)
        image = rasa_message.get("image")
        if image and str(image).startswith(("https://", "http://")):
            out.append(
                {
                    "attachment": {
                        "type": "template",
                        "payload": {
                            "template_type": "media",
                            "elements": [{"media_type": "image", "url": str(image)}],
                        },
                    }
                }
            )
        if not chunks and not buttons:
            continue
        if not chunks:
            chunks = [wording.more_options]
        out.extend({"text": chunk} for chunk in chunks[:-1])
        out.append(_with_buttons(chunks[-1], buttons[:max_buttons]))
        rest = buttons[max_buttons:]
        while rest:
            out.append(_with_buttons(wording.more_options, rest[:max_buttons]))
            rest = rest[max_buttons:]
    return out
