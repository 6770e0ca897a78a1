"""Looking up where a dossier stands, after the lookup form has the code and digits."""

from __future__ import annotations

import logging
import math
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.contacts import lookup_fallback_lines
from actions.dossier_answer import answer_buttons, build_answer
from actions.dossier_client import CLIENT_LOCKED, Outcome, client_ip_of, shared_client
from actions.settings import load_settings

logger = logging.getLogger(__name__)

RETRY_BUTTONS = [
    {"title": "Nhập lại", "payload": "/check_dossier_status"},
    {"title": "Gặp cán bộ", "payload": "/human_handoff"},
]


def _reset(failures: float) -> List[Dict[str, Any]]:
    # The digits are not kept once used; a new lookup asks again.
    return [
        SlotSet("dossier_code", None),
        SlotSet("phone_last4", None),
        SlotSet("lookup_invalid_inputs", 0.0),
        SlotSet("lookup_failures", failures),
    ]


class ActionLookupDossier(Action):
    def name(self) -> str:
        return "action_lookup_dossier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        settings = load_settings()
        failures = float(tracker.get_slot("lookup_failures") or 0)
        code = tracker.get_slot("dossier_code")
        last4 = tracker.get_slot("phone_last4")

        if failures >= settings.max_lookup_failures:
            dispatcher.utter_message(
                text="\n".join(
                    [
                        "Tôi chưa tìm được hồ sơ sau nhiều lần thử nên tạm dừng tra cứu ở "
                        "đây để bảo vệ thông tin của người nộp. Bạn có thể:",
                        *lookup_fallback_lines(settings.centre),
                    ]
                ),
                buttons=[{"title": "Gặp cán bộ", "payload": "/human_handoff"}],
            )
            return _reset(failures)

        if not code or not last4:
            dispatcher.utter_message(
                text="Tôi chưa có đủ mã hồ sơ và 4 số cuối điện thoại để tra cứu.",
                buttons=RETRY_BUTTONS,
            )
            return _reset(failures)

        client = shared_client(settings.dossier_service_url, settings.dossier_timeout)
        result = await client.lookup_async(code, last4, client_ip_of(tracker.latest_message))

        if result.outcome is Outcome.FOUND and result.dossier:
            dispatcher.utter_message(
                text=build_answer(result.dossier), buttons=answer_buttons(result.dossier)
            )
            return _reset(failures)

        if result.outcome in (Outcome.NOT_FOUND, Outcome.INVALID):
            failures += 1
            if failures >= settings.max_lookup_failures:
                dispatcher.utter_message(
                    text="\n".join(
                        [
                            f"Không tìm thấy hồ sơ {code} với 4 số cuối điện thoại bạn "
                            "nhập. Bạn đã thử nhiều lần nên tôi dừng tra cứu ở đây. Bạn "
                            "có thể:",
                            *lookup_fallback_lines(settings.centre),
                        ]
                    ),
                    buttons=[{"title": "Gặp cán bộ", "payload": "/human_handoff"}],
                )
            else:
                dispatcher.utter_message(
                    text=f"Không tìm thấy hồ sơ {code} với 4 số cuối điện thoại bạn nhập. "
                    "Bạn kiểm tra lại mã trên phiếu tiếp nhận và số điện thoại đã khai "
                    "khi nộp hồ sơ, rồi nhập lại nhé.",
                    buttons=RETRY_BUTTONS,
                )
            return _reset(failures)

        if result.outcome is Outcome.RATE_LIMITED:
            # The service says why (this code, or this address) and when to retry.
            wait = {
                "code": code,
                "minutes": math.ceil((result.retry_after or 60) / 60),
                "ways": "\n".join(lookup_fallback_lines(settings.centre)),
            }
            if result.reason == CLIENT_LOCKED:
                dispatcher.utter_message(response="utter_lookup_client_locked", **wait)
            else:
                dispatcher.utter_message(response="utter_lookup_code_locked", **wait)
            return _reset(failures)

        logger.warning("dossier lookup unavailable: %s", result.reason)
        dispatcher.utter_message(
            text="\n".join(
                [
                    "Xin lỗi, hệ thống tra cứu hồ sơ đang gặp sự cố nên tôi chưa tra được "
                    "lúc này. Bạn có thể thử lại sau ít phút, hoặc:",
                    *lookup_fallback_lines(settings.centre),
                ]
            ),
            buttons=RETRY_BUTTONS,
        )
        return _reset(failures)
