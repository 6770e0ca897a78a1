"""Fuzzing the service: schemathesis generates requests from its OpenAPI description
(valid and invalid), and a list of hostile bodies is posted as raw bytes. No input may
get a 5xx or an answer that breaks the described schema, and the service answers
normally afterwards."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from dossier_service.app import MAX_BODY_BYTES, create_app
from dossier_service.settings import DEFAULT_SEED_FILE, Settings

URL = "/api/v1/dossiers/lookup"
CODE = "000.00.12.H56-261015-0042"


def _app(db: Path):
    # High limits, so that generated look-ups reach the pair check, not only the 429.
    return create_app(
        Settings(
            _env_file=None,
            seed_file=DEFAULT_SEED_FILE,
            db=str(db),
            lookup_max_failures=1_000_000,
            client_max_failures=1_000_000,
        )
    )


# Built at import, so that hypothesis drives the cases from plain parametrized tests
# (schemathesis' own pytest plugin does not support the pytest version pinned here).
_WORKDIR = tempfile.TemporaryDirectory(prefix="dossier-fuzz-")
APP = _app(Path(_WORKDIR.name) / "dossier_service.db")
OPERATIONS = [
    result.ok()
    for result in schemathesis.openapi.from_asgi("/openapi.json", APP).get_all_operations()
]


@pytest.fixture(scope="module")
def app():
    return APP


CASES = [
    (operation, mode)
    for operation in OPERATIONS
    for mode in schemathesis.GenerationMode
    # An operation without inputs has no invalid request to generate.
    if mode is schemathesis.GenerationMode.POSITIVE or operation.body or operation.query
]


@pytest.mark.parametrize(
    ("operation", "mode"),
    CASES,
    ids=[f"{mode.value}-{op.method.upper()} {op.path}" for op, mode in CASES],
)
def test_openapi_no_server_error_and_answers_match_the_schema(operation, mode):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def check(case):
        response = case.call()
        assert response.status_code < 500, (response.status_code, response.text[:200])
        if response.status_code == 413 and mode is schemathesis.GenerationMode.NEGATIVE:
            # An invalid body over MAX_BODY_BYTES is refused by the size limit before
            # validation: a rejection too, which schemathesis' list of rejection codes
            # lacks (a rare draw: generated strings of 4-byte characters).
            assert response.json() == {"error": "payload_too_large"}
            return
        # Schema-valid data may still be refused: a code must also carry a real date.
        case.validate_response(response, excluded_checks=[positive_data_acceptance])
        assert response.headers["content-type"][0].startswith("application/json")

    check()


SQL_CODE = "000.00.12.H56-261015-0042' OR '1'='1"
HOSTILE_BODIES = [
    b"",
    b"[]",
    b'"x"',
    b"null",
    b"42",
    b"{",
    b'{"code": ',
    b"\xff\xfe\x00garbage",  # invalid UTF-8
    json.dumps({"code": CODE, "phone_last4": 5678}).encode(),
    json.dumps({"code": ["a"], "phone_last4": {"x": 1}}).encode(),
    json.dumps({"code": None, "phone_last4": None}).encode(),
    json.dumps({"code": CODE}).encode(),
    json.dumps({"code": "\x00" * 50, "phone_last4": "\x00\x01\x02\x03"}).encode(),
    json.dumps({"code": "<script>alert(1)</script>", "phone_last4": "5678"}).encode(),
    json.dumps({"code": SQL_CODE, "phone_last4": "5678"}).encode(),
    json.dumps({"code": "'; DROP TABLE dossiers; --", "phone_last4": "1' OR 1=1"}).encode(),
    json.dumps(
        {"code": "000.00.12.h56-261015-0042", "phone_last4": "５６７８"}
    ).encode(),  # full-width
    json.dumps({"code": "😀" * 30, "phone_last4": "😀😀"}).encode(),
    json.dumps({"code": "A\u0301" * 40, "phone_last4": "567\u0308"}).encode(),  # NFD
    json.dumps({"code": "x" * 100_000, "phone_last4": "5678"}).encode(),  # 100 KB
    json.dumps({"code": CODE, "phone_last4": "5678", "pad": "y" * 1_000_000}).encode(),  # 1 MB
    b'{"code": "'
    + CODE.encode()
    + b'", "phone_last4": "5678", "a": '
    + b"[" * 5000
    + b"]" * 5000
    + b"}",
]


@pytest.mark.parametrize("body", HOSTILE_BODIES, ids=range(len(HOSTILE_BODIES)))
def test_hostile_bodies_get_a_4xx_json_answer(app, body):
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post(URL, content=body, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500, response.status_code
    payload = response.json()
    assert payload["error"] in ("invalid_input", "not_found", "payload_too_large")
    if response.status_code == 400:
        assert payload["field"] and payload["reason"]


def test_a_large_body_streamed_without_length_is_refused(app):
    def chunks():
        yield b'{"code": "' + CODE.encode() + b'", "phone_last4": "5678", "pad": "'
        for _ in range(100):
            yield b"y" * 10_000
        yield b'"}'

    with TestClient(app) as client:
        response = client.post(URL, content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.json() == {"error": "payload_too_large"}


def test_a_body_at_the_limit_is_read(app):
    body = json.dumps({"code": CODE, "phone_last4": "5678", "pad": ""}).encode()
    body = body[:-2] + b" " * (MAX_BODY_BYTES - len(body)) + body[-2:]
    assert len(body) == MAX_BODY_BYTES
    with TestClient(app) as client:
        assert (
            client.post(URL, content=body, headers={"Content-Type": "application/json"}).status_code
            == 200
        )


def test_service_answers_normally_after_the_fuzzing(app):
    with TestClient(app) as client:
        assert client.get("/health").json()["status"] == "ok"
        response = client.post(URL, json={"code": CODE, "phone_last4": "5678"})
    assert response.status_code == 200 and response.json()["code"] == CODE
