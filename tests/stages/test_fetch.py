from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from worker.stages import netguard
from worker.stages.fetch import FetchError, FetchLimits, fetch_feed, fetch_page_text, make_client
from worker.stages.parse import FeedParseError, parse_feed

FIXTURES = Path(__file__).parent / "feeds_fixtures"
RSS = (FIXTURES / "rss20.xml").read_bytes()
LOCAL = FetchLimits(allow_private_networks=True, connect_timeout=2, total_timeout=5)


def fetch_error(url: str, **kwargs) -> FetchError:
    kwargs.setdefault("limits", LOCAL)
    with pytest.raises(FetchError) as err:
        fetch_feed(url, **kwargs)
    return err.value


# --- a raw threaded server, for what pytest-httpserver cannot do (dripping, concurrency) -------------------


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[BaseHTTPRequestHandler], None]], str]]:
    servers: list[ThreadingHTTPServer] = []

    def start(handle: Callable[[BaseHTTPRequestHandler], None]) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server naming
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    handle(self)

            def log_message(self, *args) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/feed"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


# --- the ordinary path -----------------------------------------------------------------------------------


def test_it_fetches_a_feed_and_reports_its_caching_headers(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        RSS,
        content_type="application/rss+xml",
        headers={
            "ETag": '"v1"',
            "Last-Modified": "Tue, 03 Mar 2026 08:00:00 GMT",
            "Cache-Control": "max-age=600",
        },
    )
    result = fetch_feed(httpserver.url_for("/feed"), limits=LOCAL)
    assert result.status == 200 and not result.not_modified
    assert result.content == RSS
    assert result.etag == '"v1"'
    assert result.last_modified == "Tue, 03 Mar 2026 08:00:00 GMT"
    assert result.cache_max_age == 600
    assert result.content_type == "application/rss+xml"
    assert parse_feed(result.content).entries[0].key == "guid:gazette-1001"


def test_it_sends_the_configured_user_agent(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed", headers={"User-Agent": "test-agent/9"}).respond_with_data(RSS)
    fetch_feed(
        httpserver.url_for("/feed"),
        limits=FetchLimits(allow_private_networks=True, user_agent="test-agent/9"),
    )


def test_expires_counts_as_a_cache_lifetime(httpserver: HTTPServer) -> None:
    expires = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 3600))
    httpserver.expect_request("/feed").respond_with_data(RSS, headers={"Expires": expires})
    assert 3590 <= fetch_feed(httpserver.url_for("/feed"), limits=LOCAL).cache_max_age <= 3601


def test_the_conditional_get_flow_keeps_the_validators(httpserver: HTTPServer) -> None:
    seen: list[tuple[str | None, str | None]] = []

    def handler(request: Request) -> Response:
        seen.append((request.headers.get("If-None-Match"), request.headers.get("If-Modified-Since")))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"Cache-Control": "max-age=120"})
        return Response(RSS, headers={"ETag": '"v1"', "Last-Modified": "Tue, 03 Mar 2026 08:00:00 GMT"})

    httpserver.expect_request("/feed").respond_with_handler(handler)
    url = httpserver.url_for("/feed")
    first = fetch_feed(url, limits=LOCAL)
    second = fetch_feed(url, etag=first.etag, last_modified=first.last_modified, limits=LOCAL)
    assert seen == [(None, None), ('"v1"', "Tue, 03 Mar 2026 08:00:00 GMT")]
    assert second.not_modified and second.status == 304 and second.content is None
    assert second.etag == '"v1"'
    assert second.last_modified == "Tue, 03 Mar 2026 08:00:00 GMT"
    assert second.cache_max_age == 120


