"""Seed validation (spec/dossier-seed.md): every field rule, one clear line per problem."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from dossier_service.seed_file import SeedError, load_seed, parse_iso_datetime, validate_seed_data
from dossier_service.settings import DEFAULT_SEED_FILE

CODE = "000.00.12.H56-261015-0042"
PREFIX = f"seed error: dossiers[0] ({CODE}): "


def problems_of(records: list[Any]) -> list[str]:
    _, problems = validate_seed_data({"dossiers": records}, "test.json")
    return [str(p) for p in problems]


def test_demo_seed_is_valid():
    records = load_seed(DEFAULT_SEED_FILE)
    assert len(records) >= 40


def test_valid_record_passes(record):
    records, problems = validate_seed_data({"dossiers": [record]})
    assert problems == []
    (dossier,) = records
    assert dossier.code == CODE
    assert dossier.submitted_at == dt.datetime(
        2026, 10, 15, 9, 12, tzinfo=dt.timezone(dt.timedelta(hours=7))
    )
    assert [h.status for h in dossier.history] == [1, 2, 5]


def test_contract_example_passes():
    """The record printed in spec/dossier-seed.md, verbatim."""
    example = {
        "code": "000.00.12.H56-251015-0042",
        "procedure_code": "1.001193",
        "procedure_name": "Đăng ký khai sinh",
        "applicant_name": "Lê Thị Hoa",
        "applicant_phone": "0912345678",
        "receiving_unit": "Trung tâm Phục vụ hành chính công xã Thọ Xuân",
        "submitted_at": "2025-10-15T09:12:00+07:00",
        "due_at": "2025-10-17T17:00:00+07:00",
        "completed_at": None,
        "status": 5,
        "status_note": "Bổ sung bản sao giấy chứng sinh có chứng thực",
        "result_delivery": "buu_chinh",
        "fee": 0,
        "payment": "khong_thu_phi",
        "history": [
            {"at": "2025-10-15T09:12:00+07:00", "status": 1, "note": ""},
            {"at": "2025-10-15T10:30:00+07:00", "status": 2, "note": ""},
            {
                "at": "2025-10-16T08:05:00+07:00",
                "status": 5,
                "note": "Bổ sung bản sao giấy chứng sinh có chứng thực",
            },
        ],
    }
    assert problems_of([example]) == []


def _set(field: str, value: Any):
    def change(r: dict) -> None:
        r[field] = value

    return change


def _drop(field: str):
    def change(r: dict) -> None:
        del r[field]

    return change


def _history(index: int, field: str, value: Any):
    def change(r: dict) -> None:
        r["history"][index][field] = value

    return change


BAD_RECORDS = [
    # (id, change, field named in the message, part of the message)
    ("code-format", _set("code", "ABC-261015-0042"), "code", "must look like UNIT-YYMMDD-NNNN"),
    ("code-one-group", _set("code", "H56-261015-0042"), "code", "must look like"),
    ("code-five-groups", _set("code", "000.00.12.H56.01-261015-0042"), "code", "must look like"),
    ("code-group-too-long", _set("code", "0000.00.12.H56-261015-0042"), "code", "must look like"),
    ("code-short-seq", _set("code", "000.00.12.H56-261015-042"), "code", "must look like"),
    ("code-not-a-date", _set("code", "000.00.12.H56-261315-0042"), "code", "not a real date"),
    ("code-feb-30", _set("code", "000.00.12.H56-260230-0042"), "code", "not a real date"),
    (
        "code-spaces",
        _set("code", "000.00.12.H56 - 261015 - 0042"),
        "code",
        "must be written in canonical form",
    ),
    ("code-not-string", _set("code", 42), "code", "must be a string"),
    ("procedure-code-empty", _set("procedure_code", ""), "procedure_code", "must not be empty"),
    ("procedure-name-blank", _set("procedure_name", "   "), "procedure_name", "must not be empty"),
    ("procedure-name-missing", _drop("procedure_name"), "procedure_name", "missing"),
    ("applicant-name-missing", _drop("applicant_name"), "applicant_name", "missing"),
    (
        "applicant-name-null",
        _set("applicant_name", None),
        "applicant_name",
        "must be a string, not null",
    ),
    ("receiving-unit-number", _set("receiving_unit", 12), "receiving_unit", "must be a string"),
    (
        "phone-9-digits",
        _set("applicant_phone", "091234567"),
        "applicant_phone",
        "10 digits starting with 0",
    ),
    (
        "phone-11-digits",
        _set("applicant_phone", "09123456789"),
        "applicant_phone",
        "10 digits starting with 0",
    ),
    (
        "phone-no-leading-0",
        _set("applicant_phone", "1912345678"),
        "applicant_phone",
        "10 digits starting with 0",
    ),
    (
        "phone-with-plus84",
        _set("applicant_phone", "+84912345678"),
        "applicant_phone",
        "10 digits starting with 0",
    ),
    (
        "phone-with-spaces",
        _set("applicant_phone", "0912 345 678"),
        "applicant_phone",
        "10 digits starting with 0",
    ),
    ("phone-integer", _set("applicant_phone", 912345678), "applicant_phone", "must be a string"),
    ("phone-missing", _drop("applicant_phone"), "applicant_phone", "missing"),
    (
        "submitted-no-offset",
        _set("submitted_at", "2026-10-15T09:12:00"),
        "submitted_at",
        "must include a UTC offset",
    ),
    (
        "submitted-not-iso",
        _set("submitted_at", "15/10/2026 09:12"),
        "submitted_at",
        "not an ISO 8601 date-time",
    ),
    (
        "submitted-date-only",
        _set("submitted_at", "2026-10-15"),
        "submitted_at",
        "not an ISO 8601 date-time",
    ),
    (
        "submitted-bad-day",
        _set("submitted_at", "2026-02-30T09:12:00+07:00"),
        "submitted_at",
        "day is out of range",
    ),
    (
        "submitted-number",
        _set("submitted_at", 1760494320),
        "submitted_at",
        "must be an ISO 8601 date-time string",
    ),
    ("submitted-missing", _drop("submitted_at"), "submitted_at", "missing"),
    ("due-no-offset", _set("due_at", "2026-10-19T17:00:00"), "due_at", "must include a UTC offset"),
    (
        "due-before-submitted",
        _set("due_at", "2026-10-14T17:00:00+07:00"),
        "due_at",
        "must be after submitted_at",
    ),
    (
        "due-equals-submitted",
        _set("due_at", "2026-10-15T09:12:00+07:00"),
        "due_at",
        "must be after submitted_at",
    ),
    (
        "due-before-in-other-offset",
        _set("due_at", "2026-10-15T02:00:00+00:00"),
        "due_at",
        "must be after submitted_at",
    ),
    ("due-missing", _drop("due_at"), "due_at", "missing"),
    (
        "completed-not-iso",
        _set("completed_at", "hôm qua"),
        "completed_at",
        "not an ISO 8601 date-time",
    ),
    (
        "completed-number",
        _set("completed_at", 0),
        "completed_at",
        "must be an ISO 8601 date-time string",
    ),
    ("status-zero", _set("status", 0), "status", "must be an integer 1 to 10, not 0"),
    ("status-eleven", _set("status", 11), "status", "must be an integer 1 to 10, not 11"),
    ("status-string", _set("status", "5"), "status", "not string"),
    ("status-float", _set("status", 5.0), "status", "not number"),
    ("status-bool", _set("status", True), "status", "not boolean"),
    ("status-missing", _drop("status"), "status", "missing"),
    ("status-note-number", _set("status_note", 5), "status_note", "must be a string"),
    (
        "delivery-unknown",
        _set("result_delivery", "email"),
        "result_delivery",
        "must be one of truc_tuyen, buu_chinh, truc_tiep",
    ),
    ("delivery-missing", _drop("result_delivery"), "result_delivery", "missing"),
    (
        "payment-unknown",
        _set("payment", "paid"),
        "payment",
        "must be one of khong_thu_phi, chua_thanh_toan, dang_xac_nhan, da_thanh_toan",
    ),
    ("payment-upper-case", _set("payment", "DA_THANH_TOAN"), "payment", "must be one of"),
    ("fee-negative", _set("fee", -1), "fee", "must be a non-negative integer"),
    ("fee-float", _set("fee", 1.5), "fee", "must be a non-negative integer"),
    ("fee-string", _set("fee", "0"), "fee", "must be a non-negative integer"),
    ("fee-missing", _drop("fee"), "fee", "missing"),
    ("history-not-list", _set("history", {"at": "x"}), "history", "must be a list"),
    ("history-missing", _drop("history"), "history", "missing"),
    (
        "history-item-not-object",
        _set("history", ["Mới đăng ký"]),
        "history[0]",
        "must be an object",
    ),
    ("history-at-missing", lambda r: r["history"][1].pop("at"), "history[1].at", "missing"),
    (
        "history-at-bad",
        _history(1, "at", "2026-13-01T00:00:00+07:00"),
        "history[1].at",
        "month must be in 1..12",
    ),
    (
        "history-status-bad",
        _history(2, "status", 12),
        "history[2].status",
        "must be an integer 1 to 10",
    ),
    (
        "history-status-missing",
        lambda r: r["history"][0].pop("status"),
        "history[0].status",
        "missing",
    ),
    ("history-note-number", _history(0, "note", 1), "history[0].note", "must be a string"),
    (
        "history-not-oldest-first",
        _history(2, "at", "2026-10-15T08:00:00+07:00"),
        "history[2].at",
        "must not be earlier than history[1].at",
    ),
]


@pytest.mark.parametrize(
    ("change", "field", "message"), [c[1:] for c in BAD_RECORDS], ids=[c[0] for c in BAD_RECORDS]
)
def test_bad_record_names_record_and_field(record, change, field, message):
    good = copy.deepcopy(record)
    good["code"] = "000.00.13.H56-261016-0001"
    change(record)
    code = record.get("code")
    label = code if isinstance(code, str) else "no code"
    problems = problems_of([good, record])
    assert problems, "expected the record to be refused"
    assert any(
        p.startswith(f"seed error: dossiers[1] ({label}): {field}: ") and message in p
        for p in problems
    ), problems
    # The valid record before it is never blamed.
    assert not any("dossiers[0]" in p for p in problems)


def test_exact_message_format(record):
    record["due_at"] = "2026-10-15T08:00:00+07:00"
    assert problems_of([record]) == [f"{PREFIX}due_at: must be after submitted_at"]


def test_every_problem_of_a_record_is_reported(record):
    record["applicant_phone"] = "12345"
    record["status"] = 0
    record["payment"] = "x"
    problems = problems_of([record])
    assert [p.split(": ")[2] for p in problems] == ["applicant_phone", "status", "payment"]


def test_problems_of_several_records(record):
    second = dict(record, code="000.00.13.H56-261016-0001", fee=-5)
    third = dict(record, code="000.00.13.H56-261016-0002", status=99)
    problems = problems_of([record, second, third])
    assert problems == [
        "seed error: dossiers[1] (000.00.13.H56-261016-0001): "
        "fee: must be a non-negative integer (VND), not -5",
        "seed error: dossiers[2] (000.00.13.H56-261016-0002): "
        "status: must be an integer 1 to 10, not 99",
    ]


def test_missing_code_is_labelled(record):
    del record["code"]
    assert problems_of([record]) == ["seed error: dossiers[0] (no code): code: missing"]


def test_duplicate_code(record):
    problems = problems_of([record, dict(record)])
    assert problems == [
        f"seed error: dossiers[1] ({CODE}): code: duplicate code, already used by dossiers[0]"
    ]


def test_duplicate_code_differing_only_in_case(record):
    problems = problems_of([record, dict(record, code=CODE.lower())])
    assert len(problems) == 1 and "duplicate code" in problems[0]


def test_record_not_an_object(record):
    assert problems_of([record, "oops"]) == [
        "seed error: dossiers[1] (no code): must be an object, not string"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], 'top level must be an object {"dossiers": [...]}, not list'),
        ({}, 'missing top-level key "dossiers"'),
        ({"dossiers": {}}, '"dossiers" must be a list, not object'),
    ],
)
def test_bad_top_level(data, message):
    _, problems = validate_seed_data(data, "x.json")
    assert [str(p) for p in problems] == [f"seed error: x.json: {message}"]


def test_empty_list_is_valid():
    assert validate_seed_data({"dossiers": []}) == ([], [])


# Leniency where the contract leaves room.


def test_lower_case_code_is_accepted_and_stored_upper_case(record):
    record["code"] = CODE.lower()
    records, problems = validate_seed_data({"dossiers": [record]})
    assert problems == [] and records[0].code == CODE


def test_optional_fields_may_be_missing(record):
    del record["completed_at"], record["status_note"]
    del record["history"][0]["note"]
    records, problems = validate_seed_data({"dossiers": [record]})
    assert problems == []
    assert (
        records[0].completed_at is None
        and records[0].status_note == ""
        and records[0].history[0].note == ""
    )


def test_naive_completed_and_history_times_take_submitted_offset(record):
    record["completed_at"] = "2026-10-19T10:00:00"
    record["history"][0]["at"] = "2026-10-15T09:12:00"
    records, problems = validate_seed_data({"dossiers": [record]})
    assert problems == []
    assert records[0].completed_at.utcoffset() == dt.timedelta(hours=7)
    assert records[0].history[0].at.utcoffset() == dt.timedelta(hours=7)


def test_extra_keys_are_ignored(record):
    record["comment"] = "ignored"
    assert problems_of([record]) == []


def test_empty_history_is_accepted(record):
    record["history"] = []
    assert problems_of([record]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-15T09:12:00+07:00", dt.datetime(2026, 10, 15, 2, 12, tzinfo=dt.timezone.utc)),
        ("2026-10-15T09:12+07:00", dt.datetime(2026, 10, 15, 2, 12, tzinfo=dt.timezone.utc)),
        ("2026-10-15T02:12:00Z", dt.datetime(2026, 10, 15, 2, 12, tzinfo=dt.timezone.utc)),
        (
            "2026-10-15T09:12:00.5+0700",
            dt.datetime(2026, 10, 15, 2, 12, 0, 500000, tzinfo=dt.timezone.utc),
        ),
        ("2026-10-15T04:12:00-05", dt.datetime(2026, 10, 15, 9, 12, tzinfo=dt.timezone.utc)),
    ],
)
def test_iso_datetimes_with_offset(text, expected):
    parsed, has_offset = parse_iso_datetime(text)
    assert has_offset and parsed == expected


@pytest.mark.parametrize(
    "text",
    ["2026-10-15 09:12:00+07:00", "2026-10-15T9:12:00+07:00", "2026-10-15T09:12:00+25:00", "x"],
)
def test_iso_datetimes_rejected(text):
    with pytest.raises(ValueError):
        parse_iso_datetime(text)


# Files.


def test_load_seed_missing_file(tmp_path):
    path = tmp_path / "nope.json"
    with pytest.raises(SeedError) as info:
        load_seed(path)
    assert [str(p) for p in info.value.problems] == [f"seed error: {path}: file not found"]


def test_load_seed_invalid_json(write_seed):
    path = write_seed(None, raw='{"dossiers": [\n  {"code": "x",}\n]}')
    with pytest.raises(SeedError) as info:
        load_seed(path)
    (problem,) = info.value.problems
    assert str(problem).startswith(f"seed error: {path}: invalid JSON at line 2 column")


def test_load_seed_directory(tmp_path):
    with pytest.raises(SeedError) as info:
        load_seed(tmp_path)
    assert "is a directory" in str(info.value)


def test_load_seed_not_utf8(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"dossiers": [{"applicant_name": "Lê"}]}'.encode("latin-1"))
    with pytest.raises(SeedError) as info:
        load_seed(path)
    assert "not UTF-8" in str(info.value)


def test_load_seed_accepts_utf8_bom(write_seed, record):
    path = write_seed([record])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_seed(path)) == 1


def test_load_seed_reports_all_problems(write_seed, record):
    bad = dict(record, code="000.00.13.H56-261016-0001", due_at="2026-10-01T00:00:00+07:00")
    path = write_seed([record, bad, 7])
    with pytest.raises(SeedError) as info:
        load_seed(path)
    assert [str(p) for p in info.value.problems] == [
        "seed error: dossiers[1] (000.00.13.H56-261016-0001): due_at: must be after submitted_at",
        "seed error: dossiers[2] (no code): must be an object, not integer",
    ]
