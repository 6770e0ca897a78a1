"""The internal API the hand-off action calls: secret, loopback, phone holds."""

from __future__ import annotations

from tests.support.console_app import TOKEN, internal


def test_refused_without_the_shared_secret(anonymous):
    for token in ("", "wrong"):
        response = internal(anonymous, "/internal/phone-holds", {"phone": "0912345678"}, token)
        assert response.status_code == 401


def test_refused_from_other_hosts(settings):
    from fastapi.testclient import TestClient

    from console.app import create_app

    settings.internal_hosts = "127.0.0.1,::1"
    client = TestClient(create_app(settings))  # its address is "testclient"
    assert internal(client, "/internal/phone-holds", {"phone": "0912345678"}).status_code == 403


def test_disabled_without_a_configured_secret(settings):
    from fastapi.testclient import TestClient

    from console.app import create_app

    settings.api_token = ""
    client = TestClient(create_app(settings))
    response = internal(client, "/internal/phone-holds", {"phone": "0912345678"}, "")
    assert response.status_code == 503


def test_a_phone_hold_becomes_the_request_phone_once(anonymous):
    hold = internal(anonymous, "/internal/phone-holds", {"phone": "0912345678"}).json()["hold"]
    assert "0912345678" not in hold
    body = {
        "conversation_id": "c1",
        "contact": "callback",
        "phone_hold": hold,
        "topic": "Quên mật khẩu VNeID",
        "window_label": "chiều hôm nay (13:30–17:00)",
        "window_start": "2026-12-01T13:30",
        "window_end": "2026-12-01T17:00",
        "timezone": "Asia/Ho_Chi_Minh",
    }
    created = internal(anonymous, "/internal/requests", body)
    assert created.status_code == 201
    assert created.json()["number"] == f"YC-{created.json()['id']:06d}"
    # The hold is used up: the same one cannot make a second request.
    assert internal(anonymous, "/internal/requests", body).status_code == 422


def test_a_callback_needs_a_phone_and_a_visit_does_not(anonymous):
    callback = {"conversation_id": "c1", "contact": "callback", "topic": "x"}
    assert internal(anonymous, "/internal/requests", callback).status_code == 422
    visit = {"conversation_id": "c1", "contact": "visit", "topic": "Nộp hồ sơ"}
    assert internal(anonymous, "/internal/requests", visit).status_code == 201


def test_bad_phone_numbers_are_refused(anonymous):
    for phone in ("12345", "09123456789012", "0912abc678", ""):
        assert internal(anonymous, "/internal/phone-holds", {"phone": phone}).status_code == 422


def test_a_dropped_hold_cannot_be_used(anonymous):
    hold = internal(anonymous, "/internal/phone-holds", {"phone": "0912345678"}).json()["hold"]
    response = anonymous.delete(
        f"/internal/phone-holds/{hold}", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 204
    body = {"conversation_id": "c1", "contact": "callback", "phone_hold": hold, "topic": "x"}
    assert internal(anonymous, "/internal/requests", body).status_code == 422


def test_topic_is_redacted(anonymous):
    body = {
        "conversation_id": "c1",
        "contact": "visit",
        "topic": "căn cước 001234567890 gọi 0987654321",
    }
    assert internal(anonymous, "/internal/requests", body).status_code == 201
