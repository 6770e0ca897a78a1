"""The portal's 10 dossier status codes and the labels shown to citizens.

Labels are exactly those of the table in ``spec/dossier-seed.md``.
"""

from __future__ import annotations

STATUS_LABELS: dict[int, str] = {
    1: "Mới đăng ký",
    2: "Đã tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân đã rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong, chờ trả kết quả",
    10: "Đã trả kết quả",
}

#: Statuses in which a dossier whose ``due_at`` has passed is overdue (quá hạn).
OVERDUE_STATUSES: frozenset[int] = frozenset({1, 2, 4, 5, 6})

RESULT_DELIVERY_VALUES: tuple[str, ...] = ("truc_tuyen", "buu_chinh", "truc_tiep")

PAYMENT_VALUES: tuple[str, ...] = (
    "khong_thu_phi",
    "chua_thanh_toan",
    "dang_xac_nhan",
    "da_thanh_toan",
)


def status_label(status: int) -> str:
    """The citizen-facing label of a status code (KeyError for an unknown code)."""
    return STATUS_LABELS[status]
