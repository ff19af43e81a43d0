#!/usr/bin/env python3
"""Replay recorded feed snapshots through fetch_feed + parse_feed, served by a local HTTP server.

    python scripts/replay_feeds.py /work/shared/data/feeds/bbc /work/shared/data/feeds/cnn
    python scripts/replay_feeds.py /work/shared/data/feeds          # every sub-directory with a manifest

Each PATH is a directory of gzipped snapshots named by UTC time with a manifest.tsv (file, committed_utc,
commit, bytes, sha256), or a directory of such directories. Every feed gets one URL on a server bound to
127.0.0.1; each poll of it serves the feed's next snapshot, gzip-encoded, with the snapshot's sha256 as
ETag and its commit time as Last-Modified, answering 304 when the poller's If-None-Match matches. Polls
of all feeds are interleaved in commit-time order.

An in-memory {key: content_hash} store plays the database: an entry whose key was seen before and whose
hash changed is an update, never a new entry. Two cross-checks guard the identity logic itself:
"missed updates" counts entries whose title or text changed while the hash did not, and "re-keyed" counts
new keys whose GUID or canonical link had already been seen under another key (identity churn).

Exit status 1 if any snapshot failed to fetch or parse.
"""

from __future__ import annotations

import argparse
import csv
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from worker.stages.fetch import FetchError, FetchLimits, fetch_feed, make_client  # noqa: E402
from worker.stages.parse import FeedParseError, parse_feed  # noqa: E402

# Every counter a feed keeps, with its column header, so the table cannot drift from the stats.
COUNTERS = {
    "snapshots": "snapshots",
    "errors": "errors",
    "not_modified": "304s",
    "entries": "entries",
    "new": "new",
    "updated": "updated",
    "unchanged": "unchanged",
    "missed": "missed upd.",
    "rekeyed": "re-keyed",
}


@dataclass
class Snapshot:
    path: Path
    committed: datetime
    sha256: str


@dataclass
class FeedReplay:
    name: str
    snapshots: list[Snapshot]
    served: int = 0
    etag: str | None = None
    last_modified: str | None = None
    store: dict[str, str] = field(default_factory=dict)
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)
    seen_ids: set[str] = field(default_factory=set)
    stats: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    errors: list[str] = field(default_factory=list)
    rekeyed: list[str] = field(default_factory=list)


def load_feed(directory: Path) -> FeedReplay:
    with open(directory / "manifest.tsv", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    snapshots = [
        Snapshot(
            directory / row["file"],
            datetime.fromisoformat(row["committed_utc"].replace("Z", "+00:00")).astimezone(UTC),
            row["sha256"],
        )
        for row in rows
    ]
    snapshots.sort(key=lambda s: s.committed)
    return FeedReplay(directory.name, snapshots)


def find_feeds(paths: list[str]) -> list[FeedReplay]:
    feeds = []
    for raw in paths:
        path = Path(raw)
        if (path / "manifest.tsv").exists():
            feeds.append(load_feed(path))
        else:
            feeds.extend(load_feed(p) for p in sorted(path.iterdir()) if (p / "manifest.tsv").exists())
    names = [f.name for f in feeds]
    if len(set(names)) != len(names):
        raise SystemExit(f"duplicate feed names: {names}")
    return feeds


class SnapshotServer:
    """Serves, per feed, the snapshot the replay loop says is current."""

    def __init__(self, feeds: list[FeedReplay]) -> None:
        self.current: dict[str, Snapshot] = {}
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body are separate writes; with Nagle on, each poll would stall on delayed ACKs.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:  # noqa: N802 - http.server naming
                name = self.path.rsplit("/", 1)[-1]
                with outer.lock:
                    snap = outer.current.get(name)
                if snap is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = f'"{snap.sha256}"'
                last_modified = format_datetime(snap.committed, usegmt=True)
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", last_modified)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = snap.path.read_bytes()
                is_gzip = body[:2] == b"\x1f\x8b"
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                if is_gzip:
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", last_modified)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/feeds/{name}"

    def __enter__(self) -> SnapshotServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def poll(feed: FeedReplay, server: SnapshotServer, client, limits: FetchLimits) -> None:
    snap = feed.snapshots[feed.served]
    feed.served += 1
    with server.lock:
        server.current[feed.name] = snap
    stats = feed.stats
    stats["snapshots"] += 1
    try:
        result = fetch_feed(
            server.url(feed.name),
            etag=feed.etag,
            last_modified=feed.last_modified,
            limits=limits,
            client=client,
        )
        if result.not_modified:
            stats["not_modified"] += 1
            feed.etag, feed.last_modified = (
                result.etag or feed.etag,
                result.last_modified or feed.last_modified,
            )
            return
        parsed = parse_feed(
            result.content or b"", content_type=result.content_type, url=result.final_url, now=snap.committed
        )
    except (FetchError, FeedParseError) as exc:
        stats["errors"] += 1
        feed.errors.append(f"{snap.path.name}: {exc.kind}: {exc}")
        return
    feed.etag, feed.last_modified = result.etag, result.last_modified
    for entry in parsed.entries:
        stats["entries"] += 1
        before = feed.store.get(entry.key)
        if before is None:
            stats["new"] += 1
            ids = {
                i
                for i in (
                    entry.guid and f"g:{entry.guid}",
                    entry.canonical_link and f"l:{entry.canonical_link}",
                )
                if i
            }
            if ids & feed.seen_ids:
                stats["rekeyed"] += 1
                feed.rekeyed.append(f"{snap.path.name}: {entry.key} ({entry.title[:60]})")
            feed.seen_ids |= ids
        elif before != entry.content_hash:
            stats["updated"] += 1
        else:
            stats["unchanged"] += 1
            if feed.texts.get(entry.key) != (entry.title, entry.text):
                stats["missed"] += 1
        feed.store[entry.key] = entry.content_hash
        feed.texts[entry.key] = (entry.title, entry.text)


def print_table(feeds: list[FeedReplay], seconds: float) -> None:
    headers = ("feed", *COUNTERS.values())
    rows = [[f.name, *(str(f.stats[c]) for c in COUNTERS)] for f in feeds]
    rows.append(["TOTAL", *(str(sum(f.stats[c] for f in feeds)) for c in COUNTERS)])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(
        h.rjust(w) if i else h.ljust(w) for i, (h, w) in enumerate(zip(headers, widths, strict=True))
    )
    print(line)
    print("-" * len(line))
    for row in rows:
        print(
            "  ".join(
                c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    print(f"\nreplayed in {seconds:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--limit", type=int, default=0, help="at most this many snapshots per feed (0: all)")
    args = parser.parse_args(argv)
    feeds = find_feeds(args.paths)
    if not feeds:
        print("no feed directories with a manifest.tsv found", file=sys.stderr)
        return 2
    if args.limit:
        for feed in feeds:
            feed.snapshots = feed.snapshots[: args.limit]
    # Loopback is the whole point here, so the private-network guard is off for this local server.
    limits = FetchLimits(allow_private_networks=True, total_timeout=30)
    order = sorted((s.committed, f.name) for f in feeds for s in f.snapshots)
    by_name = {f.name: f for f in feeds}
    started = time.monotonic()
    with SnapshotServer(feeds) as server, make_client(limits) as client:
        for _when, name in order:
            poll(by_name[name], server, client, limits)
    print_table(feeds, time.monotonic() - started)
    errors = [e for f in feeds for e in f.errors]
    for error in errors[:20]:
        print("ERROR", error)
    for feed in feeds:
        for line in feed.rekeyed[:10]:
            print(f"re-keyed {feed.name}: {line}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
