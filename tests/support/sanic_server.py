"""A Sanic app served on a free loopback port from a thread of its own, for channel tests
(sanic-testing is not installed)."""

from __future__ import annotations

import asyncio
import socket
import threading

from sanic import Sanic


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerThread:
    def __init__(self, app: Sanic) -> None:
        self.app = app
        self.port = _free_port()
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
