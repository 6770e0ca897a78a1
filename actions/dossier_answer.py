"""Builds the Vietnamese answer about one dossier from the service's JSON.

Everything said here comes from the dossier itself or from domain/knowledge.md:
no deadline, fee or phone number is made up. The answer is the response
utter_dossier_answer (bot/domain/lookup.yml); the parts that depend on the dossier are
worded in actions/dossier_answer.yml.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List

from actions.wording import fill, wording
from dvc_common.statuses import load_statuses

RESPONSE = "utter_dossier_answer"


def _words() -> Dict[str, Any]:
    return wording("dossier_answer")


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
        return fill(_words()["money"], amount=f"{int(amount):,}".replace(",", "."))
    except (TypeError, ValueError):
        return ""


def next_steps(d: Dict[str, Any]) -> List[str]:
    """What this dossier's status means and what the citizen should do next.

    The meaning and the next step of each status come from dvc_common/statuses.yml;
    the dossier adds its own facts (date, note, amount, payment state, delivery).
    """
    words = _words()
    say = words["steps"]
    status = d.get("status")
    entry = load_statuses().statuses.get(status) if isinstance(status, int) else None
    note = (d.get("status_note") or "").strip()
    unit = d.get("receiving_unit") or words["receiving_unit"]
    due = format_date(d.get("due_at"))
    payment = d.get("payment")
    steps: List[str] = []
    if status in (3, 8):
        steps.append(fill(say["reason"], note=note) if note else fill(say["no_reason"]))
    elif status == 5 and note:
        steps.append(fill(say["supplement"], note=note))
    elif status == 6:
        amount = format_vnd(d.get("fee")) if d.get("fee") else ""
        steps.append(
            fill(
                say["financial"],
                amount=fill(say["financial_amount"], amount=amount) if amount else "",
                note=fill(say["financial_note"], note=note) if note else "",
            )
        )
    elif status in (2, 4) and entry:
        steps.append(fill(say["waiting"], meaning=entry.meaning, due=due))
    elif status == 9 and entry:
        delivery = words["delivery"].get(d.get("result_delivery") or "", "")
        steps.append(
            fill(
                say["result_ready"],
                meaning=entry.meaning,
                delivery=fill(say["result_delivery"], delivery=delivery) if delivery else "",
            )
        )
    elif status == 10:
        done = format_date(d.get("completed_at"))
        steps.append(
            fill(say["returned"], date=fill(say["returned_date"], date=done) if done else "")
        )
    elif entry:
        steps.append(entry.meaning)

    if status == 6 and payment == "dang_xac_nhan":
        steps.append(fill(say["payment_pending"], unit=unit))
    elif status == 6 and payment == "da_thanh_toan":
        steps.append(fill(say["payment_recorded"]))
    elif entry and status not in (2, 4, 9):
        steps.append(entry.todo.replace(words["receiving_unit"], unit))
    if d.get("overdue"):
        steps.append(fill(say["overdue"], due=due, unit=unit))
    return steps


def answer_values(d: Dict[str, Any]) -> Dict[str, str]:
    """The values of the response utter_dossier_answer for this dossier."""
    words = _words()
    fee = ""
    if d.get("fee"):
        payment = words["payment"].get(d.get("payment") or "", "")
        fee = fill(words["fee_line"], amount=format_vnd(d.get("fee")), payment=payment)
    return {
        "code": str(d.get("code", "")),
        "procedure": str(d.get("procedure_name", "")),
        "unit": str(d.get("receiving_unit", "")),
        "applicant": str(d.get("applicant_name_masked", "")),
        "submitted": format_date(d.get("submitted_at")),
        "due": format_date(d.get("due_at")),
        "status": str(d.get("status_label", "")),
        "overdue": words["overdue_flag"] if d.get("overdue") else "",
        "fee": fee,
        "steps": "".join("\n" + step for step in next_steps(d)),
    }


def answer_buttons(d: Dict[str, Any]) -> List[Dict[str, str]]:
    titles = _words()["buttons"]
    buttons: List[Dict[str, str]] = []
    status = d.get("status")
    if status == 5:
        buttons.append({"title": titles["supplement"], "payload": "/dossier_supplement"})
    if status == 6:
        if d.get("payment") == "dang_xac_nhan":
            buttons.append({"title": titles["payment_problem"], "payload": "/payment_problem"})
        else:
            buttons.append({"title": titles["payment_howto"], "payload": "/payment_howto"})
    if status == 9:
        buttons.append({"title": titles["result_delivery"], "payload": "/result_delivery"})
    buttons.append({"title": titles["other_dossier"], "payload": "/lookup_change_code"})
    buttons.append({"title": titles["handoff"], "payload": "/human_handoff"})
    return buttons
