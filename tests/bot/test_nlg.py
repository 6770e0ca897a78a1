"""bot/nlg.py: the domain's responses address the citizen as they name themselves."""

import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    Restarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from bot.nlg import AddressingNLG

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
responses:
  utter_choose:
    - text: "Bạn chọn một nút, {name}."
      buttons:
        - title: "Bạn muốn gặp cán bộ"
          payload: /human_handoff
"""
)


def tracker(*texts: str, restart_after: int = -1) -> DialogueStateTracker:
    events = []
    for index, text in enumerate(texts):
        events += [UserUttered(text), ActionExecuted("action_listen")]
        if index == restart_after:
            events.append(Restarted())
    return DialogueStateTracker.from_events("s", events)


def generate(t: DialogueStateTracker):
    nlg = AddressingNLG(domain=DOMAIN)
    return asyncio.run(nlg.generate("utter_choose", t, "rest", name="Lan"))


def test_bac_is_called_bac_in_text_and_buttons():
    message = generate(tracker("cháu ơi bác muốn hỏi", "tra cứu hồ sơ"))
    assert message["text"] == "Bác chọn một nút, Lan."
    assert message["buttons"][0]["title"] == "Bác muốn gặp cán bộ"


def test_the_default_is_ban():
    assert generate(tracker("tôi muốn hỏi"))["text"] == "Bạn chọn một nút, Lan."


def test_a_restart_forgets_the_form():
    message = generate(tracker("bác muốn hỏi", "xin chào", restart_after=0))
    assert message["text"] == "Bạn chọn một nút, Lan."


def test_a_message_the_fallback_rewound_still_counts():
    events = [
        UserUttered("cháu ơi, bác năm nay 72 tuổi rồi"),
        ActionExecuted("action_two_stage_fallback"),
        ActionExecuted("action_listen"),
        UserUtteranceReverted(),
        UserUttered("/help"),
    ]
    message = generate(DialogueStateTracker.from_events("s", events))
    assert message["text"] == "Bác chọn một nút, Lan."


def test_an_unknown_response_is_none():
    nlg = AddressingNLG(domain=DOMAIN)
    assert asyncio.run(nlg.generate("utter_missing", tracker("bác hỏi"), "rest")) is None


def test_the_endpoints_file_names_this_generator(monkeypatch):
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("TRACKER_DB", "var/tracker.db")
    config = read_endpoint_config("bot/endpoints.yml", "nlg")
    assert config is not None and config.type == "bot.nlg.AddressingNLG"
