"""Access control: login, session cookie, attempt limit, CSRF, logout."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.support.console_app import PASSWORD, csrf_of, login, new_request

PAGES = [
    "/",
    "/requests",
    "/requests?status=done",
    "/requests/1",
    "/dashboard",
    "/dashboard?days=30",
    "/not-understood",
    "/not-understood/export.yml",
    "/export/requests.csv",
    "/export/conversations.csv",
    "/export/not_understood.csv",
]
FORMS = [
    "/requests/1/status",
    "/requests/1/notes",
    "/not-understood/label",
    "/logout",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_a_stranger_to_the_login(anonymous, staff, path):
    response = anonymous.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert "Tra cứu" not in response.text


@pytest.mark.parametrize("path", FORMS)
def test_every_form_refuses_a_stranger(anonymous, staff, path):
    response = anonymous.post(
        path, data={"csrf_token": "x", "status": "done"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login"


def test_a_forged_session_cookie_is_not_a_session(anonymous, staff):
    anonymous.cookies.set("console_session", "forged")
    assert anonymous.get("/requests", follow_redirects=False).status_code == 303


def test_login_sets_a_strict_httponly_session_cookie(anonymous, staff):
    response = login(anonymous)
    assert response.status_code == 303 and response.headers["location"] == "/requests"
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("console_session=")
    )
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback
    page = anonymous.get("/requests")
    assert page.status_code == 200 and "Nguyễn Thị Lan" in page.text


def test_cookie_is_secure_over_https(app, staff):
    client = TestClient(app, base_url="https://testserver")
    response = login(client)
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("console_session=")
    )
    assert "Secure" in cookie


def test_wrong_password_is_refused_then_limited(anonymous, staff):
    for _ in range(3):  # CONSOLE_LOGIN_MAX_FAILURES=3 in the test settings
        response = login(anonymous, password="sai-mat-khau-roi")
        assert response.status_code == 401
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.text
    # Now even the right password waits.
    response = login(anonymous, password=PASSWORD)
    assert response.status_code == 429
    assert "thử lại sau" in response.text
    assert anonymous.get("/requests", follow_redirects=False).status_code == 303


def test_unknown_user_gets_the_same_answer(anonymous, staff):
    response = login(anonymous, username="khongco")
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.text


def test_login_needs_its_csrf_token(anonymous, staff):
    anonymous.get("/login")
    response = anonymous.post(
        "/login",
        data={"username": "lan", "password": PASSWORD, "csrf_token": "wrong"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert anonymous.get("/requests", follow_redirects=False).status_code == 303


def test_forms_need_the_session_csrf_token(client):
    item = new_request(client)
    path = f"/requests/{item['id']}/status"
    for data in ({"status": "done"}, {"status": "done", "csrf_token": "forged"}):
        response = client.post(path, data=data, follow_redirects=False)
        assert response.status_code == 403
    assert "status-open" in client.get(f"/requests/{item['id']}").text
    token = csrf_of(client, "/requests")
    assert (
        client.post(
            path, data={"status": "done", "csrf_token": token}, follow_redirects=False
        ).status_code
        == 303
    )


def test_logout_ends_the_session(client):
    old_cookie = client.cookies.get("console_session")
    token = csrf_of(client, "/requests")
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    client.cookies.set("console_session", old_cookie)
    assert client.get("/requests", follow_redirects=False).status_code == 303


def test_pages_forbid_framing_and_foreign_scripts(client):
    headers = client.get("/requests").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"
