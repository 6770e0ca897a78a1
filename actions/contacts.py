"""Where a citizen can turn to a person: the centre, the hotlines, the portal.

One place for these lines, used by every answer that hands the citizen over.
"""

from __future__ import annotations

from typing import List

from actions.settings import MPS_HOTLINE, PORTAL_HOTLINE, PORTAL_LOOKUP_URL, Centre


def centre_lines(centre: Centre) -> List[str]:
    lines = [f"🏢 {centre.name}"]
    if centre.address:
        lines.append(f"• Địa chỉ: {centre.address}")
    if centre.hours:
        lines.append(f"• Giờ làm việc: {centre.hours}")
    if centre.phone:
        lines.append(f"• Điện thoại: {centre.phone}")
    if centre.website:
        lines.append(f"• Trang web: {centre.website}")
    if not (centre.address or centre.hours or centre.phone):
        lines.append(
            "• Tôi chưa có địa chỉ, giờ làm việc và số điện thoại của trung tâm. "
            "Giờ làm việc do từng xã quy định: bạn xem trên trang thông tin điện tử "
            "của xã hoặc hỏi UBND xã."
        )
    return lines


def hotline_lines() -> List[str]:
    return [
        f"• Tổng đài Cổng Dịch vụ công quốc gia: {PORTAL_HOTLINE}",
        f"• Tổng đài Bộ Công an (VNeID, định danh điện tử): {MPS_HOTLINE}, bấm phím 4 "
        "để gặp điện thoại viên",
    ]


def lookup_fallback_lines(centre: Centre) -> List[str]:
    """Other ways to find a dossier's status when the assistant cannot."""
    return [
        f"• Tra cứu trên Cổng Dịch vụ công quốc gia: {PORTAL_LOOKUP_URL}",
        f"• Gọi tổng đài Cổng Dịch vụ công quốc gia: {PORTAL_HOTLINE}",
        f"• Hỏi trực tiếp nơi đã nhận hồ sơ ({centre.name}"
        + (f", điện thoại {centre.phone}" if centre.phone else "")
        + ")",
    ]
