"""Rasa's response generator, addressing the citizen as they name themselves.

``bot/endpoints.yml`` names :class:`AddressingNLG` as the ``nlg`` endpoint: Rasa then
renders every domain response here, those of rules and stories as well as the ones the
actions ask for by name. The response is chosen and filled as Rasa's own templated
generator does; then "bạn" becomes the form the user named themselves with in this
conversation (dvc_common/address_forms.py), in the text and the button titles.
"""

from __future__ import annotations

from typing import Any, Dict

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Restarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from dvc_common.address_forms import DEFAULT, address, form_of


def conversation_form(tracker: DialogueStateTracker) -> str:
    """The form of address for this conversation (since its last restart).

    Every user message counts, also one the two-stage fallback later rewound: the
    words were misunderstood, not the person."""
    texts: list[str] = []
    for event in tracker.events:
        if isinstance(event, Restarted):
            texts = []
        elif isinstance(event, UserUttered) and event.text:
            texts.append(event.text)
    return form_of(texts)


def addressed(message: Dict[str, Any], form: str) -> Dict[str, Any]:
    if form == DEFAULT:
        return message
    if isinstance(message.get("text"), str):
        message["text"] = address(message["text"], form)
    for button in message.get("buttons") or []:
        if isinstance(button, dict) and isinstance(button.get("title"), str):
            button["title"] = address(button["title"], form)
    return message


class AddressingNLG(TemplatedNaturalLanguageGenerator):
    def __init__(
        self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None
    ) -> None:
        super().__init__((domain or Domain.empty()).responses)

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> Dict[str, Any] | None:
        message = await super().generate(utter_action, tracker, output_channel, **kwargs)
        if message is None:
            return None
        return addressed(message, conversation_form(tracker))
