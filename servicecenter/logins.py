"""Who is trying to log in: the client's address behind the proxy, and the lockout.

Behind nginx every request comes from 127.0.0.1, so locking on (username, address)
locked the real user out wherever six wrong passwords for their name came from. The
client's address is read from X-Forwarded-For, but only when the request's peer is a
trusted proxy (``TRUSTED_PROXY_IPS``; empty trusts no header, as when the app is
reached directly): anyone else can write that header.

django-ipware (which axes would use) is not used: it matches trusted proxies against
the header's chain rather than the peer, and prefers a public address, so a forged
left-most entry (``1.1.1.1, 192.168.1.20`` as sent on by nginx) became the client.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def _networks():
    return [ipaddress.ip_network(n.strip(), strict=False)
            for n in settings.TRUSTED_PROXY_IPS if n.strip()]


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address) -> bool:
    return address is not None and any(address in net for net in _networks())


def client_ip(request) -> str:
    """The client's address: the peer's, or, from a trusted proxy, the right-most
    X-Forwarded-For entry that is not itself a trusted proxy (nginx appends the
    address it saw; entries further left were written by the client)."""
    peer = request.META.get("REMOTE_ADDR", "")
    if not _trusted(_address(peer)):
        return peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return peer  # a proxy's header we cannot read: count it as the proxy
        if not _trusted(address):
            return str(address)
    return peer


class LoginLockHandler(AxesDatabaseHandler):
    """Axes' database handler with two limits: a (username, address) pair locks at
    ``AXES_FAILURE_LIMIT``; an address alone, guessing many names, at the higher
    ``AXES_IP_FAILURE_LIMIT``. Needs ``AXES_LOCKOUT_PARAMETERS`` =
    ``[["username", "ip_address"], "ip_address"]`` (in that order)."""

    def get_failures(self, request, credentials=None) -> int:
        pair, address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials))
        if address >= settings.AXES_IP_FAILURE_LIMIT:
            return max(pair, settings.AXES_FAILURE_LIMIT)  # axes compares with this
        return pair


