"""The one client of the dossier-status service.

It never raises: every call returns a ``LookupResult`` whose ``outcome`` says what
happened, so the actions can answer each case in Vietnamese. Each HTTP call has a
timeout; callers run it in a thread (``lookup_async``) so that a slow service never
blocks the action server's event loop.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from dataclasses import dataclass
from typing import Any, Dict

import requests

logger = logging.getLogger(__name__)

REQUIRED_FIELDS = (
    "code",
    "procedure_name",
    "receiving_unit",
    "status",
    "status_label",
    "submitted_at",
    "due_at",
    "overdue",
    "applicant_name_masked",
)


class Outcome(enum.Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    RATE_LIMITED = "rate_limited"
    INVALID = "invalid"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class LookupResult:
    outcome: Outcome
    dossier: Dict[str, Any] | None = None
    retry_after: int | None = None
    reason: str = ""


class DossierClient:
    def __init__(
        self,
        base_url: str,
        timeout: float = 3.0,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()

    def lookup(self, code: str, phone_last4: str) -> LookupResult:
        """Look a dossier up by its code and the last 4 digits of the phone."""
        try:
            response = self.session.post(
                f"{self.base_url}/api/v1/dossiers/lookup",
                json={"code": code, "phone_last4": phone_last4},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            logger.warning("dossier service unreachable: %s", type(exc).__name__)
            return LookupResult(Outcome.UNAVAILABLE, reason=type(exc).__name__)

        status = response.status_code
        if status == 404:
            return LookupResult(Outcome.NOT_FOUND)
        if status == 429:
            return LookupResult(
                Outcome.RATE_LIMITED, retry_after=_retry_after(response)
            )
        if status == 400:
            return LookupResult(Outcome.INVALID, reason=_json_field(response, "field"))
        if status != 200:
            logger.warning("dossier service answered HTTP %s", status)
            return LookupResult(Outcome.UNAVAILABLE, reason=f"http_{status}")
        try:
            body = response.json()
        except ValueError:
            logger.warning("dossier service answered a body that is not JSON")
            return LookupResult(Outcome.UNAVAILABLE, reason="not_json")
        if not isinstance(body, dict) or any(f not in body for f in REQUIRED_FIELDS):
            logger.warning("dossier service answered an unexpected JSON shape")
            return LookupResult(Outcome.UNAVAILABLE, reason="bad_shape")
        return LookupResult(Outcome.FOUND, dossier=body)

    async def lookup_async(self, code: str, phone_last4: str) -> LookupResult:
        """``lookup`` in a worker thread, with a hard cap a little above the timeout."""
        try:
            return await asyncio.wait_for(
                asyncio.to_thread(self.lookup, code, phone_last4),
                timeout=self.timeout + 1.0,
            )
        except asyncio.TimeoutError:
            logger.warning("dossier service call exceeded %.1fs", self.timeout + 1.0)
            return LookupResult(Outcome.UNAVAILABLE, reason="timeout")


def _json_field(response: requests.Response, name: str) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get(name, "")) if isinstance(body, dict) else ""


def _retry_after(response: requests.Response) -> int:
    for raw in (response.headers.get("Retry-After"), _json_field(response, "retry_after")):
        try:
            return max(1, int(float(raw)))
        except (TypeError, ValueError):
            continue
    return 60
