"""Abuse limits of POST /api/v1/dossiers/lookup: per-code back-off, per-client window,
X-Forwarded-For from trusted proxies only, persistence across restarts (TestClient with a
pinned clock; the real-process tests are in test_dossier_limits_process.py)."""

from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient

from dossier_service.clients import client_address, client_key, parse_networks
from dossier_service.ratelimit import LimitPolicy

URL = "/api/v1/dossiers/lookup"
CODE = "000.00.12.H56-261015-0042"  # right digits: 5678
OTHER = "000.00.13.H56-261119-0135"
UNKNOWN = "000.00.99.H56-261015-0001"


def lookup(client, code=CODE, last4="5678", headers=None):
    return client.post(URL, json={"code": code, "phone_last4": last4}, headers=headers)


def fail(client, times, code=CODE, headers=None):
    for _ in range(times):
        assert lookup(client, code, "0000", headers).status_code == 404


# The back-off schedule.


def test_policy_backs_off_exponentially_up_to_the_cap():
    policy = LimitPolicy(max_failures=5, lock_seconds=60, max_lock_seconds=900)
    assert [policy.lock_after(n) for n in range(1, 11)] == [0, 0, 0, 0, 60, 120, 240, 480, 900, 900]
    assert policy.lock_after(10_000) == 900


@pytest.mark.parametrize(
    "kwargs", [{"max_failures": 0}, {"lock_seconds": 0}, {"client_window_seconds": -1}]
)
def test_policy_refuses_nonsense(kwargs):
    with pytest.raises(ValueError):
        LimitPolicy(**kwargs)


# Per code.


def test_lock_refuses_even_the_right_digits_and_says_why_and_when(make_client):
    client = make_client(max_failures=3, lock=60)
    fail(client, 3)
    response = lookup(client)
    assert response.status_code == 429
    assert response.json() == {
        "error": "too_many_attempts",
        "reason": "code_locked",
        "retry_after": 60,
    }
    assert response.headers["retry-after"] == "60"


def test_failures_before_the_limit_do_not_lock(make_client):
    client = make_client(max_failures=3)
    fail(client, 2)
    assert lookup(client).status_code == 200


def test_lock_doubles_with_each_failure_and_is_capped(make_client, clock):
    client = make_client(max_failures=2, lock=60, max_lock=300)
    fail(client, 2)
    seen = []
    for _ in range(5):
        retry = lookup(client, last4="0000").json()["retry_after"]
        seen.append(retry)
        clock.advance(retry)
        fail(client, 1)
    assert seen == [60, 120, 240, 300, 300]


def test_owner_waits_at_most_the_cap_then_gets_in_and_clears_the_failures(make_client, clock):
    client = make_client(max_failures=5, lock=60, max_lock=900)
    for _ in range(30):  # a long guessing run at this code, each guess as early as allowed
        response = lookup(client, last4="0000")
        if response.status_code == 429:
            assert response.json()["retry_after"] <= 900
            clock.advance(response.json()["retry_after"])
    fail(client, 1)
    assert lookup(client).json()["retry_after"] == 900  # the owner arrives: at most 15 min
    clock.advance(900)
    assert lookup(client).status_code == 200  # the owner, with the right pair
    fail(client, 4)  # a success cleared the count: typos are free again
    assert lookup(client).status_code == 200


def test_locked_attempts_are_not_counted_and_do_not_extend_the_lock(make_client, clock):
    client = make_client(max_failures=2, lock=60)
    fail(client, 2)
    for _ in range(10):
        clock.advance(5)
        assert lookup(client, last4="0000").status_code == 429
    clock.advance(10)  # t=60
    assert lookup(client).status_code == 200


def test_failures_are_forgotten_after_the_window_without_a_new_one(make_client, clock):
    client = make_client(max_failures=3, window=3600, lock=60)
    fail(client, 2)
    clock.advance(3600)
    fail(client, 2)  # counts from 1 again: no lock yet
    assert lookup(client).status_code == 200


def test_lock_is_per_normalised_code(make_client):
    client = make_client(max_failures=2)
    lookup(client, CODE.lower(), "0000")
    lookup(client, f" {CODE.replace('-', ' - ')} ", "0001")
    assert lookup(client).json()["reason"] == "code_locked"
    assert lookup(client, OTHER, "0000").status_code == 404  # other codes are not locked


def test_unknown_codes_are_locked_the_same_way(make_client):
    client = make_client(max_failures=2)
    fail(client, 2, UNKNOWN)
    response = lookup(client, UNKNOWN)
    assert response.status_code == 429 and response.json()["reason"] == "code_locked"


