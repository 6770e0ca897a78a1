"""Builds the Vietnamese answer about one dossier from the service's JSON.

Everything said here comes from the dossier itself or from domain/knowledge.md:
no deadline, fee or phone number is made up.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List

from actions.settings import PORTAL_HOTLINE, PORTAL_LOOKUP_URL
from dvc_common.statuses import load_statuses

DELIVERY = {
    "truc_tuyen": "bản điện tử, xem trong mục Quản lý hồ sơ trên Cổng Dịch vụ công quốc gia",
    "buu_chinh": "qua bưu chính công ích, gửi đến địa chỉ bạn đã chọn khi nộp hồ sơ",
    "truc_tiep": "tại bộ phận một cửa của nơi tiếp nhận hồ sơ (mang theo phiếu hẹn trả kết quả)",
}

PAYMENT = {
    "khong_thu_phi": "Không thu phí",
    "chua_thanh_toan": "Chưa thanh toán",
    "dang_xac_nhan": "Đang chờ xác nhận thanh toán",
    "da_thanh_toan": "Đã thanh toán",
}


def format_date(value: str | None) -> str:
    """ISO 8601 -> dd/mm/yyyy, in the dossier's own offset; '' when missing."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return ""


def format_vnd(amount: Any) -> str:
    try:
        return f"{int(amount):,}".replace(",", ".") + " đồng"
    except (TypeError, ValueError):
        return ""


def next_steps(d: Dict[str, Any]) -> List[str]:
    """What this dossier's status means and what the citizen should do next.

    The meaning and the next step of each status come from dvc_common/statuses.yml;
    the dossier adds its own facts (date, note, amount, payment state, delivery).
    """
    status = d.get("status")
    entry = load_statuses().statuses.get(status) if isinstance(status, int) else None
    note = (d.get("status_note") or "").strip()
    unit = d.get("receiving_unit") or "nơi tiếp nhận hồ sơ"
    due = format_date(d.get("due_at"))
    payment = d.get("payment")
    steps: List[str] = []
    if status in (3, 8):
        steps.append(f"Lý do: {note}." if note else "Hồ sơ chưa ghi lý do.")
    elif status == 5 and note:
        steps.append(f"Cần bổ sung: {note}.")
    elif status == 6:
        amount = format_vnd(d.get("fee")) if d.get("fee") else ""
        steps.append(
            "Cần thực hiện nghĩa vụ tài chính"
            + (f": {amount}" if amount else "")
            + (f" ({note})" if note else "")
            + "."
        )
    elif status in (2, 4) and entry:
        steps.append(f"{entry.meaning} Ngày hẹn trả kết quả: {due}.")
    elif status == 9 and entry:
        delivery = DELIVERY.get(d.get("result_delivery") or "", "")
        steps.append(entry.meaning + (f" Kết quả được trả {delivery}." if delivery else ""))
    elif status == 10:
        done = format_date(d.get("completed_at"))
        steps.append("Hồ sơ đã trả kết quả" + (f" ngày {done}" if done else "") + ".")
    elif entry:
        steps.append(entry.meaning)

    if status == 6 and payment == "dang_xac_nhan":
        steps.append(
            "Giao dịch thanh toán đang chờ xác nhận: đừng thanh toán lại. Giữ mã "
            "giao dịch ngân hàng, thời gian và số tiền; nếu sau một thời gian vẫn "
            f"chưa cập nhật, liên hệ {unit} hoặc tổng đài {PORTAL_HOTLINE}."
        )
    elif status == 6 and payment == "da_thanh_toan":
        steps.append("Đã ghi nhận thanh toán; hồ sơ sẽ được xử lý tiếp.")
    elif entry and status not in (2, 4, 9):
        steps.append(entry.todo.replace("nơi tiếp nhận hồ sơ", unit))
    if d.get("overdue"):
        steps.append(
            f"⚠️ Hồ sơ đã quá ngày hẹn trả ({due}). Khi trễ hẹn, cơ quan giải quyết phải "
            "gửi bạn Phiếu xin lỗi và hẹn lại ngày trả kết quả. Bạn có quyền hỏi "
            f"{unit} hoặc tổng đài {PORTAL_HOTLINE} về ngày hẹn mới."
        )
    return steps


def build_answer(d: Dict[str, Any]) -> str:
    status_line = f"• Trạng thái: {d.get('status_label', '')}"
    if d.get("overdue"):
        status_line += " — QUÁ HẠN"
    lines = [
        f"📄 Hồ sơ {d.get('code', '')}",
        f"• Thủ tục: {d.get('procedure_name', '')}",
        f"• Nơi tiếp nhận: {d.get('receiving_unit', '')}",
        f"• Người nộp: {d.get('applicant_name_masked', '')}",
        f"• Ngày nộp: {format_date(d.get('submitted_at'))}",
        f"• Ngày hẹn trả: {format_date(d.get('due_at'))}",
        status_line,
    ]
    if d.get("fee"):
        lines.append(
            f"• Phí, lệ phí: {format_vnd(d.get('fee'))} — {PAYMENT.get(d.get('payment') or '', '')}"
        )
    lines.append("")
    lines.append("Việc cần làm:")
    lines.extend(next_steps(d))
    lines.append("")
    lines.append(f"Tra cứu chính thức: {PORTAL_LOOKUP_URL}")
    return "\n".join(lines)


def answer_buttons(d: Dict[str, Any]) -> List[Dict[str, str]]:
    buttons: List[Dict[str, str]] = []
    status = d.get("status")
    if status == 5:
        buttons.append({"title": "Cách bổ sung hồ sơ", "payload": "/dossier_supplement"})
    if status == 6:
        if d.get("payment") == "dang_xac_nhan":
            buttons.append({"title": "Bị trừ tiền chưa cập nhật", "payload": "/payment_problem"})
        else:
            buttons.append({"title": "Cách thanh toán", "payload": "/payment_howto"})
    if status == 9:
        buttons.append({"title": "Cách nhận kết quả", "payload": "/result_delivery"})
    buttons.append({"title": "Tra cứu hồ sơ khác", "payload": "/lookup_change_code"})
    buttons.append({"title": "Gặp cán bộ", "payload": "/human_handoff"})
    return buttons
