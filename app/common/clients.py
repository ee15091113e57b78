"""Who sent a request: the direct peer, or the client named by a trusted proxy.

X-Forwarded-For is believed only when the direct peer is one of MEDVIRK_TRUSTED_PROXIES (none by
default), and then only up to the nearest hop that is not a trusted proxy: anything a client
writes into the header itself lies further left and is never read. uvicorn is started with
--no-proxy-headers, so it never rewrites the peer before the app sees it.
"""

import ipaddress
from functools import lru_cache

from fastapi import Request

from app.config import get_settings


@lru_cache
def _trusted(spec: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    nets = []
    for part in spec.replace(";", ",").split(","):
        if part.strip():
            nets.append(ipaddress.ip_network(part.strip(), strict=False))
    return tuple(nets)


def _is_trusted(host: str, nets: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(ip in net for net in nets)


def client_address(request: Request) -> str:
    """The client's address: the direct peer, or, when the peer is a trusted proxy, the nearest
    address in X-Forwarded-For that is not one of the trusted proxies."""
    peer = request.client.host if request.client else "unknown"
    nets = _trusted(get_settings().trusted_proxies)
    if not nets or not _is_trusted(peer, nets):
        return peer
    chain = [h.strip() for v in request.headers.getlist("x-forwarded-for") for h in v.split(",")]
    for host in reversed([h for h in chain if h]):
        if not _is_trusted(host, nets):
            return host
    return peer
