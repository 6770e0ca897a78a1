"""Action server configuration, from the environment (``.env`` read by python-dotenv).

Every value is validated by a pydantic settings class: a bad one (``DOSSIER_SERVICE_
TIMEOUT=abc``) raises ``SettingsError`` naming the variable, the value and what is
expected. The action server checks them when its actions are imported
(``actions/__init__.py``) and ``make run`` before it starts anything
(``scripts/stack.py``), so a typo stops start-up instead of turning into a default.
An empty variable counts as unset.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Dict, Mapping

from dotenv import load_dotenv
from pydantic import BaseSettings, Field, ValidationError, root_validator, validator

from actions.wording import wording

load_dotenv()

#: The spec allows at most 3 s for one call to the dossier service.
MAX_DOSSIER_TIMEOUT = 3.0


class SettingsError(ValueError):
    """A setting of the environment is invalid; the message names the variable."""


class _Environment(BaseSettings):
    """The variables the actions read, with their types and bounds."""

    dossier_service_port: int = Field(8001, env="DOSSIER_SERVICE_PORT", ge=1, le=65535)
    dossier_service_url: str = Field("", env="DOSSIER_SERVICE_URL")
    dossier_service_timeout: float = Field(MAX_DOSSIER_TIMEOUT, env="DOSSIER_SERVICE_TIMEOUT", gt=0)
    lookup_max_failures: int = Field(3, env="LOOKUP_MAX_FAILURES", ge=1)
    form_max_invalid_inputs: int = Field(3, env="FORM_MAX_INVALID_INPUTS", ge=1)
    centre_name: str = Field("", env="CENTRE_NAME")
    centre_address: str = Field("", env="CENTRE_ADDRESS")
    centre_hours: str = Field("", env="CENTRE_HOURS")
    centre_phone: str = Field("", env="CENTRE_PHONE")
    centre_website: str = Field("", env="CENTRE_WEBSITE")

    class Config:
        case_sensitive = True
        extra = "ignore"

        @classmethod
        def customise_sources(
            cls, init_settings: Any, env_settings: Any, file_secret_settings: Any
        ) -> Any:
            # load_settings() passes the variables in: one source, the one it was given.
            return (init_settings,)

    @root_validator(pre=True)
    def _empty_is_unset(cls, values: Dict[str, Any]) -> Dict[str, Any]:  # noqa: N805
        return {k: v for k, v in values.items() if not (isinstance(v, str) and not v.strip())}

    @validator("dossier_service_url")
    def _http_url(cls, value: str) -> str:  # noqa: N805
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")


@dataclass(frozen=True)
class Centre:
    """The commune Public Administration Service Centre running the assistant.

    Left empty, the assistant says it does not know and points to official channels,
    instead of inventing an address or a phone number.
    """

    name: str = wording("contacts")["default_centre_name"]
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


def _variable(field_name: str) -> str:
    return str(_Environment.__fields__[field_name].field_info.extra.get("env", field_name))


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings from ``environ`` (default: the process environment).

    Raises ``SettingsError`` naming every invalid variable.
    """
    source = os.environ if environ is None else environ
    names = {_variable(name) for name in _Environment.__fields__}
    try:
        env = _Environment.parse_obj({_field(n): source[n] for n in names if n in source})
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = _variable(str(error["loc"][0])) if error["loc"] else "settings"
            problems.append(f"{name}={source.get(name, '')!r}: {error['msg']}")
        raise SettingsError("invalid setting: " + "; ".join(problems)) from None
    url = env.dossier_service_url or f"http://127.0.0.1:{env.dossier_service_port}"
    return Settings(
        dossier_service_url=url,
        dossier_timeout=min(env.dossier_service_timeout, MAX_DOSSIER_TIMEOUT),
        max_lookup_failures=env.lookup_max_failures,
        max_invalid_inputs=env.form_max_invalid_inputs,
        centre=Centre(
            name=env.centre_name or Centre.name,
            address=env.centre_address or None,
            hours=env.centre_hours or None,
            phone=env.centre_phone or None,
            website=env.centre_website or None,
        ),
    )


def _field(variable: str) -> str:
    return next(name for name in _Environment.__fields__ if _variable(name) == variable)
