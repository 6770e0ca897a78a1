"""Centre information (the hand-off to a person is actions/handoff.py)."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.contacts import centre_lines
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
            f"Cập nhật {fact('updated')} · Xác nhận lại với UBND xã hoặc tổng đài {PORTAL_HOTLINE}"
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
