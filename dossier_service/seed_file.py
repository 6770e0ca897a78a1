"""Loading and validation of the seed file (``spec/dossier-seed.md``).

Every problem is reported, one line each, naming the record (index and code) and the
field, e.g.::

    seed error: dossiers[3] (000.00.12.H56-251015-0042): due_at: must be after submitted_at

Leniency, where the contract leaves room:

* codes are accepted in lower case and stored upper case (the normalised form);
  uniqueness is checked on that form;
* ``completed_at`` and ``history[].at`` may omit the UTC offset (the contract only says
  "ISO 8601"); they then take ``submitted_at``'s offset. ``submitted_at`` and ``due_at``
  must carry one;
* a missing ``completed_at`` means null, a missing ``status_note`` or history ``note``
  means "";
* unknown extra keys are ignored.

(This module is ``seed_file``, apart from the data folder ``dossier_service/seed/``.)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .codes import code_problem, normalise_code
from .statuses import PAYMENT_VALUES, RESULT_DELIVERY_VALUES, STATUS_LABELS

_PHONE_RE = re.compile(r"0[0-9]{9}")
_ISO_RE = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]"
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?"
    r"(?P<offset>[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)
_REQUIRED_STRINGS = ("procedure_code", "procedure_name", "applicant_name", "receiving_unit")


@dataclass(frozen=True)
class HistoryRecord:
    at: dt.datetime
    status: int
    note: str


@dataclass(frozen=True)
class DossierRecord:
    """One validated dossier; datetimes are timezone-aware."""

    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    applicant_phone: str
    receiving_unit: str
    submitted_at: dt.datetime
    due_at: dt.datetime
    completed_at: dt.datetime | None
    status: int
    status_note: str
    result_delivery: str
    fee: int
    payment: str
    history: tuple[HistoryRecord, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SeedProblem:
    """One problem of a seed file. ``index`` is None for file-level problems."""

    source: str
    message: str
    index: int | None = None
    code: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        if self.index is None:
            where = self.source
        else:
            where = f"dossiers[{self.index}] ({self.code if self.code else 'no code'})"
        if self.field:
            return f"seed error: {where}: {self.field}: {self.message}"
        return f"seed error: {where}: {self.message}"


class SeedError(Exception):
    """The seed file cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[SeedProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def parse_iso_datetime(value: str) -> tuple[dt.datetime, bool]:
    """Parse an ISO 8601 date-time; returns (datetime, has_offset). ValueError if invalid.

    Accepts ``YYYY-MM-DDTHH:MM[:SS[.fff]]`` followed by ``Z``, ``±HH:MM``, ``±HHMM``,
    ``±HH`` or nothing.
    """
    match = _ISO_RE.fullmatch(value)
    if match is None:
        raise ValueError("not an ISO 8601 date-time")
    date = dt.date.fromisoformat(match.group("date"))
    fraction = (match.group("fraction") or "0")[:6].ljust(6, "0")
    offset_text = match.group("offset")
    tzinfo: dt.tzinfo | None = None
    if offset_text:
        if offset_text in ("Z", "z"):
            tzinfo = dt.timezone.utc
        else:
            sign = -1 if offset_text[0] == "-" else 1
            digits = offset_text[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:] or 0)
            if hours > 23 or minutes > 59:
                raise ValueError("invalid UTC offset")
            tzinfo = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    parsed = dt.datetime(
        date.year,
        date.month,
        date.day,
        int(match.group("hour")),
        int(match.group("minute")),
        int(match.group("second") or 0),
        int(fraction),
        tzinfo=tzinfo,
    )
    return parsed, tzinfo is not None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "list",
        dict: "object",
    }.get(type(value), type(value).__name__)


