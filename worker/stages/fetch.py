"""Fetch a feed (or an article page) over HTTP with hard limits, or read a local sample feed.

Every way a remote server can hurt a poller is bounded here: connect and total timeouts, a cap on the
decompressed body, a redirect limit with each hop's address checked, and a per-host concurrency limit in
the shared client. Failures are raised as `FetchError` with a `kind` the scheduler and the feed health view
understand; nothing else escapes for network trouble.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from worker.stages import netguard
from worker.stages.httpdates import http_date, parse_retry_after

DEFAULT_USER_AGENT = "newsmon/0.1 (+https://github.com/newsmon/newsmon)"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
# Statuses that will not fix themselves; the scheduler still retries them (slowly), never gives up.
PERMANENT_STATUSES = (400, 401, 403, 404, 405, 406, 410, 451)
PER_HOST_CONCURRENCY = 2


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = 15 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    allow_private_networks: bool = False


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: int
    not_modified: bool
    content: bytes | None
    content_type: str | None
    etag: str | None
    last_modified: str | None
    cache_max_age: float | None  # seconds, from Cache-Control max-age or Expires
    retry_after: float | None  # seconds
    elapsed: float


class FetchError(Exception):
    """A fetch that failed. `kind` is one of KINDS; `permanent` hints that retrying soon is pointless."""

    KINDS = (
        "dns",
        "connect",
        "tls",
        "timeout",
        "http_4xx",
        "http_5xx",
        "rate_limited",
        "too_large",
        "redirects",
        "blocked_address",
        "invalid_url",
        "io",
    )

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        permanent: bool | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after
        if permanent is None:
            permanent = kind in ("invalid_url", "blocked_address") or status in PERMANENT_STATUSES
        self.permanent = permanent

    def __reduce__(self):
        # Keeps the error picklable (Celery results, multiprocessing) despite keyword-only arguments.
        return (_rebuild_error, (self.kind, str(self), self.status, self.retry_after, self.permanent))


def _rebuild_error(kind, message, status, retry_after, permanent) -> FetchError:
    return FetchError(kind, message, status=status, retry_after=retry_after, permanent=permanent)


# --- client ------------------------------------------------------------------------------------------


class _HostLimitedTransport(httpx.BaseTransport):
    """Caps concurrent requests per host; the slot is held until the response body is closed."""

    def __init__(self, inner: httpx.BaseTransport, per_host: int) -> None:
        self._inner = inner
        self._per_host = per_host
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.BoundedSemaphore] = {}

    def _semaphore(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            sem = self._semaphores.get(host)
            if sem is None:
                sem = self._semaphores[host] = threading.BoundedSemaphore(self._per_host)
            return sem

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        sem = self._semaphore(request.url.host.lower())
        # Waiting for a slot counts against the request's pool timeout, which fetch_feed sets to the time
        # left before its total deadline.
        wait = (request.extensions.get("timeout") or {}).get("pool")
        if not sem.acquire(timeout=wait if wait is not None else -1):
            raise httpx.PoolTimeout(f"no free connection slot for {request.url.host}", request=request)
        try:
            response = self._inner.handle_request(request)
        except BaseException:
            sem.release()
            raise
        response.stream = _ReleasingStream(response.stream, sem)
        return response

    def close(self) -> None:
        self._inner.close()


class _ReleasingStream(httpx.SyncByteStream):
    def __init__(self, inner, sem: threading.BoundedSemaphore) -> None:
        self._inner = inner
        self._sem = sem
        self._released = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self._inner

    def close(self) -> None:
        try:
            close = getattr(self._inner, "close", None)
            if close is not None:
                close()
        finally:
            if not self._released:
                self._released = True
                self._sem.release()


def make_client(
    limits: FetchLimits, *, per_host: int = PER_HOST_CONCURRENCY, max_connections: int = 100
) -> httpx.Client:
    """A client to share between polls: keep-alive, per-host concurrency limit and (unless private networks
    are allowed) the resolved-address guard on every new connection."""
    transport = httpx.HTTPTransport(
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections // 2),
        trust_env=False,
    )
    if not limits.allow_private_networks:
        # httpx has no public hook for the network backend; the attribute is checked so an httpx upgrade
        # that renames it fails loudly (tests/stages/test_netguard.py) instead of silently dropping the guard.
        pool = transport._pool
        if not hasattr(pool, "_network_backend"):
            raise RuntimeError("httpx/httpcore internals changed: cannot install the address guard")
        pool._network_backend = netguard.GuardedBackend()
    client = httpx.Client(
        transport=_HostLimitedTransport(transport, per_host),
        timeout=httpx.Timeout(limits.total_timeout, connect=limits.connect_timeout),
        follow_redirects=False,
        trust_env=False,  # a proxy from the environment would bypass the address guard
        headers={"User-Agent": limits.user_agent},
    )
    client._newsmon_guarded = not limits.allow_private_networks  # type: ignore[attr-defined]
    return client


# --- fetching -----------------------------------------------------------------------------------------


def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: FetchLimits = FetchLimits(),  # noqa: B008 - frozen dataclass, safe as a default
    client: httpx.Client | None = None,
) -> FetchResult:
    """Fetch a feed with a conditional GET. A 304 gives `not_modified=True`, `content=None` and the
    validators to keep (the new ones if the server sent any, else the ones passed in).

    Local paths and file:// URLs are read from disk (sample feeds): their etag is a validator built from
    mtime and size, so an unchanged file answers not_modified.
    """
    if _is_local(url):
        return _fetch_file(url, etag=etag, limits=limits)
    headers = {"Accept": FEED_ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    result = _get(url, headers, limits, client)
    if result.not_modified:
        result.etag = result.etag or etag
        result.last_modified = result.last_modified or last_modified
    return result


def fetch_page_text(
    url: str,
    *,
    limits: FetchLimits = FetchLimits(),  # noqa: B008
    client: httpx.Client | None = None,
) -> str | None:
    """Main text of an article page (trafilatura), or None when the page has no extractable text.

    Network and size failures raise FetchError like fetch_feed.
    """
    import trafilatura

    result = _get(url, {"Accept": PAGE_ACCEPT}, limits, client)
    if not result.content:
        return None
    text = trafilatura.extract(
        _decode_html(result.content, result.content_type),
        url=result.final_url,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    return text.strip() if text and text.strip() else None


def _decode_html(content: bytes, content_type: str | None) -> str:
    charset = _charset(content_type)
    if charset is None:
        m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", content[:4096], re.I)
        charset = m.group(1).decode("ascii") if m else None
    for candidate in (charset, "utf-8", "cp1252"):
        if candidate:
            try:
                return content.decode(candidate)
            except (LookupError, UnicodeDecodeError):
                continue
    return content.decode("utf-8", errors="replace")


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = re.search(r"charset=[\"']?([A-Za-z0-9_\-:.]+)", content_type, re.I)
    return m.group(1) if m else None


def _get(url: str, headers: dict[str, str], limits: FetchLimits, client: httpx.Client | None) -> FetchResult:
    started = time.monotonic()
    deadline = started + limits.total_timeout
    own_client = client is None
    if client is None:
        client = make_client(limits)
    # A client from make_client checks the resolved address of every connection itself; any other client
    # gets the (weaker, resolve-then-connect) check per hop.
    guarded = getattr(client, "_newsmon_guarded", False)
    request_headers = {"User-Agent": limits.user_agent, "Accept-Encoding": "gzip, deflate", **headers}
    try:
        current = url
        for _hop in range(limits.max_redirects + 1):
            netguard.split_host_port(current)
            if not guarded and not limits.allow_private_networks:
                netguard.check_url(current, allow_private=False)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError("timeout", f"{url}: total timeout of {limits.total_timeout:g}s exceeded")
            timeout = httpx.Timeout(remaining, connect=min(limits.connect_timeout, remaining))
            with client.stream("GET", current, headers=request_headers, timeout=timeout) as response:
                status = response.status_code
                if status in REDIRECT_STATUSES:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError("redirects", f"{current}: redirect without Location", status=status)
                    current = urljoin(current, location.strip())
                    continue
                return _finish(url, current, response, limits, deadline, started)
        raise FetchError("redirects", f"{url}: more than {limits.max_redirects} redirects")
    except FetchError:
        raise
    except httpx.TimeoutException as exc:
        raise FetchError("timeout", f"{url}: {type(exc).__name__}") from exc
    except httpx.ConnectError as exc:
        raise FetchError(_connect_kind(exc), f"{url}: {exc}") from exc
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise FetchError("invalid_url", f"{url}: {exc}") from exc
    except (httpx.HTTPError, httpx.StreamError, OSError, ssl.SSLError) as exc:
        kind = "tls" if _is_tls(exc) else "io"
        raise FetchError(kind, f"{url}: {type(exc).__name__}: {exc}") from exc
    finally:
        if own_client:
            client.close()


def _finish(
    url: str, final_url: str, response: httpx.Response, limits: FetchLimits, deadline: float, started: float
) -> FetchResult:
    status = response.status_code
    h = response.headers
    retry_after = parse_retry_after(h.get("retry-after"))
    if status == 304:
        return _result(url, final_url, status, None, h, retry_after, started)
    if status == 429:
        raise FetchError("rate_limited", f"{final_url}: HTTP 429", status=status, retry_after=retry_after)
    if status >= 500:
        raise FetchError("http_5xx", f"{final_url}: HTTP {status}", status=status, retry_after=retry_after)
    if status >= 400:
        raise FetchError("http_4xx", f"{final_url}: HTTP {status}", status=status, retry_after=retry_after)
    if status >= 300 or status < 200:
        raise FetchError("http_4xx", f"{final_url}: unexpected HTTP {status}", status=status)
    declared = h.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes and not h.get("content-encoding"):
        raise FetchError(
            "too_large", f"{final_url}: Content-Length {declared} over the {limits.max_bytes} byte cap"
        )
    content = _read_body(response, limits, deadline, final_url)
    return _result(url, final_url, status, content, h, retry_after, started)


def _result(url, final_url, status, content, h, retry_after, started) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=final_url,
        status=status,
        not_modified=status == 304,
        content=content,
        content_type=h.get("content-type"),
        etag=h.get("etag"),
        last_modified=h.get("last-modified"),
        cache_max_age=_parse_cache_age(h),
        retry_after=retry_after,
        elapsed=time.monotonic() - started,
    )


def _read_body(response: httpx.Response, limits: FetchLimits, deadline: float, url: str) -> bytes:
    """Stream the raw body, decompressing ourselves so the cap applies to the decompressed size and a
    gzip bomb is stopped after max_bytes of output, not after it filled memory."""
    encoding = (response.headers.get("content-encoding") or "").strip().lower()
    decoder = _Decoder(encoding, limits.max_bytes, url)
    raw_total = 0
    # The read timeout is fixed when the body starts, so a read begun just before the deadline could block
    # for that whole timeout again; the watchdog shuts the socket down at the deadline to end such a read.
    sock = _socket_of(response)
    alarm = _WATCHDOG.schedule(deadline, sock) if sock is not None else None
    try:
        # No chunk size: httpx would buffer up to it, and a dripping server would keep us blocked meanwhile.
        for chunk in response.iter_raw():
            raw_total += len(chunk)
            if raw_total > limits.max_bytes:
                raise FetchError("too_large", f"{url}: body over the {limits.max_bytes} byte cap")
            decoder.feed(chunk)
            if time.monotonic() > deadline:
                # Checked per chunk, so a server dripping bytes cannot keep us past the total deadline.
                raise FetchError("timeout", f"{url}: total timeout of {limits.total_timeout:g}s exceeded")
    except (httpx.HTTPError, httpx.StreamError, OSError) as exc:
        if time.monotonic() >= deadline:
            raise FetchError(
                "timeout", f"{url}: total timeout of {limits.total_timeout:g}s exceeded"
            ) from exc
        raise
    finally:
        if alarm is not None:
            _WATCHDOG.cancel(alarm)
    return decoder.finish()


def _socket_of(response: httpx.Response) -> socket.socket | None:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    try:
        sock = stream.get_extra_info("socket")
    except Exception:  # an exotic transport without the extension: the per-chunk check still applies
        return None
    return sock if isinstance(sock, socket.socket) else None


class _Watchdog:
    """One daemon thread that shuts down sockets whose fetch outlived its deadline (a thread per fetch
    would cost more than the fetch on a busy poller)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, socket.socket]] = []
        self._cancelled: set[int] = set()
        self._counter = 0
        self._thread: threading.Thread | None = None

    def schedule(self, deadline: float, sock: socket.socket) -> int:
        with self._cond:
            self._counter += 1
            heapq.heappush(self._heap, (deadline, self._counter, sock))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="newsmon-fetch-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()
            return self._counter

    def cancel(self, handle: int) -> None:
        with self._cond:
            self._cancelled.add(handle)

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._heap and self._heap[0][1] in self._cancelled:
                    self._cancelled.discard(heapq.heappop(self._heap)[1])
                if not self._heap:
                    self._cond.wait(30)
                    continue
                deadline, handle, sock = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
                # Under the lock: a fetch that cancels is still holding its connection, so a socket is never
                # shut down after it went back to the pool for another request.
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


