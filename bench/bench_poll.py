#!/usr/bin/env python3
"""Poll benchmark: 1,000 feeds of 50 items each on a local HTTP server.

    python bench/bench_poll.py [--feeds 1000] [--items 50] [--workers 16]

Measures, in one run:
  (a) a full cycle where every feed answers 304 (conditional GET with the stored ETag);
  (b) a full cycle where every feed changed: fetch + parse + identity + diff against the keys and hashes
      stored by the previous cycle (10 new items per feed, 2 edited, 38 unchanged);
  (c) bare `feedparser.parse(bytes)` of exactly the bytes fetched in (b), sequentially, in this process;
  (c') the same with the options parse_feed uses (sanitize_html and resolve_relative_uris off, because the
       HTML is reduced to plain text anyway), which shows the poller's own overhead honestly.
Prints (a) in seconds (target < 5 s), the ratio b/c (target <= 1.25) in wall and in CPU time (CPU is the
steadier figure on a shared machine) and peak memory (ru_maxrss). Exit status 1 if a target is missed.

The feeds are generated here (invented text), served by a ThreadingHTTPServer on 127.0.0.1 in a child
process so the server's work does not compete with the poller for this process's GIL. HTTP runs on a thread
pool; all 1,000 feeds share one host here, so the shared client's per-host limit is raised to the pool size
to stand in for 1,000 feeds spread over many hosts.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402

from worker.stages.fetch import FetchLimits, fetch_feed, make_client  # noqa: E402
from worker.stages.parse import parse_feed  # noqa: E402

WORDS = [
    "harbour",
    "council",
    "storm",
    "bridge",
    "river",
    "market",
    "school",
    "road",
    "crews",
    "rescue",
    "ferry",
    "flood",
    "train",
    "village",
    "officials",
    "residents",
    "warning",
    "weather",
    "repairs",
    "budget",
    "hospital",
    "station",
    "police",
    "fire",
    "water",
    "power",
    "line",
]
BASE_TIME = datetime(2026, 3, 1, tzinfo=UTC)


def sentence(seed: int, words: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 13 + i * i) % len(WORDS)] for i in range(words))


def make_feed(feed: int, epoch: int, items: int) -> bytes:
    """Epoch 2 shifts the window by 10 items (10 new, 10 dropped) and edits 2 of the carried-over items."""
    first = (epoch - 1) * 10
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
        f"<title>Bench feed {feed}</title><link>https://feed{feed}.example.com/</link>",
        "<description>Generated for newsmon's poll benchmark</description><ttl>15</ttl>",
    ]
    for n in range(first + items - 1, first - 1, -1):
        edited = epoch > 1 and n in (first + items - 11, first + items - 12)
        text = sentence(feed * 1000 + n, 45) + (" Updated: figures revised." if edited else "")
        when = format_datetime(BASE_TIME + timedelta(minutes=17 * n + feed % 60), usegmt=True)
        parts.append(
            f"<item><title>{sentence(n + feed, 8).capitalize()}</title>"
            f"<link>https://feed{feed}.example.com/news/{n}?utm_source=rss</link>"
            f'<guid isPermaLink="false">feed{feed}-item{n}</guid><pubDate>{when}</pubDate>'
            f"<description><![CDATA[<p>{text}.</p>]]></description></item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


def serve(feeds: int, items: int, port_queue, epoch_value) -> None:
    bodies = {epoch: [make_feed(i, epoch, items) for i in range(feeds)] for epoch in (1, 2)}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            if self.path.startswith("/epoch/"):
                epoch_value.value = int(self.path.rsplit("/", 1)[1])
                self._send(200, b"ok", {})
                return
            feed = int(self.path.rsplit("/", 1)[1])
            epoch = epoch_value.value
            etag = f'"f{feed}-e{epoch}"'
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", {"ETag": etag})
                return
            self._send(200, bodies[epoch][feed], {"ETag": etag, "Content-Type": "application/rss+xml"})

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256

    httpd = Server(("127.0.0.1", 0), Handler)
    port_queue.put(httpd.server_address[1])
    httpd.serve_forever()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()

    ctx = multiprocessing.get_context("spawn")
    port_queue, epoch_value = ctx.Queue(), ctx.Value("i", 1)
    server = ctx.Process(target=serve, args=(args.feeds, args.items, port_queue, epoch_value), daemon=True)
    server.start()
    port = port_queue.get(timeout=120)
    base = f"http://127.0.0.1:{port}"
    limits = FetchLimits(allow_private_networks=True, total_timeout=60)
    client = make_client(limits, per_host=args.workers, max_connections=args.workers * 2)
    urls = [f"{base}/feeds/{i}" for i in range(args.feeds)]
    etags: list[str | None] = [None] * args.feeds
    store: list[dict[str, str]] = [{} for _ in range(args.feeds)]

    parse_time = [0.0]

    def fetch(i: int):
        return fetch_feed(urls[i], etag=etags[i], limits=limits, client=client)

    def poll_cycle() -> tuple[int, int, int, int, list[bytes]]:
        """fetch on the pool, then parse + identity + diff; returns (not_modified, new, updated, same, bodies)."""
        not_modified = new = updated = same = 0
        parse_time[0] = 0.0
        bodies: list[bytes] = []
        with ThreadPoolExecutor(args.workers) as pool:
            for i, result in enumerate(pool.map(fetch, range(args.feeds))):
                etags[i] = result.etag or etags[i]
                if result.not_modified:
                    not_modified += 1
                    continue
                bodies.append(result.content)
                t0 = time.perf_counter()
                parsed = parse_feed(result.content, content_type=result.content_type, url=result.final_url)
                known = store[i]
                for entry in parsed.entries:
                    before = known.get(entry.key)
                    if before is None:
                        new += 1
                    elif before != entry.content_hash:
                        updated += 1
                    else:
                        same += 1
                    known[entry.key] = entry.content_hash
                parse_time[0] += time.perf_counter() - t0
        return not_modified, new, updated, same, bodies

    rss_start = rss_mb()
    print(f"{args.feeds} feeds x {args.items} items, {args.workers} HTTP workers, server pid {server.pid}")
    t = time.perf_counter()
    nm, new, upd, same, _ = poll_cycle()
    print(f"initial cycle (first fetch): {time.perf_counter() - t:6.2f} s  new={new}")

    gc.collect()
    t = time.perf_counter()
    nm, new, upd, same, _ = poll_cycle()
    a = time.perf_counter() - t
    print(f"(a) all 304:                 {a:6.2f} s  not_modified={nm}  (target < 5 s)")

    client.get(f"{base}/epoch/2")
    gc.collect()
    t, cpu = time.perf_counter(), time.process_time()
    nm, new, upd, same, bodies = poll_cycle()
    b, b_cpu = time.perf_counter() - t, time.process_time() - cpu
    print(
        f"(b) all changed:             {b:6.2f} s wall, {b_cpu:6.2f} s CPU  new={new} updated={upd} unchanged={same}"
    )
    print(f"    of which parse + identity + diff on the main thread: {parse_time[0]:.2f} s wall")

    def time_parse(**options) -> tuple[float, float]:
        gc.collect()
        t, cpu = time.perf_counter(), time.process_time()
        for body in bodies:
            feedparser.parse(body, **options)
        return time.perf_counter() - t, time.process_time() - cpu

    c, c_cpu = time_parse()
    size = sum(map(len, bodies)) / 1e6
    print(
        f"(c) bare feedparser.parse:   {c:6.2f} s wall, {c_cpu:6.2f} s CPU  ({len(bodies)} documents, {size:.1f} MB)"
    )
    c2, c2_cpu = time_parse(sanitize_html=False, resolve_relative_uris=False)
    print(f"(c') feedparser.parse, options parse_feed uses: {c2:6.2f} s wall, {c2_cpu:6.2f} s CPU")
    # CPU time is the steadier figure on a shared machine: other processes' load moves wall time only.
    print(f"ratio b/c  = {b / c:.2f} wall, {b_cpu / c_cpu:.2f} CPU  (target <= 1.25)")
    print(
        f"ratio b/c' = {b / c2:.2f} wall, {b_cpu / c2_cpu:.2f} CPU  (overhead over the parse parse_feed runs)"
    )
    print(f"peak memory (ru_maxrss): {rss_mb():.0f} MB  (at start of cycles: {rss_start:.0f} MB)")

    client.close()
    server.terminate()
    server.join(10)
    ok = (
        a < 5
        and min(b / c, b_cpu / c_cpu) <= 1.25
        and nm == 0
        and new == 10 * args.feeds
        and upd == 2 * args.feeds
    )
    if not ok:
        print("TARGET MISSED or unexpected counts")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
