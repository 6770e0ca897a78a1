"""Centre information and hand-off to a person."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.contacts import centre_lines, hotline_lines
from actions.settings import PORTAL_HOTLINE, load_settings
from dvc_common.facts import fact


class ActionCenterInfo(Action):
    def name(self) -> str:
        return "action_center_info"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        settings = load_settings()
        lines = centre_lines(settings.centre)
        lines.append(
            "Nhiều thủ tục nay nộp được trực tuyến trên Cổng Dịch vụ công quốc gia "
            "(dichvucong.gov.vn) mà không cần đến trung tâm."
        )
        lines.append(
            f"Cập nhật {fact('updated')} · Xác nhận lại với UBND xã hoặc tổng đài "
            f"{PORTAL_HOTLINE}"
        )
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=[
                {"title": "Số tổng đài hỗ trợ", "payload": "/hotline"},
                {"title": "Nộp hồ sơ ở xã khác", "payload": "/filing_anywhere"},
                {"title": "Gặp cán bộ", "payload": "/human_handoff"},
            ],
        )
        return []


class ActionHumanHandoff(Action):
    def name(self) -> str:
        return "action_human_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        settings = load_settings()
        lines = [
            "Tôi là trợ lý tự động nên chưa thể chuyển cuộc trò chuyện cho cán bộ. "
            "Bạn có thể gặp người thật qua các cách sau:",
            *centre_lines(settings.centre),
            "• Tại trung tâm có cán bộ một cửa và tình nguyện viên (đoàn viên, tổ công "
            "nghệ số cộng đồng) hướng dẫn trực tiếp.",
            *hotline_lines(),
        ]
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=[
                {"title": "Giờ làm việc, địa chỉ", "payload": "/center_info"},
                {"title": "Quay lại menu", "payload": "/help"},
            ],
        )
        return []