_WATCHDOG = _Watchdog()


class _Decoder:
    def __init__(self, encoding: str, cap: int, url: str) -> None:
        self._cap = cap
        self._url = url
        self._parts: list[bytes] = []
        self._size = 0
        self._buffer = b""
        if encoding in ("", "identity"):
            self._obj = None
        elif encoding in ("gzip", "x-gzip"):
            self._obj = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif encoding == "deflate":
            self._obj = "deflate?"  # zlib-wrapped or raw: decided on the first bytes
        else:
            raise FetchError("io", f"{url}: unsupported Content-Encoding {encoding!r}")

    def _emit(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._cap:
            raise FetchError("too_large", f"{self._url}: decompressed body over the {self._cap} byte cap")
        self._parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self._obj is None:
            self._emit(chunk)
            return
        if self._obj == "deflate?":
            self._buffer += chunk
            if len(self._buffer) < 2:
                return
            zlib_wrapped = (self._buffer[0] & 0x0F) == 8 and (
                (self._buffer[0] << 8) | self._buffer[1]
            ) % 31 == 0
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS)
            chunk, self._buffer = self._buffer, b""
        try:
            data = chunk
            while data:
                # max_length bounds each step's output, so one small compressed chunk cannot expand to
                # gigabytes in memory before the cap is checked.
                out = self._obj.decompress(data, self._cap - self._size + 1)
                self._emit(out)
                data = self._obj.unconsumed_tail
        except zlib.error as exc:
            raise FetchError("io", f"{self._url}: corrupt compressed body: {exc}") from exc

    def finish(self) -> bytes:
        if self._obj == "deflate?" and self._buffer:
            self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
            self.feed(b"")
        if self._obj is not None and not isinstance(self._obj, str):
            try:
                self._emit(self._obj.flush())
            except zlib.error as exc:
                raise FetchError("io", f"{self._url}: corrupt compressed body: {exc}") from exc
        return b"".join(self._parts)


