"""POST /api/v1/dossiers/lookup: success shape, masking, no oracle, 400s, overdue.

429s: test_dossier_limits."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from dossier_service.dependencies import get_clock, get_db
from dossier_service.masking import mask_name

URL = "/api/v1/dossiers/lookup"
CODE = "000.00.12.H56-261015-0042"
TZ = dt.timezone(dt.timedelta(hours=7))

RESPONSE_KEYS = {
    "code",
    "procedure_code",
    "procedure_name",
    "applicant_name_masked",
    "receiving_unit",
    "submitted_at",
    "due_at",
    "completed_at",
    "status",
    "status_label",
    "status_note",
    "overdue",
    "result_delivery",
    "fee",
    "payment",
    "history",
}


def lookup(client, code=CODE, last4="5678"):
    return client.post(URL, json={"code": code, "phone_last4": last4})


# Success.


def test_success_shape(client):
    response = lookup(client)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == RESPONSE_KEYS
    assert body["code"] == CODE
    assert body["procedure_code"] == "1.001193"
    assert body["procedure_name"] == "Đăng ký khai sinh"
    assert body["applicant_name_masked"] == "L* T** H**"
    assert body["receiving_unit"] == "Trung tâm Phục vụ hành chính công xã Thọ Xuân"
    assert body["submitted_at"] == "2026-10-15T09:12:00+07:00"
    assert body["due_at"] == "2026-10-19T17:00:00+07:00"
    assert body["completed_at"] is None
    assert body["status"] == 5
    assert body["status_label"] == "Yêu cầu bổ sung giấy tờ"
    assert body["status_note"] == "Bổ sung bản sao giấy chứng sinh có chứng thực"
    assert body["overdue"] is True
    assert body["result_delivery"] == "buu_chinh"
    assert body["fee"] == 0
    assert body["payment"] == "khong_thu_phi"
    assert body["history"] == [
        {"at": "2026-10-15T09:12:00+07:00", "status": 1, "status_label": "Mới đăng ký", "note": ""},
        {
            "at": "2026-10-15T10:30:00+07:00",
            "status": 2,
            "status_label": "Đã tiếp nhận",
            "note": "",
        },
        {
            "at": "2026-10-16T08:05:00+07:00",
            "status": 5,
            "status_label": "Yêu cầu bổ sung giấy tờ",
            "note": "Bổ sung bản sao giấy chứng sinh có chứng thực",
        },
    ]


def test_completed_dossier(client, demo_dossiers):
    done = next(d for d in demo_dossiers if d["status"] == 10)
    body = lookup(client, done["code"], done["applicant_phone"][-4:]).json()
    assert body["status_label"] == "Đã trả kết quả"
    assert body["completed_at"] == done["completed_at"]
    assert body["overdue"] is False


def test_no_phone_or_full_name_in_any_response(client, demo_dossiers):
    for dossier in demo_dossiers:
        response = lookup(client, dossier["code"], dossier["applicant_phone"][-4:])
        assert response.status_code == 200, dossier["code"]
        text = response.text
        assert dossier["applicant_phone"] not in text
        assert "phone" not in text
        assert dossier["applicant_name"] not in text
        for word in dossier["applicant_name"].split():
            if len(word) > 1:
                assert f'"{word}' not in text and f" {word} " not in text
        assert response.json()["applicant_name_masked"] == mask_name(dossier["applicant_name"])


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Lê Thị Hoa", "L* T** H**"),
        ("Nguyễn Văn A", "N***** V** A"),
        ("Tôn Nữ Thị  Hà", "T** N* T** H*"),
        ("Le\u0302 Thi\u0323 Hoa", "L* T** H**"),  # NFD input counts letters, not code points
        ("", ""),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    "typed",
    [
        "000.00.12.h56-261015-0042",
        " 000.00.12.H56-261015-0042 ",
        "000.00.12.H56 - 261015 - 0042",
        "000.00.12.h56 -261015- 0042\n",
        "000.00.12.H56-261015-0042\t",
        # the assistant's normalisation (dvc_common.dossier_code), shared by the service
        "000.00.12.H56 261015 0042",
        "000.00.12.H56.261015.0042",
        "OOO.OO.12.H56-261O15-OO42",
    ],
)
def test_code_is_normalised(client, typed):
    response = lookup(client, typed)
    assert response.status_code == 200
    assert response.json()["code"] == CODE


def test_phone_last4_surrounding_spaces_are_ignored(client):
    assert lookup(client, last4=" 5678 ").status_code == 200


# No oracle.


def test_unknown_code_and_wrong_pair_are_identical(client):
    unknown = lookup(client, "000.00.12.H56-261015-9999", "5678")
    wrong = lookup(client, CODE, "0000")
    assert unknown.status_code == wrong.status_code == 404
    assert unknown.content == wrong.content == b'{"error":"not_found"}'
    drop = {"date", "content-length"}
    assert {k: v for k, v in unknown.headers.items() if k not in drop} == {
        k: v for k, v in wrong.headers.items() if k not in drop
    }


# 400s.


@pytest.mark.parametrize(
    ("payload", "field", "reason"),
    [
        ({"code": "0042", "phone_last4": "5678"}, "code", "must look like UNIT-YYMMDD-NNNN"),
        ({"code": "000.00.12.H56-261315-0042", "phone_last4": "5678"}, "code", "not a real date"),
        ({"code": "", "phone_last4": "5678"}, "code", "must look like"),
        ({"code": "x" * 101, "phone_last4": "5678"}, "code", "at most 100 characters"),
        ({"code": 42, "phone_last4": "5678"}, "code", "valid string"),
        ({"code": CODE, "phone_last4": "567"}, "phone_last4", "must be exactly 4 digits"),
        ({"code": CODE, "phone_last4": "56789"}, "phone_last4", "must be exactly 4 digits"),
        ({"code": CODE, "phone_last4": "56a8"}, "phone_last4", "must be exactly 4 digits"),
        ({"code": CODE, "phone_last4": "٥٦٧٨"}, "phone_last4", "must be exactly 4 digits"),
        ({"code": CODE, "phone_last4": 5678}, "phone_last4", "valid string"),
        ({"code": CODE}, "phone_last4", "required"),
        ({"phone_last4": "5678"}, "code", "required"),
        ([CODE, "5678"], "body", "must be a JSON object"),
    ],
)
def test_invalid_input_is_400(client, payload, field, reason):
    response = client.post(URL, json=payload)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error", "field", "reason"}
    assert body["error"] == "invalid_input"
    assert body["field"] == field
    assert reason in body["reason"]
    assert "5678" not in body["reason"]


def test_invalid_json_is_400(client):
    response = client.post(URL, content=b'{"code": ', headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_input",
        "field": "body",
        "reason": "request body is not valid JSON",
    }


def test_missing_body_is_400(client):
    response = client.post(URL)
    assert response.status_code == 400
    assert response.json()["field"] == "body"


def test_invalid_input_is_not_counted_as_failure(make_client):
    client = make_client(max_failures=1)
    for _ in range(3):
        assert lookup(client, last4="12").status_code == 400
    assert lookup(client).status_code == 200


# Overdue.


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (dt.datetime(2026, 10, 19, 16, 59, tzinfo=TZ), False),
        (dt.datetime(2026, 10, 19, 17, 0, tzinfo=TZ), False),
        (dt.datetime(2026, 10, 19, 17, 1, tzinfo=TZ), True),
        (dt.datetime(2026, 10, 19, 10, 1, tzinfo=dt.timezone.utc), True),  # 17:01 +07:00
    ],
)
def test_overdue_against_pinned_now(client, clock, now, overdue):
    clock.current = now
    assert lookup(client).json()["overdue"] is overdue


def test_overdue_only_for_open_statuses(client, clock, demo_dossiers):
    clock.current = dt.datetime(2027, 6, 1, tzinfo=TZ)  # every due date has passed
    for dossier in demo_dossiers:
        body = lookup(client, dossier["code"], dossier["applicant_phone"][-4:]).json()
        assert body["overdue"] is (dossier["status"] in (1, 2, 4, 5, 6)), dossier["code"]


def test_clock_dependency_can_be_overridden(client):
    class Early:
        def now(self):
            return dt.datetime(2026, 10, 16, tzinfo=TZ)

    client.app.dependency_overrides[get_clock] = Early
    assert lookup(client).json()["overdue"] is False


# Logging and errors.


def test_logs_never_contain_phone_digits(client, caplog):
    with caplog.at_level(logging.DEBUG):
        lookup(client, last4="5678")
        lookup(client, last4="4321")
        client.post(URL, json={"code": CODE, "phone_last4": "98x7"})
    assert "lookup code=" in caplog.text
    for digits in ("5678", "4321", "98x7", "0912345678"):
        assert digits not in caplog.text


def test_unexpected_error_is_json_500(make_client):
    client = make_client(raise_server_exceptions=False)

    def broken():
        raise RuntimeError("database on fire")

    client.app.dependency_overrides[get_db] = broken
    response = lookup(client)
    assert response.status_code == 500
    assert response.json() == {"error": "internal_error"}
    assert response.headers["content-type"] == "application/json"
    assert "fire" not in response.text


def test_unknown_path_and_wrong_method_are_json(client):
    response = client.get("/nope")
    assert response.status_code == 404 and response.json() == {"error": "not_found"}
    response = client.get(URL)
    assert response.status_code == 405 and response.json() == {"error": "method_not_allowed"}
    assert client.get("/docs").status_code == 404  # HTML docs are off by default


def test_openapi_describes_the_api(client):
    schema = client.get("/openapi.json").json()
    assert schema["info"]["title"] == "Dossier status service (mock)"
    assert schema["info"]["version"]
    responses = schema["paths"][URL]["post"]["responses"]
    assert {"200", "400", "404", "429"} <= set(responses)
    assert "422" not in responses
    assert "Retry-After" in responses["429"]["headers"]
    assert "/health" in schema["paths"]
    assert "HTTPValidationError" not in schema["components"]["schemas"]
