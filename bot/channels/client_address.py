"""The address of the citizen's device, as far as the chat server can tell.

The peer address of the connection, unless the peer is one of the proxies listed in
``TRUSTED_PROXIES`` (comma-separated addresses or networks, none by default): then
``X-Forwarded-For`` is read from the right, skipping trusted proxies, and the first
address that is not one of them is the client. A forwarded address from anyone else
is ignored, since any client can write that header.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Iterable, List, Union

Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]


def parse_proxies(value: str | None) -> List[Network]:
    networks = []
    for item in (value or "").split(","):
        item = item.strip()
        if item:
            networks.append(ipaddress.ip_network(item, strict=False))
    return networks


def trusted_proxies_from_env() -> List[Network]:
    return parse_proxies(os.environ.get("TRUSTED_PROXIES"))


def _address(value: str | None) -> ipaddress._BaseAddress | None:
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def _trusted(address: ipaddress._BaseAddress, proxies: Iterable[Network]) -> bool:
    return any(address in network for network in proxies)


def client_address(peer: str | None, forwarded_for: str | None, proxies: List[Network]) -> str:
    """The client's address as text ("" when the peer address is unknown)."""
    address = _address(peer)
    if address is None:
        return ""
    if not proxies or not _trusted(address, proxies) or not forwarded_for:
        return str(address)
    for hop in reversed(forwarded_for.split(",")):
        hop_address = _address(hop)
        if hop_address is None:
            # A malformed hop: the chain cannot be trusted past this point.
            return str(address)
        if not _trusted(hop_address, proxies):
            return str(hop_address)
        address = hop_address
    return str(address)


def request_client_address(request, proxies: List[Network]) -> str:
    """``client_address`` of a Sanic request."""
    peer = request.conn_info.client_ip if request.conn_info else request.ip
    return client_address(peer, request.headers.get("x-forwarded-for"), proxies)
