"""X-ZEvent-Signature: sha256 over app_id + raw body + timestamp + OA secret key."""

from __future__ import annotations

import hashlib
import hmac

from bot.channels.zalo import signature

APP_ID = "360846524940903967"
SECRET = "oa-secret-key"
RAW = b'{"event_name":"user_send_text","timestamp":"154390853474"}'
TS = "154390853474"


def test_the_mac_is_plain_sha256_of_the_joined_string_not_hmac():
    joined = (APP_ID + RAW.decode() + TS + SECRET).encode()
    assert signature.mac(APP_ID, RAW, TS, SECRET) == hashlib.sha256(joined).hexdigest()
    assert (
        signature.mac(APP_ID, RAW, TS, SECRET)
        != hmac.new(SECRET.encode(), RAW, hashlib.sha256).hexdigest()
    )


def test_the_header_carries_the_mac_prefix_and_is_accepted():
    header = signature.header_value(APP_ID, RAW, TS, SECRET)
    assert header.startswith("mac=") and header[4:] == header[4:].lower()
    assert signature.valid(header, APP_ID, RAW, TS, SECRET)
    assert signature.valid(header[4:], APP_ID, RAW, TS, SECRET)


def test_any_change_is_refused():
    header = signature.header_value(APP_ID, RAW, TS, SECRET)
    assert not signature.valid(header, APP_ID, RAW + b" ", TS, SECRET)
    assert not signature.valid(header, APP_ID, RAW, "154390853475", SECRET)
    assert not signature.valid(header, APP_ID, RAW, TS, "another-secret")
    assert not signature.valid(header, "1", RAW, TS, SECRET)
    assert not signature.valid(header.replace("mac=", "mac=0"), APP_ID, RAW, TS, SECRET)


def test_missing_parts_are_refused():
    header = signature.header_value(APP_ID, RAW, TS, SECRET)
    assert not signature.valid(None, APP_ID, RAW, TS, SECRET)
    assert not signature.valid("", APP_ID, RAW, TS, SECRET)
    assert not signature.valid(header, APP_ID, RAW, "", SECRET)
    assert not signature.valid("mac=\u00e9\u00e9", APP_ID, RAW, TS, SECRET)


def test_an_hmac_signature_as_some_repositories_compute_it_is_refused():
    wrong = hmac.new(SECRET.encode(), RAW, hashlib.sha256).hexdigest()
    assert not signature.valid("mac=" + wrong, APP_ID, RAW, TS, SECRET)