def test_a_304_with_only_last_modified_works_too(httpserver: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-Modified-Since") == "Tue, 03 Mar 2026 08:00:00 GMT":
            return Response(status=304)
        return Response(RSS, headers={"Last-Modified": "Tue, 03 Mar 2026 08:00:00 GMT"})

    httpserver.expect_request("/feed").respond_with_handler(handler)
    first = fetch_feed(httpserver.url_for("/feed"), limits=LOCAL)
    assert first.etag is None
    second = fetch_feed(httpserver.url_for("/feed"), last_modified=first.last_modified, limits=LOCAL)
    assert second.not_modified and second.last_modified == first.last_modified


def test_it_decompresses_gzip_and_deflate(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(RSS), headers={"Content-Encoding": "gzip"}
    )
    httpserver.expect_request("/zlib").respond_with_data(
        zlib.compress(RSS), headers={"Content-Encoding": "deflate"}
    )
    raw = zlib.compressobj(wbits=-15)
    httpserver.expect_request("/raw").respond_with_data(
        raw.compress(RSS) + raw.flush(), headers={"Content-Encoding": "deflate"}
    )
    for path in ("/gz", "/zlib", "/raw"):
        assert fetch_feed(httpserver.url_for(path), limits=LOCAL).content == RSS


def test_it_follows_relative_redirects(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/mid"})
    httpserver.expect_request("/mid").respond_with_data("", status=302, headers={"Location": "new"})
    httpserver.expect_request("/new").respond_with_data(RSS)
    result = fetch_feed(httpserver.url_for("/old"), limits=LOCAL)
    assert result.final_url == httpserver.url_for("/new")
    assert result.url == httpserver.url_for("/old")
    assert result.content == RSS


def test_a_shared_client_can_be_reused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(RSS)
    with make_client(LOCAL) as client:
        for _ in range(3):
            assert fetch_feed(httpserver.url_for("/feed"), limits=LOCAL, client=client).content == RSS


# --- HTTP errors ---------------------------------------------------------------------------------------------


def test_429_is_rate_limited_with_its_retry_after(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "120"}
    )
    err = fetch_error(httpserver.url_for("/feed"))
    assert err.kind == "rate_limited" and err.status == 429 and err.retry_after == 120
    assert not err.permanent


def test_503_carries_a_retry_after_given_as_a_date(httpserver: HTTPServer) -> None:
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 600))
    httpserver.expect_request("/feed").respond_with_data("down", status=503, headers={"Retry-After": later})
    err = fetch_error(httpserver.url_for("/feed"))
    assert err.kind == "http_5xx" and err.status == 503
    assert 590 <= err.retry_after <= 601


def test_404_is_a_permanent_client_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data("gone", status=404)
    err = fetch_error(httpserver.url_for("/feed"))
    assert err.kind == "http_4xx" and err.status == 404 and err.permanent


def test_a_redirect_loop_stops_after_the_redirect_limit(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    err = fetch_error(httpserver.url_for("/a"))
    assert err.kind == "redirects"
    assert len(httpserver.log) == 6  # the first request and five redirects


def test_a_refused_connection_is_a_connect_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert fetch_error(f"http://127.0.0.1:{port}/feed").kind == "connect"


def test_an_unsupported_scheme_is_an_invalid_url() -> None:
    assert fetch_error("ftp://feeds.example.com/rss").kind == "invalid_url"


def test_an_html_error_page_served_with_200_is_not_a_feed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        (FIXTURES / "html_error_page.html").read_bytes(), content_type="text/html; charset=utf-8"
    )
    result = fetch_feed(httpserver.url_for("/feed"), limits=LOCAL)
    with pytest.raises(FeedParseError) as err:
        parse_feed(result.content, content_type=result.content_type, url=result.final_url)
    assert err.value.kind == "not_a_feed"


def test_an_empty_feed_is_fetched_and_parsed_without_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data((FIXTURES / "empty_rss.xml").read_bytes())
    result = fetch_feed(httpserver.url_for("/feed"), limits=LOCAL)
    assert parse_feed(result.content).entries == []


def test_a_truncated_feed_over_http_is_a_parse_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(RSS[:120])
    result = fetch_feed(httpserver.url_for("/feed"), limits=LOCAL)
    with pytest.raises(FeedParseError) as err:
        parse_feed(result.content)
    assert err.value.kind in ("parse", "not_a_feed")


# --- size limits ---------------------------------------------------------------------------------------------


def test_a_body_over_the_cap_is_too_large(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(b"x" * 300_000)
    err = fetch_error(
        httpserver.url_for("/feed"), limits=FetchLimits(allow_private_networks=True, max_bytes=100_000)
    )
    assert err.kind == "too_large"


def test_a_chunked_body_over_the_cap_is_too_large_without_a_content_length(raw_server) -> None:
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        chunk = b"y" * 32_768
        for _ in range(20):
            h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        h.wfile.write(b"0\r\n\r\n")

    err = fetch_error(raw_server(handle), limits=FetchLimits(allow_private_networks=True, max_bytes=100_000))
    assert err.kind == "too_large"


def test_a_gzip_bomb_is_stopped_at_the_decompressed_cap(httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    httpserver.expect_request("/feed").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    err = fetch_error(
        httpserver.url_for("/feed"), limits=FetchLimits(allow_private_networks=True, max_bytes=1_000_000)
    )
    assert err.kind == "too_large"


def test_a_corrupt_gzip_body_is_an_io_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        b"\x1f\x8bnot really gzip", headers={"Content-Encoding": "gzip"}
    )
    assert fetch_error(httpserver.url_for("/feed")).kind == "io"


# --- time limits ---------------------------------------------------------------------------------------------


def test_a_server_dripping_one_byte_a_second_hits_the_total_timeout(raw_server) -> None:
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "1000")
        h.end_headers()
        for _ in range(10):  # bounded: the handler thread ends even if nobody listens
            h.wfile.write(b"<")
            h.wfile.flush()
            time.sleep(1)

    started = time.monotonic()
    err = fetch_error(raw_server(handle), limits=FetchLimits(allow_private_networks=True, total_timeout=2.5))
    assert err.kind == "timeout"
    assert time.monotonic() - started < 4.5


