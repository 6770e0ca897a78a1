"""Login (CSRF double-submit cookie, attempt limit) and logout."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from console.dependencies import (
    CsrfChecked,
    DbDep,
    SettingsDep,
)
from console.models import Staff
from console.security import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    LoginLimiter,
    close_session,
    new_token,
    open_session,
    same,
    verify_password,
)
from console.settings import Settings
from console.templating import templates

router = APIRouter()


def secure_cookies(request: Request, settings: Settings) -> bool:
    if settings.cookie_secure in ("true", "false"):
        return settings.cookie_secure == "true"
    return request.url.scheme == "https"


def _login_page(
    request: Request, settings: Settings, error: str = "", status: int = 200
) -> HTMLResponse:
    token = new_token()
    response = templates.TemplateResponse(
        request, "login.html", {"csrf_token": token, "error": error}, status_code=status
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request, settings),
        path="/login",
    )
    return response


@router.get("/login")
def login_form(request: Request, settings: SettingsDep) -> HTMLResponse:
    return _login_page(request, settings)


@router.post("/login")
def login(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    if not same(csrf_token, request.cookies.get(LOGIN_CSRF_COOKIE)):
        return _login_page(
            request, settings, "Phiên đăng nhập đã hết hạn, bạn đăng nhập lại nhé.", 403
        )
    username = username.strip().lower()[:64]
    client = request.client.host if request.client else "?"
    limiter = LoginLimiter(settings)
    wait = limiter.retry_after(db, username, client)
    if wait:
        minutes = max(1, round(wait / 60))
        return _login_page(
            request,
            settings,
            f"Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau khoảng {minutes} phút.",
            429,
        )
    staff = db.scalar(select(Staff).where(Staff.username == username))
    # The password is checked (against a dummy hash) even without such a user: same timing.
    if not verify_password(staff, password) or staff is None:
        limiter.failed(db, username, client)
        return _login_page(request, settings, "Tên đăng nhập hoặc mật khẩu không đúng.", 401)
    limiter.succeeded(db, username)
    response = RedirectResponse("/requests", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        open_session(db, staff, settings),
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request, settings),
        max_age=settings.session_hours * 3600,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login", httponly=True, samesite="strict")
    return response


@router.post("/logout")
def logout(
    request: Request,
    session: CsrfChecked,
    db: DbDep,
) -> RedirectResponse:
    close_session(db, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
