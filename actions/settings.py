"""Action server configuration, from the environment (``.env`` read by python-dotenv)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from dotenv import load_dotenv

from dvc_common.facts import fact

load_dotenv()

PORTAL_LOOKUP_URL = fact("portal_lookup_url")
PORTAL_HOTLINE = fact("portal_hotline")
MPS_HOTLINE = fact("mps_hotline")


def _float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Centre:
    """The commune Public Administration Service Centre running the assistant.

    Left empty, the assistant says it does not know and points to official channels,
    instead of inventing an address or a phone number.
    """

    name: str = "Trung tâm Phục vụ hành chính công xã"
    address: str | None = None
    hours: str | None = None
    phone: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class Settings:
    dossier_service_url: str
    dossier_timeout: float
    max_lookup_failures: int
    max_invalid_inputs: int
    centre: Centre = field(default_factory=Centre)


def load_settings() -> Settings:
    port = os.environ.get("DOSSIER_SERVICE_PORT", "8001")
    url = os.environ.get("DOSSIER_SERVICE_URL") or f"http://127.0.0.1:{port}"
    return Settings(
        dossier_service_url=url.rstrip("/"),
        # The spec allows at most 3 s for one call to the dossier service.
        dossier_timeout=min(_float("DOSSIER_SERVICE_TIMEOUT", 3.0), 3.0),
        max_lookup_failures=int(_float("LOOKUP_MAX_FAILURES", 3)),
        max_invalid_inputs=int(_float("FORM_MAX_INVALID_INPUTS", 3)),
        centre=Centre(
            name=os.environ.get("CENTRE_NAME") or Centre.name,
            address=os.environ.get("CENTRE_ADDRESS") or None,
            hours=os.environ.get("CENTRE_HOURS") or None,
            phone=os.environ.get("CENTRE_PHONE") or None,
            website=os.environ.get("CENTRE_WEBSITE") or None,
        ),
    )
