"""SSRF guard: a feed must not make us connect to private, loopback or link-local addresses.

The check runs where the socket is opened (an httpcore network backend), after DNS
resolution, for every connection including each redirect hop, and the socket is opened
to the address that was checked, so a DNS answer cannot change between check and use.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterable
from typing import Any

import httpcore
from httpcore._backends.sync import SyncBackend


class AddressBlocked(Exception):
    """A connection refused by the SSRF guard; no socket was opened."""


# Special-purpose ranges the standard library of some Python versions still calls global.
SPECIAL_PURPOSE = (
    (ipaddress.ip_network("192.0.0.0/24"), "IETF protocol assignment"),
)


def blocked_reason(address: str) -> str | None:
    """Why an IP address must not be reached from untrusted links, or None if it may.

    An IPv4 address wrapped in IPv6 (mapped, 6to4, Teredo) is judged as the address it wraps.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in (w for w in (ip.sixtofour, *(ip.teredo or ())) if w is not None):
            reason = blocked_reason(str(inner))
            if reason:
                return f"{reason} (wrapped in IPv6)"
    special = next((name for net, name in SPECIAL_PURPOSE
                    if ip.version == net.version and ip in net), None)
    if special:
        return special
    checks = (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("unspecified", ip.is_unspecified),
        ("not globally routable", not ip.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def resolve(host: str, port: int) -> list[str]:
    """All addresses a host name resolves to (an IP literal resolves to itself)."""
    infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


class ResolveError(httpcore.ConnectError):
    """A host name that did not resolve (no such name, or no answer in time)."""


class Resolver:
    """`getaddrinfo` under a time limit, at most `concurrency` lookups in flight.

    The system resolver may take 10 s or more per name when DNS is down, and a burst of
    lookups can make a small resolver drop queries; the lookup runs in a daemon thread and
    the caller waits at most `timeout` (the request's connect timeout or what is left of it).
    """

    def __init__(self, concurrency: int = 16):
        self._slots = threading.BoundedSemaphore(max(1, concurrency))

    def resolve(self, host: str, port: int, timeout: float | None) -> list[str]:
        name = host.strip("[]")
        try:
            ipaddress.ip_address(name.split("%", 1)[0])
            return [name]  # an IP literal: nothing to look up
        except ValueError:
            pass
        deadline = time.monotonic() + (timeout if timeout is not None else 60.0)
        if not self._slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise ResolveError(f"cannot resolve {host}: too many lookups waiting")
        answer: dict[str, object] = {}
        done = threading.Event()

        def lookup() -> None:
            try:
                answer["addresses"] = resolve(name, port)
            except OSError as exc:
                answer["error"] = exc
            finally:
                self._slots.release()
                done.set()

        threading.Thread(target=lookup, name="dns", daemon=True).start()
        if not done.wait(max(0.0, deadline - time.monotonic())):
            raise ResolveError(f"cannot resolve {host}: no answer within {timeout:g} s")
        if "error" in answer:
            raise ResolveError(f"cannot resolve {host}: {answer['error']}")
        return answer["addresses"]  # type: ignore[return-value]


def check_addresses(host: str, port: int, addresses: Iterable[str]) -> None:
    """Raise `AddressBlocked` if any resolved address of host is not public."""
    for address in addresses:
        reason = blocked_reason(address)
        if reason:
            shown = host if host == address else f"{host} ({address})"
            raise AddressBlocked(
                f"refused to connect to {shown}:{port}: {reason} address (SSRF guard)"
            )


class GuardedBackend(SyncBackend):
    """A network backend that only opens sockets to public addresses.

    `trusted` holds `host:port` strings (as written in URLs) that skip the check, for
    tests and the demo that serve from loopback.
    """

    def __init__(self, trusted: Iterable[str] = (), *, check: bool = True,
                 resolver: Resolver | None = None):
        self.trusted = frozenset(t.lower() for t in trusted)
        self.check = check  # False: any address (a source with allow_private), lookups bounded
        self.resolver = resolver or Resolver()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Resolve (within the timeout), check every address, then connect to a checked one."""
        if f"{host.lower()}:{port}" in self.trusted:
            return super().connect_tcp(host, port, timeout, local_address, socket_options)
        addresses = self.resolver.resolve(host, port, timeout)
        if self.check:
            check_addresses(host, port, addresses)
        last_error: Exception | None = None
        for address in addresses:  # each with the full connect timeout (IPv6 may hang first)
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error