def _connect_kind(exc: BaseException) -> str:
    if _is_tls(exc):
        return "tls"
    text = str(exc).lower()
    chain = _chain(exc)
    if any(isinstance(e, socket.gaierror) for e in chain) or any(
        s in text
        for s in (
            "name or service not known",
            "nodename nor servname",
            "temporary failure in name",
            "no address associated",
        )
    ):
        return "dns"
    return "connect"


def _is_tls(exc: BaseException) -> bool:
    if any(isinstance(e, ssl.SSLError) for e in _chain(exc)):
        return True
    text = str(exc)
    return "SSL" in text or "CERTIFICATE" in text.upper()


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _parse_cache_age(headers: httpx.Headers) -> float | None:
    cache_control = headers.get("cache-control") or ""
    for directive in cache_control.split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() in ("no-cache", "no-store"):
            return None
        if name.lower() == "max-age":
            try:
                return max(0.0, float(value.strip().strip('"')))
            except ValueError:
                return None
    expires = http_date(headers.get("expires"))
    if expires is None:
        return None
    base = http_date(headers.get("date")) or datetime.now(UTC)
    return max(0.0, (expires - base).total_seconds())


# --- local files --------------------------------------------------------------------------------------


def _is_local(url: str) -> bool:
    scheme = urlsplit(url).scheme.lower()
    return scheme == "file" or scheme == ""


