"""The dossier looked up last in a conversation, kept for the questions that follow.

Only non-personal details are kept (code, procedure, receiving unit, status, dates,
overdue flag, the status note and how the result is returned); never the applicant's
name or phone number.
"""

from __future__ import annotations

from typing import Any, Dict

from actions.dossier_answer import format_date
from actions.wording import fill, wording
from dvc_common.statuses import load_statuses

SLOT = "last_dossier"
FLAG_SLOT = "dossier_in_context"
KEPT = (
    "code",
    "procedure_name",
    "receiving_unit",
    "status",
    "status_label",
    "status_note",
    "submitted_at",
    "due_at",
    "completed_at",
    "overdue",
    "result_delivery",
)


def context_of(dossier: Dict[str, Any]) -> Dict[str, Any]:
    """The part of the service's answer the conversation may remember."""
    return {key: dossier.get(key) for key in KEPT}


def facts(context: Dict[str, Any]) -> Dict[str, str]:
    """Template variables of the follow-up answers (bot/domain/lookup.yml)."""
    words = wording("dossier_answer")
    book = load_statuses()
    status = book.statuses.get(int(context.get("status") or 0))
    note = (context.get("status_note") or "").strip()
    return {
        "code": context.get("code") or "",
        "procedure": context.get("procedure_name") or "",
        "unit": context.get("receiving_unit") or "",
        "due": format_date(context.get("due_at")),
        "status": context.get("status_label") or (status.label if status else ""),
        "overdue": words["overdue_flag"] if context.get("overdue") else "",
        "meaning": status.meaning if status else "",
        "todo": status.todo if status else "",
        "note": fill(words["context_note"], note=note) if note else "",
    }


def in_progress(context: Dict[str, Any]) -> bool:
    """Still waiting for a decision (the statuses that can be overdue)."""
    return int(context.get("status") or 0) in load_statuses().overdue
