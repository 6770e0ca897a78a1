"""Which address is the client's: X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import pytest

from bot.channels.client_address import client_address, parse_proxies

PROXIES = parse_proxies("10.0.0.0/8, 127.0.0.1")


def test_without_trusted_proxies_the_peer_is_the_client():
    assert client_address("10.1.2.3", "203.0.113.5", []) == "10.1.2.3"


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored():
    assert client_address("198.51.100.1", "203.0.113.5", PROXIES) == "198.51.100.1"


def test_the_rightmost_untrusted_hop_is_the_client():
    forwarded = "1.2.3.4, 203.0.113.5, 10.0.0.7"
    assert client_address("127.0.0.1", forwarded, PROXIES) == "203.0.113.5"


def test_a_chain_of_trusted_proxies_only_gives_the_leftmost():
    assert client_address("127.0.0.1", "10.0.0.9, 10.0.0.7", PROXIES) == "10.0.0.9"


@pytest.mark.parametrize("forwarded", ["", "garbage", "203.0.113.5, not-an-ip", "<script>"])
def test_malformed_forwarded_headers_fall_back_to_the_last_trusted_address(forwarded):
    assert client_address("127.0.0.1", forwarded, PROXIES) == "127.0.0.1"


def test_ipv6_and_an_unknown_peer():
    assert client_address("::1", None, PROXIES) == "::1"
    assert client_address(None, "203.0.113.5", PROXIES) == ""


def test_proxies_parse_from_a_comma_separated_list():
    assert [str(n) for n in parse_proxies(" 10.0.0.0/8 ,, 192.168.1.1 ")] == [
        "10.0.0.0/8",
        "192.168.1.1/32",
    ]
    assert parse_proxies(None) == [] and parse_proxies("") == []
    with pytest.raises(ValueError):
        parse_proxies("not-a-network")