def _local_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        return Path(unquote(parts.path))
    return Path(url)


def _fetch_file(url: str, *, etag: str | None, limits: FetchLimits) -> FetchResult:
    started = time.monotonic()
    path = _local_path(url)
    try:
        st = path.stat()
    except OSError as exc:
        raise FetchError("io", f"{url}: {exc.strerror or exc}", permanent=True) from exc
    validator = '"file-' + hashlib.sha256(f"{st.st_mtime_ns}:{st.st_size}".encode()).hexdigest()[:16] + '"'
    base = dict(
        url=url,
        final_url=path.resolve().as_uri(),
        content_type=None,
        etag=validator,
        last_modified=None,
        cache_max_age=None,
        retry_after=None,
    )
    if etag == validator:
        return FetchResult(
            status=304, not_modified=True, content=None, elapsed=time.monotonic() - started, **base
        )
    if st.st_size > limits.max_bytes:
        raise FetchError("too_large", f"{url}: file over the {limits.max_bytes} byte cap")
    try:
        with open(path, "rb") as fh:
            content = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        raise FetchError("io", f"{url}: {exc.strerror or exc}") from exc
    if content[:2] == b"\x1f\x8b":
        # Sample snapshots may be stored gzipped; the cap applies to the decompressed size too.
        decoder = _Decoder("gzip", limits.max_bytes, url)
        decoder.feed(content)
        content = decoder.finish()
    return FetchResult(
        status=200, not_modified=False, content=content, elapsed=time.monotonic() - started, **base
    )
