"""A worker killed in the middle of a delivery: the alert is neither lost nor accepted twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import select
from werkzeug import Response

from tests.conftest import ROOT
from tests.test_tasks import wait_for
from worker import embedded, pipeline
from worker.store.db import transaction
from worker.store.models import Delivery, DeliveryAttempt

CELERY = Path(sys.executable).with_name("celery")


def start_worker_process(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(CELERY),
            "-A",
            "worker.celery_app",
            "worker",
            "-P",
            "solo",
            "-Q",
            "notify",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_a_worker_killed_mid_delivery_loses_nothing_and_sends_once(
    redis_url, pg_url, make_settings, tmp_path, httpserver
):
    from worker import tasks
    from worker.celery_app import app

    first_arrived, release = threading.Event(), threading.Event()
    accepted = []

    def hook(request):
        if not first_arrived.is_set():
            first_arrived.set()
            release.wait(20)  # the worker dies while we hold the request
            return Response("", status=503)
        accepted.append(request.headers["webhook-id"])
        return Response("", status=204)

    httpserver.expect_request("/hook", method="POST").respond_with_handler(hook)
    alerts = tmp_path / "alerts.yaml"
    alerts.write_text(
        f"channels:\n  hook:\n    type: webhook\n    url: {httpserver.url_for('/hook')}\n    timeout: 30\n"
        "rules:\n  - name: big\n    kind: killed\n    at_least: 100\n    channels: [hook]\n"
    )
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        f"feeds:\n  - url: {ROOT / 'samples/feeds/updates/hasakeh-2.xml'}\n    full_text: false\n"
        "    first_fetch_alerts: true\n"
    )
    settings = make_settings(
        database_url=pg_url,
        broker_url=redis_url,
        alerts_file=alerts,
        feeds_file=feeds,
        delivery_lease_seconds=2,
    )
    # Store the alert and its pending delivery, as the link step would, without delivering it here.
    pipeline.sync_feeds(settings)
    (feed_id,) = pipeline.claim_due_feeds(settings, all_feeds=True)
    polled = pipeline.poll_feed(settings, feed_id)
    report = embedded.PassReport()
    (article_id,) = embedded._extract_all(settings, polled.articles, report)
    from worker import runtime

    (delivery_id,) = pipeline.link_article(settings, article_id, runtime.rules(), {"hook"}).deliveries

    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    env.update(
        NEWSMON_DATABASE_URL=pg_url,
        NEWSMON_BROKER_URL=redis_url,
        NEWSMON_ALERTS_FILE=str(alerts),
        NEWSMON_FEEDS_FILE=str(feeds),
        NEWSMON_ALLOW_PRIVATE_NETWORKS="true",
        NEWSMON_DELIVERY_LEASE_SECONDS="2",
    )
    app.conf.broker_url = redis_url
    worker = start_worker_process(env)
    try:
        tasks.deliver_alert.delay(delivery_id)
        assert first_arrived.wait(60), "the worker never attempted the delivery"
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
        release.set()
        with transaction(pg_url) as s:
            assert s.get(Delivery, delivery_id).status == "sending", "the attempt was in flight"
        time.sleep(2.5)  # the lease of the dead worker runs out
        worker = start_worker_process(env)
        stale = pipeline.find_stale(settings, older_than=0)
        assert delivery_id in stale.deliver, "the sweeper finds the orphaned delivery"
        tasks.deliver_alert.delay(delivery_id)

        def sent():
            with transaction(pg_url) as s:
                return s.get(Delivery, delivery_id).status == "sent"

        wait_for(sent, timeout=60)
    finally:
        release.set()
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(20)
    assert len(accepted) == 1
    with transaction(pg_url) as s:
        attempts = list(s.scalars(select(DeliveryAttempt).where(DeliveryAttempt.delivery_id == delivery_id)))
        assert [a.ok for a in attempts] == [True]
        assert s.get(Delivery, delivery_id).attempts == 2
