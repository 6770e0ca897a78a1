"""The portal's 10 dossier status codes and the labels shown to citizens.

Labels are exactly those of the table in ``spec/dossier-seed.md``. They are defined
once, in ``dvc_common/statuses.yml`` (with what each status means, for the assistant),
and imported from the repository root like ``dvc_common.dossier_code``.
"""

from __future__ import annotations

from dvc_common.statuses import load_statuses, status_labels

STATUS_LABELS: dict[int, str] = status_labels()

#: Statuses in which a dossier whose ``due_at`` has passed is overdue (quá hạn).
OVERDUE_STATUSES: frozenset[int] = load_statuses().overdue

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
