"""A dossier as the dossier service returns it, for the action tests."""

from __future__ import annotations

from typing import Any, Dict

SAMPLE_DOSSIER: Dict[str, Any] = {
    "code": "000.00.12.H56-261015-0042",
    "procedure_code": "1.001193",
    "procedure_name": "Đăng ký khai sinh",
    "applicant_name_masked": "L* T** H**",
    "receiving_unit": "Trung tâm Phục vụ hành chính công xã Thọ Xuân",
    "submitted_at": "2026-10-15T09:12:00+07:00",
    "due_at": "2026-10-17T17:00:00+07:00",
    "completed_at": None,
    "status": 5,
    "status_label": "Yêu cầu bổ sung giấy tờ",
    "status_note": "Bổ sung bản sao giấy chứng sinh có chứng thực",
    "overdue": True,
    "result_delivery": "buu_chinh",
    "fee": 0,
    "payment": "khong_thu_phi",
    "history": [],
}
