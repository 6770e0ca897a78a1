"""Small pieces shared by the fake HTTP servers of the tests."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, Tuple, Type


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    payload: bytes,
    content_type: str = "application/json",
    headers: Dict[str, str] | None = None,
) -> None:
    """Writes one response; a client that already hung up (timeout) is not an error."""
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)
    except (BrokenPipeError, ConnectionResetError):
        pass


def serve(handler: Type[BaseHTTPRequestHandler]) -> Tuple[ThreadingHTTPServer, str]:
    """Starts a threaded server on a free loopback port; returns it and its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that does not log each request to stderr."""

    def log_message(self, *args) -> None:
        pass


def stop(server: ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()