def test_fractional_retry_after_is_rounded_up(make_client, clock):
    client = make_client(max_failures=1, lock=60)
    fail(client, 1)
    clock.advance(0.25)
    assert lookup(client).json()["retry_after"] == 60


def test_invalid_input_is_not_counted(make_client):
    client = make_client(max_failures=1, client_max_failures=1)
    for _ in range(3):
        assert lookup(client, last4="12").status_code == 400
    assert lookup(client).status_code == 200


# Per client.


def codes(n):
    """n distinct well-formed codes (unknown to the demo seed)."""
    return [f"000.00.77.H56-261015-{i:04d}" for i in range(n)]


def test_client_limit_spans_codes(make_client):
    client = make_client(client_max_failures=5, client_window=600)
    for code in codes(5):
        assert lookup(client, code, "0000").status_code == 404
    response = lookup(client)  # a different code, the right pair
    assert response.status_code == 429
    assert response.json() == {
        "error": "too_many_attempts",
        "reason": "client_locked",
        "retry_after": 600,
    }
    assert response.headers["retry-after"] == "600"


def test_client_window_slides(make_client, clock):
    client = make_client(client_max_failures=3, client_window=600)
    for code in codes(3):
        lookup(client, code, "0000")
        clock.advance(100)  # failures at t=0, 100, 200; now t=300
    assert lookup(client).json()["retry_after"] == 300  # the t=0 failure leaves at t=600
    clock.advance(300)
    assert lookup(client).status_code == 200


def test_other_clients_are_not_affected(make_client):
    attacker = make_client(client_max_failures=3, peer="198.51.100.7")
    for code in codes(3):
        lookup(attacker, code, "0000")
    assert lookup(attacker).json()["reason"] == "client_locked"
    with TestClient(
        attacker.app, client=("203.0.113.5", 50000)
    ) as citizen:  # same app and database
        assert lookup(citizen).status_code == 200


def test_refused_lookups_do_not_count_against_the_client(make_client):
    client = make_client(max_failures=1, client_max_failures=3)
    fail(client, 1)
    for _ in range(10):
        assert lookup(client, last4="0000").json()["reason"] == "code_locked"
    assert lookup(client, OTHER, "0000").status_code == 404  # 2nd failure of this client
    assert lookup(client, UNKNOWN, "0000").status_code == 404  # 3rd
    assert lookup(client, codes(1)[0], "0000").json()["reason"] == "client_locked"


# X-Forwarded-For: believed from trusted proxies only.


def test_forwarded_address_from_a_trusted_proxy_is_the_client(make_client):
    proxy = make_client(client_max_failures=2, peer="127.0.0.1")
    citizen_a = {"X-Forwarded-For": "203.0.113.5"}
    citizen_b = {"X-Forwarded-For": "203.0.113.6"}
    for code in codes(2):
        lookup(proxy, code, "0000", citizen_a)
    assert lookup(proxy, headers=citizen_a).json()["reason"] == "client_locked"
    assert lookup(proxy, headers=citizen_b).status_code == 200  # same proxy, another citizen


def test_forwarded_address_from_an_untrusted_peer_is_ignored(make_client):
    attacker = make_client(client_max_failures=2, peer="198.51.100.7")
    for i, code in enumerate(codes(2)):
        lookup(attacker, code, "0000", {"X-Forwarded-For": f"10.0.0.{i}"})
    response = lookup(attacker, headers={"X-Forwarded-For": "10.0.0.99"})
    assert response.json()["reason"] == "client_locked"  # rotating the header did not help


def test_with_no_trusted_proxy_the_header_is_ignored(make_client):
    client = make_client(client_max_failures=2, peer="127.0.0.1", trusted_proxies="none")
    for i, code in enumerate(codes(2)):
        lookup(client, code, "0000", {"X-Forwarded-For": f"203.0.113.{i}"})
    assert (
        lookup(client, headers={"X-Forwarded-For": "203.0.113.99"}).json()["reason"]
        == "client_locked"
    )


