"""How many guesses the dossier service's limits leave an attacker, and how long an owner
can be kept waiting: an attacker who guesses the moment the limits allow, simulated
against the service's own limit code (dossier_service/ratelimit.py) and database schema,
with the default settings. SECURITY.md quotes these numbers.

    python scripts/guessing_budget.py          # prints the table (Markdown)

The second factor is the last 4 digits of a phone number: 10,000 possibilities, so a
targeted guesser needs 5,000.5 guesses on average (each wrong pair is not tried again).
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dossier_service.ratelimit import SCHEMA, LimitPolicy, LookupLimits  # noqa: E402

DAY = 86400.0
PAIRS = 10_000
MEAN_GUESSES = (PAIRS + 1) / 2
#: Seconds between two guesses of a fast attacker when nothing stops it.
STEP = 0.1


@dataclass(frozen=True)
class Budget:
    per_code_per_day: float  # guesses at one code, any number of addresses
    per_address_per_day: float  # guesses from one address, any codes
    longest_owner_wait: float  # seconds an owner with the right pair can be refused


def _limits(policy: LimitPolicy) -> tuple[LookupLimits, sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    return LookupLimits(policy), conn


def _guesses(policy: LimitPolicy, days: float, *, one_code: bool) -> tuple[int, float]:
    """Accepted wrong guesses in ``days``; the longest refusal met."""
    limits, conn = _limits(policy)
    now, accepted, longest, n = 0.0, 0, 0.0, 0
    while now < days * DAY:
        code = "000.00.12.H56-261015-0042" if one_code else f"000.00.12.H56-261015-{n % 10_000:04d}"
        # One code from ever-new addresses, or ever-new codes from one address.
        client = f"client-{n}" if one_code else "attacker"
        n += 1
        with limits.attempt(conn, code, client, now) as attempt:
            refusal = attempt.refusal()
            if refusal is None:
                attempt.failed()
        if refusal is None:
            accepted += 1
            now += STEP
        else:
            longest = max(longest, refusal.retry_after)
            now += refusal.retry_after
    return accepted, longest


def budget(policy: LimitPolicy, days: float = 30) -> Budget:
    per_code, longest = _guesses(policy, days, one_code=True)
    per_address, _ = _guesses(policy, days, one_code=False)
    return Budget(per_code / days, per_address / days, longest)


def report(policy: LimitPolicy | None = None) -> str:
    policy = policy or LimitPolicy()
    b = budget(policy)
    days_to_half = (PAIRS / 2) / b.per_code_per_day
    found_per_day = b.per_address_per_day / PAIRS
    return "\n".join(
        [
            "| with the default limits | value |",
            "|---|---|",
            "| guesses at one code per day, from any number of addresses "
            f"| {b.per_code_per_day:.0f} |",
            "| chance to find one given dossier's 4 digits in a day "
            f"| {b.per_code_per_day / PAIRS:.1%} |",
            f"| days until an even chance for one given dossier | {days_to_half:.0f} |",
            f"| guesses from one address per day, across codes | {b.per_address_per_day:.0f} |",
            f"| dossiers one address finds per day, even knowing valid codes | {found_per_day:.3f} "
            f"(one per {1 / found_per_day:.0f} days) |",
            "| longest an owner with the right pair waits, during an attack "
            f"| {b.longest_owner_wait / 60:.0f} min |",
            f"| an owner's own {policy.max_failures - 1} typos | no wait |",
        ]
    )


if __name__ == "__main__":
    print(report())
