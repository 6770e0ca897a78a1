"""The one client of the dossier-status service.

It never raises: every call returns a ``LookupResult`` whose ``outcome`` says what
happened, so the actions can answer each case in Vietnamese. Each HTTP call has a
timeout; callers run it in a thread (``lookup_async``) so that a slow service never
blocks the action server's event loop.

One client per action-server process (``shared_client``), so its HTTP connections are
reused. The citizen's address, which the chat channel puts in the message metadata as
``client_ip``, is passed on as ``X-Forwarded-For``: the action server is a trusted proxy
of the service (``TRUSTED_PROXIES``), which limits failed look-ups per address.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import ipaddress
import logging
from dataclasses import dataclass
from typing import Any, Dict, Mapping

import requests
from requests.adapters import HTTPAdapter

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


#: Why the service refused a look-up with 429 (``LookupResult.reason``).
CODE_LOCKED = "code_locked"
CLIENT_LOCKED = "client_locked"

#: Parallel look-ups one action server may have in flight to the service.
POOL_SIZE = 16


class DossierClient:
    def __init__(
        self,
        base_url: str,
        timeout: float = 3.0,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        if session is None:
            session = requests.Session()
            session.trust_env = False  # the service is internal: no proxy from the environment
            adapter = HTTPAdapter(pool_connections=1, pool_maxsize=POOL_SIZE)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
        self.session = session

    def lookup(self, code: str, phone_last4: str, client_ip: str | None = None) -> LookupResult:
        """Look a dossier up by its code and the last 4 digits of the phone, on behalf
        of the citizen at ``client_ip`` (None when the channel does not know it)."""
        headers = {"X-Forwarded-For": client_ip} if client_ip else {}
        try:
            response = self.session.post(
                f"{self.base_url}/api/v1/dossiers/lookup",
                json={"code": code, "phone_last4": phone_last4},
                headers=headers,
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            logger.warning("dossier service unreachable: %s", type(exc).__name__)
            return LookupResult(Outcome.UNAVAILABLE, reason=type(exc).__name__)

        status = response.status_code
        if status == 404:
            return LookupResult(Outcome.NOT_FOUND)
        if status == 429:
            reason = _json_field(response, "reason")
            return LookupResult(
                Outcome.RATE_LIMITED,
                retry_after=_retry_after(response),
                reason=CLIENT_LOCKED if reason == CLIENT_LOCKED else CODE_LOCKED,
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

    async def lookup_async(
        self, code: str, phone_last4: str, client_ip: str | None = None
    ) -> LookupResult:
        """``lookup`` in a worker thread, with a hard cap a little above the timeout."""
        try:
            return await asyncio.wait_for(
                asyncio.to_thread(self.lookup, code, phone_last4, client_ip),
                timeout=self.timeout + 1.0,
            )
        except asyncio.TimeoutError:
            logger.warning("dossier service call exceeded %.1fs", self.timeout + 1.0)
            return LookupResult(Outcome.UNAVAILABLE, reason="timeout")


@functools.lru_cache(maxsize=4)
def shared_client(base_url: str, timeout: float) -> DossierClient:
    """The process's client for this service URL and timeout, built on first use."""
    return DossierClient(base_url, timeout)


def client_ip_of(latest_message: Mapping[str, Any] | None) -> str | None:
    """The citizen's address from a user message's metadata (``client_ip``, set by the
    chat channel), or None when absent or not an IP address."""
    metadata = (latest_message or {}).get("metadata") or {}
    raw = metadata.get("client_ip") if isinstance(metadata, Mapping) else None
    if not isinstance(raw, str):
        return None
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None


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
