"""First stage of the two-stage fallback: "Có phải ý bạn là …" with the top guesses."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import topic_for

# What each intent means, as a citizen would say it (button titles).
INTENT_LABELS: Dict[str, str] = {
    "vneid_install": "Cài đặt ứng dụng VNeID",
    "vneid_register_level1": "Đăng ký định danh mức 1",
    "vneid_register_level2": "Đăng ký định danh mức 2",
    "vneid_activate": "Kích hoạt tài khoản định danh",
    "vneid_forgot_password": "Quên mật khẩu / passcode VNeID",
    "vneid_change_device": "Đổi điện thoại, đổi số điện thoại",
    "vneid_scan_problem": "Lỗi quét chip, chụp ảnh khuôn mặt",
    "vneid_otp_problem": "Không nhận được mã OTP",
    "vneid_documents": "Tích hợp giấy tờ vào VNeID",
    "filing_howto": "Cách nộp hồ sơ trực tuyến",
    "portal_login": "Đăng nhập Cổng Dịch vụ công",
    "procedure_info": "Giấy tờ, thời hạn của thủ tục",
    "filing_anywhere": "Nộp hồ sơ ở xã, tỉnh khác",
    "dossier_supplement": "Bổ sung hồ sơ",
    "dossier_withdraw": "Rút hồ sơ đã nộp",
    "result_delivery": "Cách nhận kết quả",
    "payment_howto": "Thanh toán lệ phí trực tuyến",
    "payment_problem": "Lỗi thanh toán, bị trừ tiền",
    "payment_receipt": "Lấy biên lai điện tử",
    "check_dossier_status": "Tra cứu hồ sơ",
    "dossier_overdue": "Hồ sơ quá hẹn",
    "center_info": "Giờ làm việc, địa chỉ trung tâm",
    "hotline": "Số tổng đài hỗ trợ",
    "human_handoff": "Gặp cán bộ",
    "volunteer_mode": "Hướng dẫn từng bước (tình nguyện viên)",
    "scam_report": "Nghi ngờ lừa đảo",
    "greet": "Chào hỏi",
    "goodbye": "Tạm biệt",
    "thank": "Cảm ơn",
    "bot_challenge": "Bạn là ai?",
    "help": "Xem menu",
}
MAX_GUESSES = 3
# A message in a language the assistant does not serve (bot/nlu/language_guard.py).
LANGUAGE_RESPONSES = {
    "en": "utter_other_language_en",
    "zh": "utter_other_language_zh",
    "ko": "utter_other_language_ko",
    "ja": "utter_other_language_ja",
    "other": "utter_other_language_other",
}


class ActionDefaultAskAffirmation(Action):
    def name(self) -> str:
        return "action_default_ask_affirmation"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        latest = tracker.latest_message or {}
        language = latest.get("language")
        if language:
            response = LANGUAGE_RESPONSES.get(language, LANGUAGE_RESPONSES["other"])
            dispatcher.utter_message(response=response)
            return []
        topic = topic_for("nlu_fallback", latest.get("text") or "")
        if topic is not None:
            # Unsure of the intent, but the words name a topic we can answer.
            dispatcher.utter_message(response=topic.response)
            return []
        if latest.get("unknown_words"):
            # Nothing to guess from: ask to rephrase, with the menu.
            dispatcher.utter_message(
                text="Xin lỗi, tôi chưa hiểu ý bạn. Bạn nói lại ngắn gọn hơn, hoặc chọn "
                "một mục bên dưới nhé.",
                buttons=[
                    {"title": "Xem menu", "payload": "/help"},
                    {"title": "Gặp cán bộ", "payload": "/human_handoff"},
                ],
            )
            return []
        ranking = latest.get("intent_ranking") or []
        guesses = [r["name"] for r in ranking if r.get("name") in INTENT_LABELS][:MAX_GUESSES]
        buttons = [{"title": INTENT_LABELS[name], "payload": f"/{name}"} for name in guesses]
        buttons.append({"title": "Không phải", "payload": "/out_of_scope"})
        # A person is always one button away (the hand-off flow, actions/handoff.py).
        if "human_handoff" not in guesses:
            buttons.append({"title": INTENT_LABELS["human_handoff"], "payload": "/human_handoff"})
        dispatcher.utter_message(
            text="Xin lỗi, tôi chưa chắc đã hiểu đúng. Có phải ý bạn là một trong những điều sau?",
            buttons=buttons,
        )
        return []