class _RecordValidator:
    """Validates one dossier record, collecting every problem."""

    def __init__(self, source: str, index: int, raw: dict[str, Any]):
        self.source = source
        self.index = index
        self.raw = raw
        code = raw.get("code")
        self.label = code if isinstance(code, str) else None
        self.problems: list[SeedProblem] = []

    def problem(self, field_name: str, message: str) -> None:
        self.problems.append(SeedProblem(self.source, message, self.index, self.label, field_name))

    def string(self, name: str, *, required: bool = True, non_empty: bool = True) -> str | None:
        if name not in self.raw:
            if required:
                self.problem(name, "missing")
            return None if required else ""
        value = self.raw[name]
        if not isinstance(value, str):
            self.problem(name, f"must be a string, not {_type_name(value)}")
            return None
        if non_empty and not value.strip():
            self.problem(name, "must not be empty")
            return None
        return value

    def status(self, value: Any, name: str) -> int | None:
        if not _is_int(value):
            self.problem(name, f"must be an integer 1 to 10, not {_type_name(value)}")
            return None
        if value not in STATUS_LABELS:
            self.problem(name, f"must be an integer 1 to 10, not {value}")
            return None
        return value

    def datetime(
        self, value: Any, name: str, *, need_offset: bool, default_tz: dt.tzinfo | None
    ) -> dt.datetime | None:
        if not isinstance(value, str):
            self.problem(name, f"must be an ISO 8601 date-time string, not {_type_name(value)}")
            return None
        try:
            parsed, has_offset = parse_iso_datetime(value.strip())
        except ValueError as exc:
            example = "2025-10-15T09:12:00+07:00"
            self.problem(name, f"{exc}: {value!r} (expected e.g. {example})")
            return None
        if not has_offset:
            if need_offset:
                self.problem(name, f"must include a UTC offset, e.g. +07:00: {value!r}")
                return None
            if default_tz is None:
                return None  # submitted_at is invalid, already reported
            parsed = parsed.replace(tzinfo=default_tz)
        return parsed

    def validate(self) -> DossierRecord | None:
        raw = self.raw

        code: str | None = None
        if "code" not in raw:
            self.problem("code", "missing")
        elif not isinstance(raw["code"], str):
            self.problem("code", f"must be a string, not {_type_name(raw['code'])}")
        else:
            candidate = raw["code"].upper()
            if normalise_code(candidate) != candidate:
                reason: str | None = (
                    "must be written in canonical form (no spaces, upper case, digits for zeros)"
                )
            else:
                reason = code_problem(candidate)
            if reason:
                self.problem("code", reason)
            else:
                code = candidate

        strings = {name: self.string(name) for name in _REQUIRED_STRINGS}

        phone = self.string("applicant_phone")
        if phone is not None and not _PHONE_RE.fullmatch(phone):
            self.problem("applicant_phone", "must be 10 digits starting with 0")
            phone = None

        submitted = due = None
        for name in ("submitted_at", "due_at"):
            if name not in raw:
                self.problem(name, "missing")
                continue
            value = self.datetime(raw[name], name, need_offset=True, default_tz=None)
            if name == "submitted_at":
                submitted = value
            else:
                due = value
        if submitted is not None and due is not None and not due > submitted:
            self.problem("due_at", "must be after submitted_at")
        default_tz = submitted.tzinfo if submitted is not None else None

        completed: dt.datetime | None = None
        completed_ok = True
        if raw.get("completed_at") is not None:
            completed = self.datetime(
                raw["completed_at"], "completed_at", need_offset=False, default_tz=default_tz
            )
            completed_ok = completed is not None

        status = None
        if "status" not in raw:
            self.problem("status", "missing")
        else:
            status = self.status(raw["status"], "status")

        status_note = self.string("status_note", required=False, non_empty=False)

        result_delivery = self.enum("result_delivery", RESULT_DELIVERY_VALUES)
        payment = self.enum("payment", PAYMENT_VALUES)

        fee = None
        if "fee" not in raw:
            self.problem("fee", "missing")
        elif not _is_int(raw["fee"]) or raw["fee"] < 0:
            self.problem("fee", f"must be a non-negative integer (VND), not {raw['fee']!r}")
        else:
            fee = raw["fee"]

        history = self.history(default_tz)

        if self.problems or not completed_ok:
            return None
        assert code is not None and phone is not None and submitted is not None and due is not None
        assert status is not None and fee is not None and history is not None
        return DossierRecord(
            code=code,
            procedure_code=strings["procedure_code"] or "",
            procedure_name=strings["procedure_name"] or "",
            applicant_name=strings["applicant_name"] or "",
            applicant_phone=phone,
            receiving_unit=strings["receiving_unit"] or "",
            submitted_at=submitted,
            due_at=due,
            completed_at=completed,
            status=status,
            status_note=status_note or "",
            result_delivery=result_delivery or "",
            fee=fee,
            payment=payment or "",
            history=history,
        )

    def enum(self, name: str, allowed: tuple[str, ...]) -> str | None:
        if name not in self.raw:
            self.problem(name, "missing")
            return None
        value = self.raw[name]
        if value not in allowed or not isinstance(value, str):
            self.problem(name, f"must be one of {', '.join(allowed)}, not {value!r}")
            return None
        return value

    def history(self, default_tz: dt.tzinfo | None) -> tuple[HistoryRecord, ...] | None:
        if "history" not in self.raw:
            self.problem("history", "missing")
            return None
        entries = self.raw["history"]
        if not isinstance(entries, list):
            self.problem("history", f"must be a list, not {_type_name(entries)}")
            return None
        result: list[HistoryRecord] = []
        ok = True
        previous: dt.datetime | None = None
        for i, entry in enumerate(entries):
            name = f"history[{i}]"
            if not isinstance(entry, dict):
                self.problem(
                    name, f"must be an object {{at, status, note}}, not {_type_name(entry)}"
                )
                ok = False
                continue
            at = None
            if "at" not in entry:
                self.problem(f"{name}.at", "missing")
            else:
                at = self.datetime(
                    entry["at"], f"{name}.at", need_offset=False, default_tz=default_tz
                )
            status = None
            if "status" not in entry:
                self.problem(f"{name}.status", "missing")
            else:
                status = self.status(entry["status"], f"{name}.status")
            note = entry.get("note", "")
            if not isinstance(note, str):
                self.problem(f"{name}.note", f"must be a string, not {_type_name(note)}")
                note = None
            if at is None or status is None or note is None:
                ok = False
                previous = None
                continue
            if previous is not None and at < previous:
                self.problem(
                    f"{name}.at", f"must not be earlier than history[{i - 1}].at (oldest first)"
                )
                ok = False
            previous = at
            result.append(HistoryRecord(at=at, status=status, note=note))
        return tuple(result) if ok else None


