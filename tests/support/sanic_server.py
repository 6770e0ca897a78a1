"""A Sanic app served on a free loopback port from a thread, for channel tests.

The channels' routes run on a real Sanic server (sanic-testing is not installed), with
a fake async handler standing in for Rasa's message handling.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from urllib.parse import urljoin

from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from tests.support.stack import free_port


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


class ServerThread:
    """A Sanic app served on a free loopback port from a thread of its own."""

    def __init__(self, app: Sanic) -> None:
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.stopping: asyncio.Event | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._serve())
        except BaseException as exc:  # reported to the test thread
            self.error = exc
            self.ready.set()
        finally:
            self.loop.close()

    async def _serve(self) -> None:
        self.stopping = asyncio.Event()
        server = await self.app.create_server(
            "127.0.0.1", self.port, return_asyncio_server=True, access_log=False
        )
        await server.startup()
        await server.before_start()
        await server.after_start()
        await server.start_serving()
        self.ready.set()
        await self.stopping.wait()
        await server.before_stop()
        server.close()
        for connection in list(server.connections):
            connection.close_if_idle()
        for _ in range(50):
            if not server.connections:
                break
            await asyncio.sleep(0.1)
        for connection in list(server.connections):
            connection.abort()
        await server.wait_closed()
        await server.after_stop()

    def start(self) -> None:
        self.thread.start()
        if not self.ready.wait(30) or self.error:
            raise RuntimeError(f"the test server did not start: {self.error!r}")

    def stop(self) -> None:
        if self.loop and self.stopping and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.stopping.set)
        self.thread.join(15)


def serve_channel(channel, handler, name: str) -> ServerThread:
    """Starts a Sanic app with ``channel``'s blueprint on ``handler``."""
    Sanic.test_mode = True
    app = Sanic(name)
    # As rasa.core.channels.channel.register mounts it.
    app.blueprint(channel.blueprint(handler), url_prefix=urljoin("/webhooks/", channel.url_prefix()))
    running = ServerThread(app)
    running.start()
    return running
