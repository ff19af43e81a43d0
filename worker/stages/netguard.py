"""Refuse connections to addresses a feed URL should never reach (SSRF guard).

A feed list is user input: without this guard a URL such as http://169.254.169.254/ or a public name that
resolves to 10.0.0.5 would let a feed read cloud metadata or intranet services.

Two layers:

* `check_url` validates the scheme and resolves the host, so a bad URL fails fast with a clear error.
* `GuardedBackend` is the authoritative check. It is the httpcore network backend of clients built by
  `worker.stages.fetch.make_client`: it resolves the host itself, rejects the connection if ANY resolved
  address is forbidden, and then connects to the address it just checked (TLS still verifies the
  hostname, because httpcore passes the original host as SNI). Checking and connecting with the same
  resolved address closes the DNS-rebinding window, where a name answers a public address to the check
  and a private one to the connect a moment later. The trade-off: we do our own getaddrinfo per new
  connection (kept-alive connections are reused and not re-checked, which is safe because they are
  already pinned to a checked address), and names that mix public and private records are refused
  outright rather than silently filtered.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore

ALLOWED_SCHEMES = ("http", "https")

# 100.64.0.0/10 (carrier-grade NAT) is neither is_private nor is_global on every Python version.
_EXTRA_BLOCKED = (ipaddress.ip_network("100.64.0.0/10"),)


def _error(kind: str, message: str):
    # Imported lazily: fetch imports this module, and FetchError lives in fetch.
    from worker.stages.fetch import FetchError

    return FetchError(kind, message)


def is_forbidden_address(address: str) -> bool:
    """True for loopback, private, link-local, multicast, reserved and unspecified addresses."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or any(ip in net for net in _EXTRA_BLOCKED)
        or not ip.is_global
    )


def resolve(host: str, port: int) -> list[str]:
    """All addresses `host` resolves to, in resolver order. Raises FetchError(kind="dns")."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise _error("dns", f"cannot resolve {host!r}: {exc}") from exc
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        if sockaddr[0] not in seen:
            seen.append(sockaddr[0])
    if not seen:
        raise _error("dns", f"{host!r} resolves to no address")
    return seen


def check_addresses(host: str, addresses: Iterable[str]) -> None:
    for address in addresses:
        if is_forbidden_address(address):
            raise _error(
                "blocked_address",
                f"{host} resolves to {address}, a private or reserved address "
                "(set NEWSMON_ALLOW_PRIVATE_NETWORKS=true to allow)",
            )


def split_host_port(url: str) -> tuple[str, int]:
    """Scheme-checked host and port of `url`. Raises FetchError(kind="invalid_url")."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise _error("invalid_url", f"invalid URL {url!r}: {exc}") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise _error("invalid_url", f"unsupported URL scheme in {url!r}")
    if not parts.hostname:
        raise _error("invalid_url", f"no host in URL {url!r}")
    return parts.hostname, port or (443 if parts.scheme.lower() == "https" else 80)


def check_url(url: str, allow_private: bool) -> None:
    """Raise FetchError(kind="blocked_address") if `url`'s host resolves to a forbidden address.

    Also raises kind="invalid_url" for non-http(s) or host-less URLs and kind="dns" when the name does not
    resolve. With allow_private=True only the URL shape is checked.
    """
    host, port = split_host_port(url)
    if allow_private:
        return
    check_addresses(host, resolve(host, port))


class GuardedBackend(httpcore.SyncBackend):
    """httpcore backend that connects only to addresses it has resolved and checked itself."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = resolve(host, port)
        check_addresses(host, addresses)
        last_exc: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except httpcore.ConnectError as exc:
                last_exc = exc
        assert last_exc is not None
        raise last_exc
