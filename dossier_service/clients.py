"""Who is asking: the client address a per-client limit counts against.

The address is the TCP peer, unless the peer is a trusted proxy (``TRUSTED_PROXIES``:
the action server, which passes on the citizen's address). Then ``X-Forwarded-For`` is
read from the right: each hop appended by a trusted proxy is believed, and the first
address that is not a trusted proxy is the client. Entries left of it were written by
the client itself and are never believed, so a client cannot pick its own address.

IPv6 clients are counted per /64 network (one subscriber usually holds a whole /64),
IPv4-mapped IPv6 addresses as the IPv4 address.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from typing import Iterable, Union

Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]
Address = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]

#: At most this many X-Forwarded-For hops are read (bounded cost per request).
MAX_HOPS = 16
_NONE = "none"


def parse_networks(raw: str) -> tuple[Network, ...]:
    """``"127.0.0.1, 10.0.0.0/8"`` -> networks; ``"none"`` -> no network. Raises ValueError."""
    networks = []
    for item in raw.split(","):
        item = item.strip()
        if not item or item.lower() == _NONE:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"TRUSTED_PROXIES: {item!r} is not an IP address or network") from None
    return tuple(networks)


def _address(raw: str | None) -> Address | None:
    if not raw:
        return None
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: Iterable[Network]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_address(
    peer: str | None, forwarded_for: Iterable[str], trusted: Iterable[Network]
) -> str:
    """The client's address as text (the peer as given when it is not an IP address)."""
    trusted = tuple(trusted)
    current = _address(peer)
    if current is None:
        return peer or "unknown"
    hops = [hop for header in forwarded_for for hop in header.split(",")]
    for raw in reversed(hops[-MAX_HOPS:]):
        if not _trusted(current, trusted):
            break
        hop = _address(raw)
        if hop is None:  # a trusted proxy passed on garbage: the proxy is the client
            break
        current = hop
    return str(current)


def client_key(address: str, secret: bytes) -> str:
    """What the limit stores for a client: a keyed hash of its address (or /64 network)."""
    parsed = _address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        text = str(ipaddress.IPv6Network((parsed, 64), strict=False))
    else:
        text = str(parsed) if parsed is not None else address
    return hmac.new(secret, text.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]
