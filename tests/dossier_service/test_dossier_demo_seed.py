"""The demo seed: generated deterministically, committed, and covering what demos need."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections import Counter

import pytest

from dossier_service.codes import code_date
from dossier_service.settings import DEFAULT_SEED_FILE
from dvc_common.procedure_keys import PROCEDURE_KEYS

GENERATOR = DEFAULT_SEED_FILE.parent / "make_demo_seed.py"
TZ = dt.timezone(dt.timedelta(hours=7))
TODAY = dt.datetime(2026, 11, 21, 9, 0, tzinfo=TZ)

PROCEDURES = {
    "Đăng ký khai sinh",
    "Liên thông khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ dưới 6 tuổi",
    "Đăng ký khai tử",
    "Đăng ký kết hôn",
    "Xác nhận tình trạng hôn nhân",
    "Đăng ký thường trú",
    "Đăng ký tạm trú",
    "Cấp, đổi, cấp lại thẻ căn cước",
    "Cấp phiếu lý lịch tư pháp",
    "Cấp đổi giấy phép lái xe",
    "Chứng thực bản sao từ bản chính",
}


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("make_demo_seed", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_demo_seed_equals_generator_output(generator):
    assert generator.render() == DEFAULT_SEED_FILE.read_text(encoding="utf-8"), (
        "demo.json is stale: run python dossier_service/seed/make_demo_seed.py"
    )


def test_the_demo_procedures_are_the_contract_keys(generator):
    assert list(generator.PROCEDURES) == list(PROCEDURE_KEYS)


def test_generator_is_deterministic(generator):
    assert generator.render() == generator.render()


def test_size_and_coverage(demo_dossiers):
    assert len(demo_dossiers) >= 40
    assert {d["status"] for d in demo_dossiers} == set(range(1, 11))
    assert {d["payment"] for d in demo_dossiers} == {
        "khong_thu_phi",
        "chua_thanh_toan",
        "dang_xac_nhan",
        "da_thanh_toan",
    }
    assert {d["result_delivery"] for d in demo_dossiers} == {"truc_tuyen", "buu_chinh", "truc_tiep"}
    assert {d["procedure_name"] for d in demo_dossiers} == PROCEDURES
    assert any(
        d["procedure_code"] == "1.001193" and d["procedure_name"] == "Đăng ký khai sinh"
        for d in demo_dossiers
    )


def test_overdue_and_not_overdue_today(demo_dossiers):
    open_ = [d for d in demo_dossiers if d["status"] in (1, 2, 4, 5, 6)]
    overdue = [d for d in open_ if dt.datetime.fromisoformat(d["due_at"]) < TODAY]
    assert len(overdue) >= 5
    assert {d["status"] for d in overdue} == {1, 2, 4, 5, 6}
    assert len(open_) - len(overdue) >= 5


def test_units(demo_dossiers):
    prefixes = Counter(d["code"].rsplit("-", 2)[0] for d in demo_dossiers)
    assert any(p.endswith(".H56") for p in prefixes)
    assert "38.98.H29" in prefixes
    assert len({p.rsplit(".", 1)[1] for p in prefixes}) >= 3  # several provinces
    for d in demo_dossiers:
        assert d["receiving_unit"].startswith("Trung tâm Phục vụ hành chính công xã ") or d[
            "receiving_unit"
        ].startswith("Trung tâm Phục vụ hành chính công phường ")


def test_records_are_consistent(demo_dossiers):
    for d in demo_dossiers:
        submitted = dt.datetime.fromisoformat(d["submitted_at"])
        assert code_date(d["code"]) == submitted.date(), d["code"]
        assert dt.date(2026, 9, 1) <= submitted.date() <= dt.date(2026, 11, 20)
        history = d["history"]
        assert history[0]["status"] == 1 and history[0]["at"] == d["submitted_at"]
        assert history[-1]["status"] == d["status"], d["code"]
        assert all(dt.datetime.fromisoformat(h["at"]) <= TODAY for h in history)
        assert (d["completed_at"] is not None) == (d["status"] in (9, 10)), d["code"]
        assert (d["fee"] == 0) == (d["payment"] == "khong_thu_phi"), d["code"]
        if d["status"] in (3, 5, 6, 8):
            assert d["status_note"], d["code"]
        if d["status"] == 6:
            assert f"{d['fee']:,}".replace(",", ".") in d["status_note"]
            assert d["payment"] in ("chua_thanh_toan", "dang_xac_nhan")


def test_demo_dossier_for_docs(demo_dossiers):
    (d,) = [d for d in demo_dossiers if d["code"] == "000.00.12.H56-261015-0042"]
    assert d["applicant_phone"] == "0912345678"
    assert d["status"] == 5


def test_names_have_diacritics(demo_dossiers):
    assert sum(1 for d in demo_dossiers if not d["applicant_name"].isascii()) >= 40
    assert len({d["applicant_name"] for d in demo_dossiers}) == len(demo_dossiers)
