"""Request and response models of the HTTP API."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from .codes import code_problem, normalise_code

_LAST4_RE = re.compile(r"[0-9]{4}")

EXAMPLE_CODE = "000.00.12.H56-261015-0042"


def _valid_code(value: str) -> str:
    code = normalise_code(value)
    reason = code_problem(code)
    if reason:
        raise ValueError(reason)
    return code


def _valid_last4(value: str) -> str:
    value = value.strip()
    if not _LAST4_RE.fullmatch(value):
        raise ValueError("must be exactly 4 digits")
    return value


class LookupRequest(BaseModel):
    """A dossier look-up: the code and the second factor."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"code": EXAMPLE_CODE, "phone_last4": "5678"}]}
    )

    code: Annotated[str, Field(max_length=100), AfterValidator(_valid_code)] = Field(
        description=(
            "Dossier code UNIT-YYMMDD-NNNN. Normalised before use: surrounding and inner "
            "whitespace removed, upper-cased (so ' 000.00.12.h56 - 261015 - 0042 ' works)."
        ),
    )
    phone_last4: Annotated[str, Field(max_length=20), AfterValidator(_valid_last4)] = Field(
        description="Last 4 digits of the phone number registered with the dossier, as a string.",
    )


class HistoryItem(BaseModel):
    at: dt.datetime
    status: int = Field(ge=1, le=10)
    status_label: str
    note: str


class DossierStatus(BaseModel):
    """What a successful look-up returns. Never includes the phone number or the full name."""

    code: str = Field(examples=[EXAMPLE_CODE])
    procedure_code: str = Field(examples=["1.001193"])
    procedure_name: str = Field(examples=["Đăng ký khai sinh"])
    applicant_name_masked: str = Field(
        description="First letter of each word kept, the rest replaced by '*'.",
        examples=["L* T** H**"],
    )
    receiving_unit: str
    submitted_at: dt.datetime
    due_at: dt.datetime
    completed_at: dt.datetime | None
    status: int = Field(ge=1, le=10, description="The portal's status code, 1 to 10.")
    status_label: str = Field(examples=["Yêu cầu bổ sung giấy tờ"])
    status_note: str = Field(
        description="What the citizen must do (documents to add, amount to pay); may be empty."
    )
    overdue: bool = Field(description="due_at has passed and status is 1, 2, 4, 5 or 6 (quá hạn).")
    result_delivery: Literal["truc_tuyen", "buu_chinh", "truc_tiep"]
    fee: int = Field(ge=0, description="VND; 0 when free.")
    payment: Literal["khong_thu_phi", "chua_thanh_toan", "dang_xac_nhan", "da_thanh_toan"]
    history: list[HistoryItem] = Field(description="Oldest first.")


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    dossiers: int = Field(description="Number of dossiers loaded from the seed file.")


class InvalidInputError(BaseModel):
    error: Literal["invalid_input"] = "invalid_input"
    field: str = Field(examples=["phone_last4"], description='The offending field, or "body".')
    reason: str = Field(examples=["must be exactly 4 digits"])


class NotFoundError(BaseModel):
    """Same body for an unknown code and for a wrong code/phone pair."""

    error: Literal["not_found"] = "not_found"


class TooManyAttemptsError(BaseModel):
    error: Literal["too_many_attempts"] = "too_many_attempts"
    reason: Literal["code_locked", "client_locked"] = Field(
        description=(
            "code_locked: this code had too many failed look-ups (short, growing lock); "
            "client_locked: too many failed look-ups from this client address."
        ),
        examples=["code_locked"],
    )
    retry_after: int = Field(
        description="Seconds until a look-up may be tried again.", examples=[60]
    )


class ErrorBody(BaseModel):
    """Other errors: unknown path, wrong method, internal error."""

    error: str = Field(examples=["internal_error"])