def test_a_body_that_stalls_mid_read_still_ends_at_the_total_deadline(raw_server) -> None:
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "1000")
        h.end_headers()
        h.wfile.write(b"<rss")
        h.wfile.flush()
        time.sleep(1.2)
        h.wfile.write(b" ")
        h.wfile.flush()
        time.sleep(4)

    started = time.monotonic()
    err = fetch_error(raw_server(handle), limits=FetchLimits(allow_private_networks=True, total_timeout=2))
    assert err.kind == "timeout"
    # Without shrinking the read timeout, the read started at 1.2 s could wait until 3.2 s.
    assert time.monotonic() - started < 2.6


def test_a_server_that_never_answers_hits_the_timeout(raw_server) -> None:
    def handle(h: BaseHTTPRequestHandler) -> None:
        time.sleep(3)

    started = time.monotonic()
    err = fetch_error(raw_server(handle), limits=FetchLimits(allow_private_networks=True, total_timeout=1))
    assert err.kind == "timeout"
    assert time.monotonic() - started < 2.5


# --- concurrency ---------------------------------------------------------------------------------------------


def test_the_shared_client_limits_concurrent_requests_per_host(raw_server) -> None:
    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def handle(h: BaseHTTPRequestHandler) -> None:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.15)
        with lock:
            state["now"] -= 1
        h.send_response(200)
        h.send_header("Content-Length", str(len(RSS)))
        h.end_headers()
        h.wfile.write(RSS)

    url = raw_server(handle)
    with make_client(LOCAL) as client:
        threads = [
            threading.Thread(target=fetch_feed, args=(url,), kwargs={"limits": LOCAL, "client": client})
            for _ in range(6)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    assert state["peak"] == 2


# --- address guard -------------------------------------------------------------------------------------------


def test_a_loopback_feed_is_blocked_when_private_networks_are_not_allowed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(RSS)
    err = fetch_error(httpserver.url_for("/feed"), limits=FetchLimits())
    assert err.kind == "blocked_address" and err.permanent
    assert len(httpserver.log) == 0


def test_a_plain_httpx_client_gets_the_address_check_too(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(RSS)
    with httpx.Client() as client:
        err = fetch_error(httpserver.url_for("/feed"), limits=FetchLimits(), client=client)
    assert err.kind == "blocked_address"
    assert len(httpserver.log) == 0


def test_a_redirect_to_a_private_address_is_blocked(httpserver: HTTPServer, monkeypatch) -> None:
    # The test server itself is on loopback, so loopback is let through here and the redirect target,
    # the cloud metadata address, is what must be refused (before any connection is attempted).
    real = netguard.is_forbidden_address
    monkeypatch.setattr(netguard, "is_forbidden_address", lambda a: a not in ("127.0.0.1", "::1") and real(a))
    httpserver.expect_request("/feed").respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    err = fetch_error(httpserver.url_for("/feed"), limits=FetchLimits(connect_timeout=1, total_timeout=3))
    assert err.kind == "blocked_address"
    assert len(httpserver.log) == 1


# --- local files ----------------------------------------------------------------------------------------------


def test_a_local_sample_feed_is_read_and_answers_not_modified_while_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "sample.xml"
    path.write_bytes(RSS)
    first = fetch_feed(str(path))
    assert first.content == RSS and first.etag
    second = fetch_feed(path.as_uri(), etag=first.etag)
    assert second.not_modified and second.content is None and second.etag == first.etag
    path.write_bytes(RSS + b"\n")
    third = fetch_feed(str(path), etag=first.etag)
    assert not third.not_modified and third.etag != first.etag


def test_a_gzipped_local_sample_is_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "sample.xml.gz"
    path.write_bytes(gzip.compress(RSS))
    assert fetch_feed(str(path)).content == RSS


def test_a_local_file_over_the_cap_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_bytes(b"z" * 2000)
    with pytest.raises(FetchError) as err:
        fetch_feed(str(path), limits=FetchLimits(max_bytes=1000))
    assert err.value.kind == "too_large"


def test_a_missing_local_file_is_an_io_error(tmp_path: Path) -> None:
    with pytest.raises(FetchError) as err:
        fetch_feed(str(tmp_path / "missing.xml"))
    assert err.value.kind == "io"


# --- article pages --------------------------------------------------------------------------------------------


ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ferry collision</title></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Ferry and barge collide near the north pier</h1>
<p>Two crew members were injured on Tuesday morning when the harbour ferry struck a moored barge near the
north pier, the port authority said in a statement.</p>
<p>Both were taken to the district hospital with injuries that were described as not life-threatening. The
ferry service was suspended for the rest of the day while inspectors examined the hull.</p>
<p>The authority said an investigation into the cause of the collision had been opened and that the barge
had been moored in its usual position.</p></article>
<footer>Copyright the invented gazette</footer></body></html>"""


def test_it_extracts_the_main_text_of_an_article_page(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html; charset=utf-8")
    text = fetch_page_text(httpserver.url_for("/article"), limits=LOCAL)
    assert text is not None
    assert "Two crew members were injured" in text
    assert "Copyright" not in text


def test_a_page_without_text_gives_none(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/article").respond_with_data(
        "<html><body></body></html>", content_type="text/html"
    )
    assert fetch_page_text(httpserver.url_for("/article"), limits=LOCAL) is None


def test_article_pages_obey_the_address_guard(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    with pytest.raises(FetchError) as err:
        fetch_page_text(httpserver.url_for("/article"))
    assert err.value.kind == "blocked_address"


def test_fetch_errors_survive_pickling() -> None:
    import pickle

    err = pickle.loads(pickle.dumps(FetchError("rate_limited", "x", status=429, retry_after=5.0)))
    assert (err.kind, err.status, err.retry_after, str(err)) == ("rate_limited", 429, 5.0, "x")


def test_a_redirect_to_a_local_file_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    assert fetch_error(httpserver.url_for("/feed")).kind == "invalid_url"


# --- hostile documents end to end: fetched from a real server, then parsed ---------------------------------


def test_billion_laughs_served_over_http_is_not_expanded(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data((FIXTURES / "billion_laughs.xml").read_bytes())
    result = fetch_feed(httpserver.url_for("/feed"), limits=LOCAL)
    try:
        feed = parse_feed(result.content)
    except FeedParseError:
        return
    assert all(len(e.title) + len(e.text) < 10_000 for e in feed.entries)


def test_an_xxe_feed_served_over_http_cannot_read_local_files(httpserver: HTTPServer, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN-4242")
    body = (FIXTURES / "xxe.xml").read_bytes().replace(b"@SECRET_PATH@", str(secret).encode())
    httpserver.expect_request("/feed").respond_with_data(body)
    result = fetch_feed(httpserver.url_for("/feed"), limits=LOCAL)
    try:
        feed = parse_feed(result.content)
    except FeedParseError:
        return
    assert all("TOP-SECRET" not in e.title + e.text for e in feed.entries)


def test_a_wrongly_declared_charset_over_http_still_parses(httpserver: HTTPServer) -> None:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Na\xefve caf\xe9 owner</title><guid>w-1</guid></item></channel></rss>"
    ).encode("latin-1")
    httpserver.expect_request("/feed").respond_with_data(body, content_type="application/xml; charset=utf-8")
    result = fetch_feed(httpserver.url_for("/feed"), limits=LOCAL)
    feed = parse_feed(result.content, content_type=result.content_type)
    assert feed.entries[0].title == "Na\xefve caf\xe9 owner"


@pytest.mark.parametrize(
    "name",
    [
        "duplicate_guids.xml",
        "no_link_no_date.xml",
        "future_dates.xml",
        "rss10.xml",
        "atom.xml",
        "jsonfeed11.json",
    ],
)
def test_each_sample_feed_survives_the_round_trip_over_http(httpserver: HTTPServer, name: str) -> None:
    httpserver.expect_request("/feed").respond_with_data((FIXTURES / name).read_bytes())
    result = fetch_feed(httpserver.url_for("/feed"), limits=LOCAL)
    feed = parse_feed(result.content, content_type=result.content_type, url=result.final_url)
    assert feed.entries
    assert len({e.key for e in feed.entries}) == len(feed.entries)


def test_waiting_for_a_busy_host_counts_against_the_total_deadline(raw_server) -> None:
    def handle(h: BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)
        h.send_response(200)
        h.send_header("Content-Length", str(len(RSS)))
        h.end_headers()
        h.wfile.write(RSS)

    url = raw_server(handle)
    with make_client(LOCAL, per_host=1) as client:
        slow = threading.Thread(target=fetch_feed, args=(url,), kwargs={"limits": LOCAL, "client": client})
        slow.start()
        time.sleep(0.2)
        started = time.monotonic()
        err = fetch_error(
            url, limits=FetchLimits(allow_private_networks=True, total_timeout=0.5), client=client
        )
        waited = time.monotonic() - started
        slow.join(5)
    assert err.kind == "timeout"
    assert waited < 1.0
