"""The guessing budget SECURITY.md quotes is the one the limits give (scripts/guessing_budget.py
simulates an attacker against dossier_service/ratelimit.py)."""

from __future__ import annotations

import re
from pathlib import Path

from dossier_service.ratelimit import LimitPolicy
from scripts.guessing_budget import DAY, budget, report

SECURITY_MD = Path(__file__).resolve().parents[2] / "SECURITY.md"


def test_security_md_quotes_the_simulated_numbers():
    table = re.search(
        r"<!-- guessing-budget:start -->\n(.*?)\n<!-- guessing-budget:end -->",
        SECURITY_MD.read_text(encoding="utf-8"),
        re.S,
    )
    assert table, "SECURITY.md lost its guessing-budget table"
    assert table.group(1) == report(), (
        "run `python scripts/guessing_budget.py` and update SECURITY.md"
    )


def test_default_limits_bound_guessing_and_the_owners_wait():
    b = budget(LimitPolicy(), days=7)
    assert b.per_code_per_day <= 110  # about 1% of the 10,000 pairs a day
    assert b.per_address_per_day <= 24 * 20
    assert b.longest_owner_wait <= 900


def test_the_budget_follows_the_policy():
    # A longer lock cap means fewer guesses: the simulation runs the real limit code.
    short = budget(LimitPolicy(max_lock_seconds=300), days=2)
    long = budget(LimitPolicy(max_lock_seconds=3600), days=2)
    assert long.per_code_per_day < short.per_code_per_day
    assert short.per_code_per_day > DAY / 300 * 0.9
