import pytest

from actions.dossier_answer import RESPONSE, answer_buttons, answer_values, format_date, format_vnd
from tests.actions.rendering import render
from tests.support.dossiers import SAMPLE_DOSSIER


def build_answer(d):
    """The answer's text as the citizen reads it: the response filled with the values."""
    return render({"response": RESPONSE, **answer_values(d)})["text"]


def dossier(**changes):
    return {**SAMPLE_DOSSIER, **changes}


def test_dates_and_money():
    assert format_date("2026-10-17T17:00:00+07:00") == "17/10/2026"
    # The dossier's own offset decides the day.
    assert format_date("2026-10-17T23:30:00+07:00") == "17/10/2026"
    assert format_date(None) == "" and format_date("garbage") == ""
    assert format_vnd(1250000) == "1.250.000 đồng"


def test_answer_has_every_fact_of_the_dossier():
    text = build_answer(dossier())
    for expected in (
        "000.00.12.H56-261015-0042",
        "Đăng ký khai sinh",
        "Trung tâm Phục vụ hành chính công xã Thọ Xuân",
        "L* T** H**",
        "15/10/2026",
        "17/10/2026",
        "Yêu cầu bổ sung giấy tờ",
        "QUÁ HẠN",
        "Bổ sung bản sao giấy chứng sinh có chứng thực",
        "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html",
    ):
        assert expected in text, expected


def test_not_overdue_has_no_flag_and_no_apology():
    text = build_answer(dossier(overdue=False, status=4, status_label="Đang xử lý"))
    assert "QUÁ HẠN" not in text and "xin lỗi" not in text
    assert "Ngày hẹn trả kết quả: 17/10/2026" in text


@pytest.mark.parametrize(
    "changes, expected",
    [
        (
            {"status": 6, "fee": 50000, "payment": "chua_thanh_toan", "status_note": "Lệ phí"},
            ["50.000 đồng", "Yêu cầu thanh toán", "Chưa thanh toán"],
        ),
        (
            {"status": 6, "fee": 50000, "payment": "dang_xac_nhan"},
            ["đừng thanh toán lại", "mã giao dịch"],
        ),
        ({"status": 9, "result_delivery": "buu_chinh"}, ["bưu chính công ích"]),
        ({"status": 9, "result_delivery": "truc_tiep"}, ["bộ phận một cửa"]),
        ({"status": 9, "result_delivery": "truc_tuyen"}, ["bản điện tử"]),
        ({"status": 3, "status_note": "Sai mẫu tờ khai"}, ["Lý do: Sai mẫu tờ khai.", "nộp lại"]),
        (
            {"status": 8, "status_note": "Người nộp đề nghị dừng"},
            ["Lý do: Người nộp đề nghị dừng.", "liên hệ"],
        ),
        ({"status": 3, "status_note": ""}, ["chưa ghi lý do"]),
        ({"status": 10, "completed_at": "2026-10-20T10:00:00+07:00"}, ["20/10/2026"]),
        ({"status": 7}, ["rút"]),
        ({"status": 1}, ["chờ cán bộ tiếp nhận"]),
    ],
)
def test_next_steps_per_status(changes, expected):
    text = build_answer(dossier(overdue=False, **changes))
    for part in expected:
        assert part in text, part


def test_buttons_follow_the_status():
    payloads = lambda d: [b["payload"] for b in answer_buttons(d)]  # noqa: E731
    assert "/dossier_supplement" in payloads(dossier(status=5))
    assert "/payment_howto" in payloads(dossier(status=6, payment="chua_thanh_toan"))
    assert "/payment_problem" in payloads(dossier(status=6, payment="dang_xac_nhan"))
    assert "/result_delivery" in payloads(dossier(status=9))
    assert "/human_handoff" in payloads(dossier(status=4))
