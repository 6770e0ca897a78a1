"""The widget's cross-origin permission: the allow-list, and the /chat/webhook routes on a
real Sanic app configured the way ``rasa run`` configures it (sanic-cors, no --cors)."""

from __future__ import annotations

import uuid

import pytest
import requests
from rasa.core.channels.channel import UserMessage
from rasa.server import configure_cors
from sanic import Sanic

from bot.channels.cors import ENV_VAR, REFUSED, CorsPolicy, normalise_origin, parse_allowed
from bot.channels.web import WebChatInput
from tests.support.sanic_server import ServerThread

CENTRE = "https://ttphvhcc.example.gov.vn"
OTHER = "https://evil.example.com"
SENDER = "3f2b8c4e-9a1d-4c6e-8f7a-1b2c3d4e5f60"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("https://TTPHVHCC.example.gov.vn", CENTRE),
        ("https://ttphvhcc.example.gov.vn/", CENTRE),
        ("https://ttphvhcc.example.gov.vn:443", CENTRE),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://xa.example.gov.vn:80", "http://xa.example.gov.vn"),
    ],
)
def test_origins_are_normalised(raw, expected):
    assert normalise_origin(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "*",
        "null",
        "ttphvhcc.example.gov.vn",
        "ftp://x.gov.vn",
        "https://x.gov.vn/page",
        "https://user@x.gov.vn",
        "https://x.gov.vn:99999",
    ],
)
def test_anything_but_an_origin_is_not_one(raw):
    assert normalise_origin(raw) is None


def test_the_list_takes_commas_and_spaces_and_names_a_bad_entry():
    assert parse_allowed(f"{CENTRE}, http://127.0.0.1:8080  https://b.gov.vn") == {
        CENTRE,
        "http://127.0.0.1:8080",
        "https://b.gov.vn",
    }
    assert parse_allowed("") == frozenset()
    with pytest.raises(ValueError, match="ttphvhcc.example.gov.vn/chat"):
        parse_allowed(f"{CENTRE}/chat")


def test_the_policy_allows_listed_and_own_origins_only():
    policy = CorsPolicy.from_env({ENV_VAR: CENTRE})
    listed = policy.check(CENTRE, "tro-ly.example.gov.vn")
    assert listed.allowed and listed.headers["Access-Control-Allow-Origin"] == CENTRE
    assert "Access-Control-Allow-Credentials" not in listed.headers
    own = policy.check("https://tro-ly.example.gov.vn", "tro-ly.example.gov.vn")
    assert own.allowed and "Access-Control-Allow-Origin" not in own.headers
    assert policy.check(None, "tro-ly.example.gov.vn").allowed
    assert not policy.check(OTHER, "tro-ly.example.gov.vn").allowed
    assert not policy.check("null", "tro-ly.example.gov.vn").allowed
    # A preflight always comes from another origin: only the listed ones pass.
    assert not policy.check(
        "https://tro-ly.example.gov.vn", "tro-ly.example.gov.vn", preflight=True
    ).allowed
    assert CorsPolicy.from_env({}).allowed == frozenset()


# ---- on a Sanic app set up like Rasa's -------------------------------------------------


async def answer(message: UserMessage) -> None:
    await message.output_channel.send_text_message(message.sender_id, f"Bạn nói: {message.text}")


@pytest.fixture(scope="module")
def server():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_VAR, CENTRE)
        Sanic.test_mode = True
        app = Sanic(f"cors_test_{uuid.uuid4().hex[:8]}")
        configure_cors(app, None)  # what `rasa run` does without --cors
        channel = WebChatInput()
        app.blueprint(channel.blueprint(answer), url_prefix=channel.url_prefix())
        rest_prefix = "/webhooks/rest"
        from rasa.core.channels.rest import RestInput

        app.blueprint(RestInput().blueprint(answer), url_prefix=rest_prefix)
    running = ServerThread(app)
    running.start()
    yield running
    running.stop()


def preflight(server, origin, path="/chat/webhook"):
    return requests.options(
        f"{server.url}{path}",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=10,
    )


def post(server, origin=None, path="/chat/webhook"):
    headers = {"Origin": origin} if origin else {}
    return requests.post(
        f"{server.url}{path}",
        json={"sender": SENDER, "message": "xin chào"},
        headers=headers,
        timeout=10,
    )


def test_the_preflight_of_an_allowed_origin_is_answered(server):
    reply = preflight(server, CENTRE)
    assert reply.status_code in (200, 204)
    assert reply.headers["Access-Control-Allow-Origin"] == CENTRE
    assert "POST" in reply.headers["Access-Control-Allow-Methods"]
    assert "content-type" in reply.headers["Access-Control-Allow-Headers"].lower()
    assert "Origin" in reply.headers["Vary"]
    assert reply.headers.get("Access-Control-Allow-Credentials") is None


def test_a_message_from_an_allowed_origin_is_answered_with_its_permission(server):
    reply = post(server, CENTRE)
    assert reply.status_code == 200
    assert reply.headers["Access-Control-Allow-Origin"] == CENTRE
    assert reply.json()["messages"][0]["text"] == "Bạn nói: xin chào"


def test_another_origin_is_refused_preflight_and_message(server):
    reply = preflight(server, OTHER)
    assert reply.status_code == 403
    assert "Access-Control-Allow-Origin" not in reply.headers
    reply = post(server, OTHER)
    assert reply.status_code == 403
    assert "Access-Control-Allow-Origin" not in reply.headers
    assert reply.json() == REFUSED


def test_same_origin_and_no_origin_need_no_permission(server):
    host = server.url.split("://", 1)[1]
    for origin in (None, f"http://{host}"):
        reply = post(server, origin)
        assert reply.status_code == 200, origin
        assert "Access-Control-Allow-Origin" not in reply.headers


def test_no_other_route_gives_cross_origin_permission(server):
    # Rasa's REST channel and the widget's other routes stay same-origin only.
    reply = post(server, CENTRE, path="/webhooks/rest/webhook")
    assert "Access-Control-Allow-Origin" not in reply.headers
    reply = preflight(server, CENTRE, path="/webhooks/rest/webhook")
    assert "Access-Control-Allow-Origin" not in reply.headers
    for path in ("/chat/", "/chat/health", "/chat/static/widget.js"):
        reply = requests.get(f"{server.url}{path}", headers={"Origin": CENTRE}, timeout=10)
        assert reply.status_code == 200
        assert "Access-Control-Allow-Origin" not in reply.headers, path
