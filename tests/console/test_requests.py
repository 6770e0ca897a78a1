"""The requests queue: masked phone in lists, full on opening, take, close, notes,
the conversation's last messages, phone erased 90 days after done."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from console.db import init_db, make_engine
from console.models import HandoffRequest
from console.requests_queue import purge
from tests.support.console_app import csrf_of, new_request, now


def test_queue_masks_the_phone_and_the_request_page_shows_it(client):
    item = new_request(client, conversation_id="conv-7")
    listing = client.get("/requests")
    assert item["number"] in listing.text
    assert "09*****678" in listing.text and "0912345678" not in listing.text
    export = client.get("/export/requests.csv")
    assert "09*****678" in export.text and "0912345678" not in export.text
    page = client.get(f"/requests/{item['id']}")
    assert 'href="tel:0912345678"' in page.text
    assert "Tra cứu hồ sơ" in page.text


def test_staff_takes_then_closes_a_request_and_adds_a_note(client):
    item = new_request(client)
    path = f"/requests/{item['id']}"
    token = csrf_of(client, path)
    client.post(f"{path}/status", data={"status": "in_progress", "csrf_token": token})
    page = client.get(path).text
    assert "status-in_progress" in page and "Nguyễn Thị Lan" in page
    client.post(f"{path}/notes", data={"text": "Đã gọi, hẹn chiều mai", "csrf_token": token})
    client.post(f"{path}/status", data={"status": "done", "csrf_token": token})
    page = client.get(path).text
    assert "status-done" in page and "Đã gọi, hẹn chiều mai" in page
    assert item["number"] in client.get("/requests?status=done").text
    assert item["number"] not in client.get("/requests?status=open").text


def test_unknown_status_is_refused(client):
    item = new_request(client)
    token = csrf_of(client, "/requests")
    response = client.post(
        f"/requests/{item['id']}/status", data={"status": "deleted", "csrf_token": token}
    )
    assert response.status_code == 422


def test_request_page_shows_the_conversations_last_messages_redacted(client, tracker):
    at = now()
    tracker.user("conv-9", "hồ sơ của tôi chưa xong, sđt 0987654321", "dossier_overdue", at)
    tracker.bot("conv-9", "Tôi sẽ kiểm tra hồ sơ giúp bạn.", at + timedelta(seconds=1))
    item = new_request(client, conversation_id="conv-9")
    page = client.get(f"/requests/{item['id']}").text
    assert "hồ sơ của tôi chưa xong" in page
    assert "Tôi sẽ kiểm tra hồ sơ giúp bạn." in page
    assert "0987654321" not in page


def test_phone_erased_90_days_after_done(client, settings):
    old, recent, open_ = (new_request(client) for _ in range(3))
    sessions = init_db(make_engine(settings))
    with sessions() as db:
        for item, days in ((old, 91), (recent, 10)):
            request = db.get(HandoffRequest, item["id"])
            request.status, request.done_at = "done", now() - timedelta(days=days)
        db.get(HandoffRequest, open_["id"]).created_at = now() - timedelta(days=200)
        db.commit()
        assert purge(db, settings.phone_retention_days) == 1
        phones = {r.id: r.phone for r in db.scalars(select(HandoffRequest))}
    assert phones == {old["id"]: None, recent["id"]: "0912345678", open_["id"]: "0912345678"}
    assert "Đã xóa" in client.get(f"/requests/{old['id']}").text