def validate_seed_data(
    data: Any, source: str = "seed"
) -> tuple[list[DossierRecord], list[SeedProblem]]:
    """Validate parsed JSON; returns the records and the problems (empty when valid)."""
    if not isinstance(data, dict):
        return [], [
            SeedProblem(
                source, f'top level must be an object {{"dossiers": [...]}}, not {_type_name(data)}'
            )
        ]
    if "dossiers" not in data:
        return [], [SeedProblem(source, 'missing top-level key "dossiers"')]
    dossiers = data["dossiers"]
    if not isinstance(dossiers, list):
        return [], [SeedProblem(source, f'"dossiers" must be a list, not {_type_name(dossiers)}')]

    records: list[DossierRecord] = []
    problems: list[SeedProblem] = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(dossiers):
        if not isinstance(raw, dict):
            problems.append(SeedProblem(source, f"must be an object, not {_type_name(raw)}", index))
            continue
        validator = _RecordValidator(source, index, raw)
        record = validator.validate()
        problems.extend(validator.problems)
        code = raw.get("code")
        if isinstance(code, str) and code_problem(code.upper()) is None:
            key = code.upper()
            if key in first_index:
                problems.append(
                    SeedProblem(
                        source,
                        f"duplicate code, already used by dossiers[{first_index[key]}]",
                        index,
                        code,
                        "code",
                    )
                )
                continue
            first_index[key] = index
        if record is not None:
            records.append(record)
    return records, problems


def load_seed(path: str | Path) -> list[DossierRecord]:
    """Read and validate a seed file; raises SeedError listing every problem."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SeedError([SeedProblem(source, "file not found")]) from None
    except IsADirectoryError:
        raise SeedError([SeedProblem(source, "is a directory, not a file")]) from None
    except UnicodeDecodeError as exc:
        raise SeedError(
            [SeedProblem(source, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
        ) from None
    except OSError as exc:
        raise SeedError([SeedProblem(source, f"cannot be read: {exc.strerror or exc}")]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SeedError(
            [
                SeedProblem(
                    source, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
                )
            ]
        ) from None
    records, problems = validate_seed_data(data, source)
    if problems:
        raise SeedError(problems)
    return records
