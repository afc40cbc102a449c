"""Counts requests per client address (or per key) so that sign-up, password reset and the
public verification page cannot be hammered.

The counts live in the default cache, which is the database cache so that every worker process
of a server sees the same counts.
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address the request came from; behind TRUSTED_PROXIES reverse proxies, the address
    the nearest of them saw (the proxies append to X-Forwarded-For, so only the right-most
    entries can be trusted)."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_ip(request: HttpRequest) -> str | None:
    """client_address when it is an IP address, else None: django-axes stores the address in
    a column of IP addresses, which PostgreSQL refuses anything else in (an empty REMOTE_ADDR
    behind a Unix socket, or a proxy that appends "address:port")."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def hit(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Counts one hit of key in scope; True when it is more than limit hits within window
    seconds (counted from the first hit of the window), i.e. when the caller must wait."""
    cache_key = f"throttle:{scope}:{key}"
    if cache.add(cache_key, 1, timeout=window):
        return limit < 1
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The entry expired between add() and incr(): this hit opens a new window.
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count > limit


def throttled(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """hit() for the request's client address."""
    return hit(scope=scope, key=client_address(request), limit=limit, window=window)
