"""The address of the client a request came from, for the login throttle (django-axes).

Behind a proxy every request arrives from the proxy's own address, so the client is read
from X-Forwarded-For. Only the entries that our own proxies appended can be trusted: each
proxy adds the address it saw to the right of whatever the client sent, so the left-most
entries are whatever the client wished to write there. We take the entry
CRISISGUIDE_TRUSTED_PROXIES positions from the right (1: the one our single proxy appended)
and fall back to REMOTE_ADDR when the header is missing, too short or not an address.

Why not django-ipware (8.0, checked): by default it takes the left-most entry, which the
client writes. Set to right-most with a proxy count of 1, it returns nothing for the usual
single entry, the second entry from the right when a client adds two of its own, and nothing
when a client adds one that is not an address: each a way to choose one's own bucket.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = settings.CRISISGUIDE_TRUSTED_PROXIES
    if trusted < 1:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < trusted:
        return remote
    candidate = entries[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
