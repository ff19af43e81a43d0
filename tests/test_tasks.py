"""The whole path on the real stack: a feed served over HTTP -> a real Celery worker on Redis ->
PostgreSQL -> a signed webhook received and verified with the independent `standardwebhooks` package."""

from __future__ import annotations

import json
import textwrap
import time

import pytest
from sqlalchemy import select
from werkzeug import Response

from tests.conftest import ROOT
from worker import pipeline, runtime
from worker.store.db import transaction
from worker.store.models import Article, Delivery, Event

SAMPLES = ROOT / "samples" / "feeds" / "updates"
SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def wait_for(predicate, timeout: float = 90.0, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out waiting")


@pytest.fixture
def celery_worker(redis_url, pg_url, make_settings, tmp_path, httpserver, monkeypatch):
    from celery.contrib.testing.worker import start_worker

    from worker.celery_app import QUEUES, app

    monkeypatch.setenv("NEWSMON_TEST_HOOK_SECRET", SECRET)
    alerts = tmp_path / "alerts.yaml"
    alerts.write_text(
        textwrap.dedent(
            f"""
            channels:
              hook:
                type: webhook
                url: {httpserver.url_for("/hook")}
                secret_env: NEWSMON_TEST_HOOK_SECRET
            rules:
              - name: killed-new
                kind: killed
                new_event_at_least: 1
                channels: [hook]
              - name: killed-rise
                kind: killed
                rise_by: 1
                channels: [hook]
            """
        )
    )
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("feeds: []\n")
    settings = make_settings(database_url=pg_url, broker_url=redis_url, alerts_file=alerts, feeds_file=feeds)
    app.conf.broker_url = redis_url
    app.conf.broker_connection_retry_on_startup = False
    with start_worker(
        app, pool="solo", concurrency=1, queues=list(QUEUES), perform_ping_check=False, shutdown_timeout=30
    ):
        yield settings


def test_a_feed_update_flows_through_celery_to_a_signed_webhook(celery_worker, httpserver):
    from standardwebhooks.webhooks import Webhook

    from worker import tasks

    settings = celery_worker
    current = {"body": (SAMPLES / "hasakeh-1.xml").read_bytes()}
    httpserver.expect_request("/feed.xml").respond_with_handler(
        lambda request: Response(current["body"], content_type="application/rss+xml")
    )
    received = []

    def hook(request):
        payload = Webhook(SECRET).verify(request.get_data(), dict(request.headers))
        received.append(payload)
        return Response("", status=204)

    httpserver.expect_request("/hook", method="POST").respond_with_handler(hook)
    feed_id = pipeline.add_feed(settings, httpserver.url_for("/feed.xml"), full_text=False)
    with transaction(settings.database_url) as s:
        from worker.store.models import Feed

        s.get(Feed, feed_id).first_fetch_alerts = True

    tasks.dispatch_due_feeds.delay()
    wait_for(lambda: len(received) >= 1)

    current["body"] = (SAMPLES / "hasakeh-2.xml").read_bytes()
    tasks.poll_feed.delay(feed_id)
    wait_for(lambda: any(p["data"]["figure"]["change"] == "rise" for p in received))

    rise = next(p for p in received if p["data"]["figure"]["change"] == "rise")
    assert (rise["data"]["figure"]["old"], rise["data"]["figure"]["new"]) == (77, 120)
    with transaction(settings.database_url) as s:
        (article,) = s.scalars(select(Article)).all()
        assert article.version == 2 and article.status == "linked"
        assert s.get(Event, article.event_id).current["killed"]["value"] == 120
        assert {d.status for d in s.scalars(select(Delivery))} == {"sent"}
    assert len(received) == len({json.dumps(p, sort_keys=True) for p in received}), "nothing received twice"


STORY = [
    (
        "At least 77 people were killed when Islamic State fighters stormed the Ghwayran prison in Hasakeh, "
        "northeast Syria, a war monitor said.",
        77,
    ),
    (
        "The toll from the Islamic State assault on the Ghwayran prison in Hasakeh, Syria, rose to 90 killed, "
        "the Syrian Observatory for Human Rights said.",
        90,
    ),
    (
        "Kurdish-led forces fought Islamic State fighters around the Ghwayran prison in Hasakeh, Syria, where "
        "at least 104 people have been killed.",
        104,
    ),
    (
        "At least 120 people have been killed in the battle for the Ghwayran prison in Hasakeh, Syria, after "
        "Islamic State fighters attacked it, the monitor said.",
        120,
    ),
]


@pytest.fixture
def threaded_worker(redis_url, pg_url, make_settings, tmp_path):
    from celery.contrib.testing.worker import start_worker

    from worker.celery_app import QUEUES, app

    alerts = tmp_path / "alerts.yaml"
    alerts.write_text(
        "channels:\n  out:\n    type: file\n    path: " + str(tmp_path / "alerts.jsonl") + "\n"
        "rules:\n  - name: killed-rise\n    kind: killed\n    rise_by: 1\n    channels: [out]\n"
        "  - name: killed-100\n    kind: killed\n    at_least: 100\n    channels: [out]\n"
    )
    settings = make_settings(database_url=pg_url, broker_url=redis_url, alerts_file=alerts)
    app.conf.broker_url = redis_url
    with start_worker(
        app, pool="threads", concurrency=4, queues=list(QUEUES), perform_ping_check=False, shutdown_timeout=30
    ):
        yield settings


def test_concurrent_workers_linking_one_story_make_one_event_and_lose_no_figure(threaded_worker):
    from worker import tasks
    from worker.store.models import Alert, EventFigure

    settings = threaded_worker
    extractor = runtime.extractor()
    ids = []
    for round_ in range(3):  # several copies of the story, each with its own wording order
        for n, (text, _) in enumerate(STORY):
            aid = pipeline.ingest_item(
                settings,
                {"id": f"{round_}-{n}", "title": f"Report {round_}-{n} on Hasakeh prison", "text": text},
            )
            pipeline.extract_article(settings, aid, extractor)
            ids.append(aid)
    for aid in ids:
        tasks.link_article.delay(aid)

    def all_linked():
        with transaction(settings.database_url) as s:
            return all(a.status == "linked" for a in s.scalars(select(Article)))

    wait_for(all_linked)
    with transaction(settings.database_url) as s:
        events = {a.event_id for a in s.scalars(select(Article))}
        assert len(events) == 1, "one story, one event, whatever the interleaving"
        event = s.get(Event, events.pop())
        assert event.current["killed"]["value"] == 120
        reports = list(s.scalars(select(EventFigure).where(EventFigure.kind == "killed")))
        assert len(reports) + sum(1 for a in s.scalars(select(Article)) if a.duplicate_of) == len(ids)
        keys = list(s.scalars(select(Alert.dedupe_key)))
        assert len(keys) == len(set(keys))


def test_two_beats_dispatching_at_once_poll_each_feed_once(threaded_worker, httpserver):
    from collections import Counter

    from worker import tasks
    from worker.store.models import Feed

    settings = threaded_worker
    hits: Counter[str] = Counter()
    body = (SAMPLES / "hasakeh-1.xml").read_bytes()

    def feed(request):
        hits[request.path] += 1
        return Response(body, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    for n in range(6):
        httpserver.expect_request(f"/feed-{n}.xml").respond_with_handler(feed)
        pipeline.add_feed(settings, httpserver.url_for(f"/feed-{n}.xml"), full_text=False)
    for _ in range(3):  # three dispatchers racing, as with a second beat started by mistake
        tasks.dispatch_due_feeds.delay()

    def polled():
        with transaction(settings.database_url) as s:
            return all(f.fetch_count >= 1 for f in s.scalars(select(Feed)))

    wait_for(polled)
    time.sleep(1.0)
    assert sorted(hits.values()) == [1] * 6
    with transaction(settings.database_url) as s:
        assert all(f.etag == '"v1"' and f.next_check_at > f.last_success_at for f in s.scalars(select(Feed)))
