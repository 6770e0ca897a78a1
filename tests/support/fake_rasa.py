"""Channel tests' stand-in for Rasa, and a channel served on a real Sanic server."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urljoin

from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from tests.support.sanic_server import ServerThread


class FakeRasa:
    """Stands in for Rasa's message handling: answers by what the user typed."""

    def __init__(self) -> None:
        self.received: list[UserMessage] = []

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        if message.text == "boom":
            raise RuntimeError("the action server fell over")
        if message.text == "silent":
            return
        if message.text == "slow":
            await asyncio.sleep(3)
        if message.text == "action fails":
            # What Rasa's processor does when the action server is unreachable.
            await message.output_channel.send_text_message(message.sender_id, "Đang tra cứu")
            logging.getLogger("rasa.core.processor").error(
                "Encountered an exception while running action 'action_lookup'."
                "Bot will continue, but the actions events are lost."
            )
            return
        await message.output_channel.send_text_with_buttons(
            message.sender_id,
            f"Bạn nói: {message.text}",
            [{"title": "Xem menu", "payload": "/help"}],
        )
        if message.text == "hai":
            await message.output_channel.send_text_message(message.sender_id, "Tin thứ hai")


def serve_channel(channel, handler, name: str) -> ServerThread:
    """Starts a Sanic app with ``channel``'s blueprint on ``handler``."""
    Sanic.test_mode = True
    app = Sanic(name)
    # As rasa.core.channels.channel.register mounts it.
    app.blueprint(
        channel.blueprint(handler), url_prefix=urljoin("/webhooks/", channel.url_prefix())
    )
    running = ServerThread(app)
    running.start()
    return running
