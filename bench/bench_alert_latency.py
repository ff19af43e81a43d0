"""Distributed-mode alert latency and notify throughput, on real Redis, PostgreSQL and Celery workers.

    python bench/bench_alert_latency.py [--updates 50] [--poll-interval 2] [--alerts 300]

(a) Latency: a local feed gets a new entry whose death toll rises; beat-like dispatch runs every
    --poll-interval seconds; we time from the moment the entry appears in the feed to the moment the
    signed webhook arrives at a local receiver. Prints p50/p95 against the target p95 <= interval + 2 s.
(b) Throughput: --alerts deliveries queued at once on the notify queue; alerts per second delivered to
    the local receiver by the workers.
Needs Redis on 127.0.0.1:6379 and PostgreSQL on 127.0.0.1:5432 (trust auth); creates and drops its own
database.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import create_engine, text

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/14"


class Feed:
    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()

    def add(self, guid: str, title: str, body: str) -> None:
        with self.lock:
            self.items.insert(0, (guid, title, body))
            del self.items[20:]

    def xml(self) -> bytes:
        with self.lock:
            items = "".join(
                f"<item><guid>{g}</guid><title>{t}</title><description>{b}</description>"
                f"<pubDate>{datetime.now(UTC):%a, %d %b %Y %H:%M:%S GMT}</pubDate></item>"
                for g, t, b in self.items
            )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>{items}</channel></rss>'.encode()


def serve(feed: Feed, received: dict[str, float]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            body = feed.xml()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.setdefault(self.headers.get("webhook-id", ""), time.monotonic())
            self.send_response(204)
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--updates", type=int, default=50)
    ap.add_argument("--poll-interval", type=float, default=2.0)
    ap.add_argument("--alerts", type=int, default=300)
    ap.add_argument("--concurrency", type=int, default=4)
    args = ap.parse_args()

    import redis

    from worker import pipeline, runtime, tasks
    from worker.settings import load_settings
    from worker.store.db import transaction, upgrade
    from worker.store.models import Alert, Delivery
    from worker.store.models import Feed as FeedRow

    redis.Redis.from_url(REDIS).flushdb()
    dbname = f"newsmon_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{dbname}"'))
    db_url = PG_ADMIN.rsplit("/", 1)[0] + "/" + dbname
    tmp = Path(tempfile.mkdtemp())
    feed, received = Feed(), {}
    server = serve(feed, received)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (tmp / "alerts.yaml").write_text(
        f"channels:\n  hook:\n    type: webhook\n    url: {base}/hook\n"
        "rules:\n  - name: rise\n    kind: killed\n    rise_by: 1\n    channels: [hook]\n"
        "  - name: new\n    kind: killed\n    new_event_at_least: 1\n    channels: [hook]\n"
    )
    (tmp / "feeds.yaml").write_text("feeds: []\n")
    settings = load_settings(
        database_url=db_url,
        broker_url=REDIS,
        allow_private_networks=True,
        alerts_file=tmp / "alerts.yaml",
        feeds_file=tmp / "feeds.yaml",
        poll_min_interval=10,
        full_text_min_chars=0,
    )
    runtime.use(settings)
    upgrade(db_url)
    runtime.extractor()  # load the model before timing

    from celery.contrib.testing.worker import start_worker

    from worker.celery_app import QUEUES, app

    app.conf.broker_url = REDIS
    feed_id = pipeline.add_feed(settings, base + "/feed.xml", full_text=False)
    with transaction(db_url) as s:
        s.get(FeedRow, feed_id).first_fetch_alerts = True

    stop = threading.Event()

    def beat() -> None:
        # What beat does, at the poll interval: make the feed due and dispatch it.
        while not stop.is_set():
            with transaction(db_url) as s:
                row = s.get(FeedRow, feed_id)
                row.next_check_at = datetime.now(UTC) - timedelta(seconds=1)
            tasks.dispatch_due_feeds.delay()
            stop.wait(args.poll_interval)

    latencies = []
    with start_worker(
        app, pool="threads", concurrency=args.concurrency, queues=list(QUEUES), perform_ping_check=False
    ):
        threading.Thread(target=beat, daemon=True).start()
        toll = 10
        for i in range(args.updates):
            toll += 3
            before = len(received)
            appeared = time.monotonic()
            feed.add(
                f"bench-{i}",
                f"Bench story update {i}",
                f"At least {toll} people were killed in the Bench valley floods, officials said on update {i}.",
            )
            deadline = appeared + 60
            while len(received) <= before and time.monotonic() < deadline:
                time.sleep(0.02)
            if len(received) > before:
                latencies.append(max(received.values()) - appeared)
            # Spread updates over the poll cycle so latency covers the whole range of waits.
            time.sleep((i % 5) * args.poll_interval / 5)
        stop.set()

        # (b) notify throughput
        with transaction(db_url) as s:
            base_alert = s.query(Alert).first()
            ids = []
            for n in range(args.alerts):
                a = Alert(
                    dedupe_key=f"bench:{n}",
                    alert_uid=f"msg_bench_{n}",
                    rule=base_alert.rule,
                    event_id=base_alert.event_id,
                    kind="killed",
                    old_value=1,
                    new_value=2,
                    change="rise",
                    headline="bench",
                    message=base_alert.message,
                )
                a.message = {
                    **base_alert.message,
                    "fields": {**base_alert.message["fields"], "alert_id": f"msg_bench_{n}"},
                }
                s.add(a)
                s.flush()
                d = Delivery(alert_id=a.id, channel="hook")
                s.add(d)
                s.flush()
                ids.append(d.id)
        before = len(received)
        started = time.monotonic()
        for d in ids:
            tasks.deliver_alert.delay(d)
        while len(received) < before + len(ids) and time.monotonic() - started < 300:
            time.sleep(0.02)
        elapsed = time.monotonic() - started
        sent = len(received) - before

    server.shutdown()
    from worker.store.db import engine_for

    engine_for(db_url).dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))

    latencies.sort()
    p50 = statistics.median(latencies) if latencies else float("nan")
    p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)] if latencies else float("nan")
    target = args.poll_interval + 2
    print(f"updates: {args.updates}, alerts received: {len(latencies)}")
    print(
        f"latency entry->webhook: p50 {p50:.2f} s, p95 {p95:.2f} s (target p95 <= poll interval + 2 s = {target:.1f} s): "
        f"{'OK' if p95 <= target else 'MISSED'}"
    )
    print(
        f"notify throughput: {sent} alerts in {elapsed:.2f} s = {sent / elapsed:.0f} alerts/s "
        f"({args.concurrency} worker threads, local receiver)"
    )


if __name__ == "__main__":
    main()
