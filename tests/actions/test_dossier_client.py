import asyncio
import time

import pytest

from actions.dossier_client import (
    CLIENT_LOCKED,
    CODE_LOCKED,
    DossierClient,
    Outcome,
    client_ip_of,
    shared_client,
)
from tests.support.dossiers import SAMPLE_DOSSIER


def test_found_sends_code_and_digits_as_json(fake_service):
    result = DossierClient(fake_service.url).lookup("000.00.12.H56-261015-0042", "5678")
    assert result.outcome is Outcome.FOUND
    assert result.dossier["status_label"] == "Yêu cầu bổ sung giấy tờ"
    assert fake_service.requests == [
        {
            "path": "/api/v1/dossiers/lookup",
            "json": {"code": "000.00.12.H56-261015-0042", "phone_last4": "5678"},
        }
    ]


def test_not_found(fake_service):
    fake_service.status, fake_service.body = 404, {"error": "not_found"}
    assert DossierClient(fake_service.url).lookup("X", "1234").outcome is Outcome.NOT_FOUND


def test_rate_limited_reads_retry_after(fake_service):
    fake_service.status = 429
    fake_service.body = {"error": "too_many_attempts", "retry_after": 420}
    fake_service.headers = {"Retry-After": "420"}
    result = DossierClient(fake_service.url).lookup("X", "1234")
    assert result.outcome is Outcome.RATE_LIMITED
    assert result.retry_after == 420


def test_bad_request_is_invalid(fake_service):
    fake_service.status = 400
    fake_service.body = {"error": "invalid_input", "field": "code", "reason": "format"}
    result = DossierClient(fake_service.url).lookup("X", "1234")
    assert result.outcome is Outcome.INVALID and result.reason == "code"


def test_server_error_is_unavailable(fake_service):
    fake_service.status, fake_service.body = 503, {"detail": "down"}
    result = DossierClient(fake_service.url).lookup("X", "1234")
    assert result.outcome is Outcome.UNAVAILABLE and result.reason == "http_503"


def test_garbage_is_unavailable(fake_service):
    fake_service.raw = b"<html>proxy error</html>"
    assert DossierClient(fake_service.url).lookup("X", "1234").outcome is Outcome.UNAVAILABLE


def test_wrong_json_shape_is_unavailable(fake_service):
    fake_service.body = {"code": "X"}
    result = DossierClient(fake_service.url).lookup("X", "1234")
    assert result.outcome is Outcome.UNAVAILABLE and result.reason == "bad_shape"
    fake_service.body = [SAMPLE_DOSSIER]
    assert DossierClient(fake_service.url).lookup("X", "1234").outcome is Outcome.UNAVAILABLE


def test_closed_port_is_unavailable(closed_port_url):
    result = DossierClient(closed_port_url).lookup("X", "1234")
    assert result.outcome is Outcome.UNAVAILABLE


def test_slow_service_times_out(fake_service):
    fake_service.delay = 2.0
    started = time.monotonic()
    result = DossierClient(fake_service.url, timeout=0.5).lookup("X", "1234")
    assert result.outcome is Outcome.UNAVAILABLE and result.reason == "ReadTimeout"
    assert time.monotonic() - started < 2.0


async def test_lookup_async_does_not_block_the_event_loop(fake_service):
    fake_service.delay = 0.6
    client = DossierClient(fake_service.url, timeout=3.0)
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.05)
            ticks += 1

    task = asyncio.create_task(ticker())
    result = await client.lookup_async("X", "1234")
    task.cancel()
    assert result.outcome is Outcome.FOUND
    # The loop kept running while the slow call was waiting in its thread.
    assert ticks >= 5


def test_client_ip_is_sent_as_x_forwarded_for(fake_service):
    DossierClient(fake_service.url).lookup("X", "1234", client_ip="203.0.113.5")
    DossierClient(fake_service.url).lookup("X", "1234")
    assert fake_service.request_headers[0]["X-Forwarded-For"] == "203.0.113.5"
    assert "X-Forwarded-For" not in fake_service.request_headers[1]


async def test_lookup_async_passes_the_client_ip(fake_service):
    await DossierClient(fake_service.url).lookup_async("X", "1234", client_ip="2001:db8::1")
    assert fake_service.request_headers[0]["X-Forwarded-For"] == "2001:db8::1"


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ({"metadata": {"client_ip": "203.0.113.5"}}, "203.0.113.5"),
        ({"metadata": {"client_ip": " 2001:DB8::1 "}}, "2001:db8::1"),
        ({"metadata": {"client_ip": "203.0.113.5\r\nX-Evil: 1"}}, None),
        ({"metadata": {"client_ip": "1.2.3.4, 5.6.7.8"}}, None),
        ({"metadata": {"client_ip": 42}}, None),
        ({"metadata": {}}, None),
        ({"metadata": None}, None),
        ({"metadata": "x"}, None),
        ({}, None),
        (None, None),
    ],
)
def test_client_ip_of_takes_only_an_ip_address(message, expected):
    assert client_ip_of(message) == expected


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            {"error": "too_many_attempts", "reason": "client_locked", "retry_after": 3000},
            CLIENT_LOCKED,
        ),
        ({"error": "too_many_attempts", "reason": "code_locked", "retry_after": 60}, CODE_LOCKED),
        ({"error": "too_many_attempts", "retry_after": 60}, CODE_LOCKED),  # an older service
        ({"error": "too_many_attempts", "reason": "<script>", "retry_after": 60}, CODE_LOCKED),
    ],
)
def test_rate_limited_says_why(fake_service, body, reason):
    fake_service.status, fake_service.body = 429, body
    result = DossierClient(fake_service.url).lookup("X", "1234")
    assert result.outcome is Outcome.RATE_LIMITED and result.reason == reason


def test_shared_client_is_built_once_per_process_and_reuses_its_connection(fake_service):
    shared_client.cache_clear()
    client = shared_client(fake_service.url, 3.0)
    assert shared_client(fake_service.url, 3.0) is client
    for _ in range(3):
        assert client.lookup("X", "1234").outcome is Outcome.FOUND
    assert len(fake_service.client_ports) == 3
    assert len(set(fake_service.client_ports)) == 1  # one kept-alive connection
    assert shared_client(fake_service.url, 2.0) is not client  # other settings, other client