TRUSTED = parse_networks("127.0.0.1, 10.0.0.0/8, ::1")


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("203.0.113.5", [], "203.0.113.5"),
        ("203.0.113.5", ["1.2.3.4"], "203.0.113.5"),  # untrusted peer: header ignored
        ("127.0.0.1", [], "127.0.0.1"),  # the proxy itself
        ("127.0.0.1", ["203.0.113.5"], "203.0.113.5"),
        ("127.0.0.1", ["6.6.6.6, 203.0.113.5"], "203.0.113.5"),  # spoofed entry on the left
        (
            "127.0.0.1",
            ["6.6.6.6", "203.0.113.5, 10.1.2.3"],
            "203.0.113.5",
        ),  # two proxies, two headers
        ("127.0.0.1", ["10.1.2.3, 10.4.5.6"], "10.1.2.3"),  # all trusted: the leftmost
        ("127.0.0.1", ["203.0.113.5, garbage"], "127.0.0.1"),  # garbage from a proxy: the proxy
        ("127.0.0.1", [" 203.0.113.5 "], "203.0.113.5"),
        ("::1", ["2001:db8::1"], "2001:db8::1"),
        ("::ffff:127.0.0.1", ["203.0.113.5"], "203.0.113.5"),  # IPv4-mapped peer
        ("testclient", ["203.0.113.5"], "testclient"),  # not an address: as given, untrusted
    ],
)
def test_client_address(peer, forwarded, client):
    assert client_address(peer, forwarded, TRUSTED) == client


def test_many_hops_are_bounded():
    hops = ", ".join(["10.0.0.1"] * 10_000 + ["203.0.113.5"])
    assert client_address("127.0.0.1", [hops], TRUSTED) == "203.0.113.5"


def test_client_key_groups_an_ipv6_subscriber_and_hides_the_address():
    secret = b"k" * 32
    assert client_key("2001:db8:1:2::1", secret) == client_key("2001:db8:1:2:ffff::9", secret)
    assert client_key("2001:db8:1:2::1", secret) != client_key("2001:db8:1:3::1", secret)
    assert client_key("203.0.113.5", secret) != client_key("203.0.113.6", secret)
    assert "203.0.113.5" not in client_key("203.0.113.5", secret)
    assert client_key("203.0.113.5", secret) != client_key("203.0.113.5", b"x" * 32)


# Persistence: the limits live in the service's database.


def test_limits_survive_a_restart(make_client, clock, tmp_path):
    db = str(tmp_path / "dossier_service.db")
    first = make_client(db=db, max_failures=3, lock=60, client_max_failures=4, peer="127.0.0.1")
    fail(first, 3)  # code locked for 60 s
    lookup(first, OTHER, "0000", {"X-Forwarded-For": "203.0.113.5"})
    for code in codes(3):
        lookup(first, code, "0000", {"X-Forwarded-For": "198.51.100.7"})
    first.close()
    clock.advance(10)

    second = make_client(db=db, max_failures=3, lock=60, client_max_failures=4, peer="127.0.0.1")
    response = lookup(second, headers={"X-Forwarded-For": "203.0.113.5"})
    assert response.json() == {
        "error": "too_many_attempts",
        "reason": "code_locked",
        "retry_after": 50,
    }
    # 198.51.100.7 had 3 failures: its 4th is accepted, then it is locked.
    assert lookup(second, OTHER, "0000", {"X-Forwarded-For": "198.51.100.7"}).status_code == 404
    assert (
        lookup(second, headers={"X-Forwarded-For": "198.51.100.7"}).json()["reason"]
        == "client_locked"
    )
    clock.advance(50)
    assert lookup(second, headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 200


def test_no_address_is_stored_in_clear_and_old_entries_are_deleted(make_client, clock, tmp_path):
    db = tmp_path / "dossier_service.db"
    client = make_client(db=str(db), client_window=600, peer="127.0.0.1")
    fail(client, 2, OTHER, {"X-Forwarded-For": "203.0.113.5"})
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT client FROM client_failures").fetchall()
        dump = "\n".join(conn.iterdump())
    assert len(stored) == 2 and "203.0.113.5" not in dump and "127.0.0.1" not in dump
    clock.advance(86400)
    fail(client, 1, UNKNOWN, {"X-Forwarded-For": "203.0.113.6"})  # a write sweeps old rows
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM client_failures").fetchone()[0] == 1
        assert conn.execute("SELECT code FROM code_failures").fetchall() == [(UNKNOWN,)]


def test_the_address_key_survives_a_restart(make_client, tmp_path):
    db = str(tmp_path / "dossier_service.db")
    make_client(db=db).close()
    with sqlite3.connect(db) as conn:
        first = conn.execute("SELECT value FROM limit_secrets").fetchall()
    make_client(db=db).close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT value FROM limit_secrets").fetchall() == first
