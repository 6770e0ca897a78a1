"""The nginx configuration in deploy/nginx/: checked by Debian's nginx (`nginx -t`), then
run unprivileged in front of a recording HTTP server to see its limits work.

The copy under test differs from the deployment only where a test must: the listening
ports become free loopback ports and the upstreams become that recording server."""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX_DIR = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
UNPRIVILEGED = "nobody"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_unprivileged(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", UNPRIVILEGED, "--", *command]
    return command


class Prefix:
    """A copy of deploy/nginx/ in a temporary prefix owned by the unprivileged user."""

    def __init__(self, upstream: str | None = None) -> None:
        if not Path(NGINX).exists():
            pytest.fail("no nginx: apt-get install nginx (make system-packages does)")
        self.dir = Path(tempfile.mkdtemp(prefix="nginx-test-"))
        shutil.copytree(NGINX_DIR, self.dir, dirs_exist_ok=True)
        tls = self.dir / "tls"
        tls.mkdir()
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-keyout",
                str(tls / "privkey.pem"),
                "-out",
                str(tls / "fullchain.pem"),
            ],
            check=True,
            capture_output=True,
        )
        self.ports: dict[str, int] = {}
        for conf in self.dir.rglob("*.conf"):
            text = conf.read_text(encoding="utf-8")
            text = re.sub(r"listen (\d+)", self._listen, text)
            if upstream:
                text = re.sub(r"http://(rasa:5005|console:8002)", upstream, text)
                text = text.replace("resolver 127.0.0.11", "resolver 127.0.0.1")
            conf.write_text(text, encoding="utf-8")
        self.out = self.dir / "nginx.out"
        self.out.touch()
        if os.geteuid() == 0:
            owner = pwd.getpwnam(UNPRIVILEGED)
            for path in [self.dir, *self.dir.rglob("*")]:
                os.chown(path, owner.pw_uid, owner.pw_gid)
        self.process: subprocess.Popen | None = None

    def _listen(self, match: re.Match) -> str:
        port = self.ports.setdefault(match.group(1), free_port())
        return f"listen 127.0.0.1:{port}"

    def command(self, conf: str, *extra: str) -> list[str]:
        return as_unprivileged(
            [
                NGINX,
                "-p",
                f"{self.dir}/",
                "-c",
                str(self.dir / conf),
                "-e",
                str(self.dir / "error.log"),
                *extra,
            ]
        )

    def check(self, conf: str) -> subprocess.CompletedProcess:
        # nginx opens /dev/stdout for the access log: give it a file it may write.
        with open(self.out, "wb") as out:
            done = subprocess.run(self.command(conf, "-t"), stdout=out, stderr=out, timeout=60)
        return subprocess.CompletedProcess(done.args, done.returncode, self.out.read_text())

    def start(self, conf: str) -> None:
        out = open(self.out, "wb")
        self.process = subprocess.Popen(
            self.command(conf, "-g", "daemon off;"),
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
        port = self.ports["80"]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"nginx did not start: {self.out.read_text()}")

    def close(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.mark.parametrize("conf", ["nginx.conf", "nginx-local.conf"])
def test_debians_nginx_accepts_the_configuration(conf):
    prefix = Prefix()
    try:
        done = prefix.check(conf)
    finally:
        prefix.close()
    assert done.returncode == 0, done.stdout
    assert "test is successful" in done.stdout
    assert "[emerg]" not in done.stdout


# ---- the local configuration running in front of a recording server ------------------


class Recorder(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def log_message(self, *args) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        Recorder.seen.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": dict(self.headers),
                "size": len(body),
            }
        )
        payload = json.dumps({"messages": [{"text": "ok", "buttons": []}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _answer  # noqa: N815


@pytest.fixture(scope="module")
def proxy():
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    prefix = Prefix(upstream=f"http://127.0.0.1:{upstream.server_address[1]}")
    prefix.start("nginx-local.conf")
    yield f"http://127.0.0.1:{prefix.ports['80']}"
    prefix.close()
    upstream.shutdown()
    upstream.server_close()


def request(url: str, data: bytes | None = None, headers: dict | None = None) -> int:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_widget_api_is_forwarded_with_the_client_address_nginx_trusts(proxy):
    Recorder.seen.clear()
    body = json.dumps({"sender": "x", "message": "xin chào"}).encode()
    status = request(f"{proxy}/chat/webhook", body, {"X-Forwarded-For": "203.0.113.9"})
    assert status == 200
    forwarded = Recorder.seen[-1]["headers"]
    # A forged X-Forwarded-For is replaced by the real peer, not appended to.
    assert forwarded["X-Forwarded-For"] == "127.0.0.1"
    assert forwarded["X-Real-IP"] == "127.0.0.1"
    assert forwarded["X-Forwarded-Proto"] == "http"
    # The Host keeps its port, so that the widget API recognises a page of its own origin.
    assert forwarded["Host"] == proxy.split("://", 1)[1]


def test_a_body_over_the_limit_is_refused_before_rasa(proxy):
    Recorder.seen.clear()
    body = json.dumps({"sender": "x", "message": "a" * 20_000}).encode()
    assert request(f"{proxy}/chat/webhook", body) == 413
    assert Recorder.seen == []


def test_only_the_public_routes_are_reachable(proxy):
    assert request(f"{proxy}/chat/") == 200
    assert request(f"{proxy}/huong-dan/vneid_activate") == 200
    Recorder.seen.clear()
    for path in ("/webhooks/rest/webhook", "/model/parse", "/conversations/x/tracker"):
        assert request(f"{proxy}{path}", b"{}") == 404, path
    assert Recorder.seen == []


def test_a_burst_of_messages_from_one_client_is_rate_limited(proxy):
    body = json.dumps({"sender": "x", "message": "xin chào"}).encode()
    statuses = [request(f"{proxy}/chat/webhook", body) for _ in range(30)]
    assert 429 in statuses
    assert statuses[0] == 200
