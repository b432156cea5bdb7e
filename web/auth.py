"""Who may use the web chat and the HTTP API: the exposure check at start-up, API keys, the
per-client rate limit, and who counts as an admin (sees the status panel's file paths).

Off loopback, every face a server offers must be protected (``IMAGINE_API_KEYS`` for the API,
``IMAGINE_AUTH`` for the web chat) or it does not start, unless ``IMAGINE_ALLOW_OPEN=1``.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import threading
import time
from collections import deque

from imagine.settings import Settings


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` only accepts connections from this machine (127.0.0.0/8, ::1, "localhost")."""
    host = (host or "").strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name or "" (all interfaces): reachable from elsewhere
        return False


def exposure_problem(host: str, settings: Settings, chat: bool = False, api: bool = False) -> str | None:
    """One line saying why serving ``chat`` and/or ``api`` on ``host`` is refused, or None when it is fine."""
    if is_loopback(host) or settings.allow_open:
        return None
    missing = []
    if chat and not settings.auth:
        missing.append("IMAGINE_AUTH (user:password pairs for the web chat)")
    if api and not settings.api_keys:
        missing.append("IMAGINE_API_KEYS (bearer tokens for the API)")
    if not missing:
        return None
    return (f"refusing to listen on {host or 'all interfaces'}, which is not loopback, without access control: "
            f"set {' and '.join(missing)}, or IMAGINE_ALLOW_OPEN=1 to serve it open on purpose")


class ApiKeys:
    """The bearer tokens the API accepts; none configured = every caller is let in."""

    def __init__(self, keys: list[str]):
        self._keys = [k.encode() for k in keys if k]

    @property
    def required(self) -> bool:
        return bool(self._keys)

    def client(self, authorization: str | None) -> str | None:
        """The caller's client id for a valid ``Authorization: Bearer <key>`` header (a digest of the key,
        so logs and limiter never hold the key), else None. Keys are compared in constant time."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        given = token.strip().encode()
        matches = [hmac.compare_digest(given, key) for key in self._keys]  # every key compared: no early exit
        if not any(matches):
            return None
        return "key:" + hashlib.sha256(given).hexdigest()[:12]


class RateLimiter:
    """At most ``per_minute`` events per client in any 60-second window (0 = unlimited).

    ``hit(client)`` records an event and returns 0, or, when the client is over the limit, records
    nothing and returns the seconds until one more event is allowed (for ``Retry-After``).
    """

    WINDOW_S = 60.0

    def __init__(self, per_minute: int, clock=time.monotonic):
        self.per_minute = per_minute
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, client: str) -> float:
        if self.per_minute <= 0:
            return 0.0
        now = self._clock()
        with self._lock:
            events = self._events.setdefault(client, deque())
            while events and events[0] <= now - self.WINDOW_S:
                events.popleft()
            if len(events) >= self.per_minute:
                return max(events[0] + self.WINDOW_S - now, 0.001)
            events.append(now)
            if len(self._events) > 10_000:  # forget idle clients so the table cannot grow without bound
                self._events = {c: e for c, e in self._events.items() if e and e[-1] > now - self.WINDOW_S}
            return 0.0


def retry_after(seconds: float) -> str:
    """A ``Retry-After`` header value: whole seconds, rounded up, at least 1."""
    return str(max(1, math.ceil(seconds)))


def sees_paths(username: str | None, settings: Settings, host: str) -> bool:
    """Whether the status panel may show file paths to this user: with a login, only to users listed in
    ``IMAGINE_ADMINS``; without one, only on loopback (the person at the machine)."""
    if settings.auth:
        return username is not None and username in settings.admins
    return is_loopback(host)
