"""Thin Celery tasks: load by id, call the stage, save (all in worker.pipeline), then enqueue the next step.

Every task takes ids only; the database holds the data. The next step is enqueued only after the
pipeline function returned, i.e. after its transaction committed, so a worker never sees an id whose
row is not there yet.
"""

from __future__ import annotations

import logging

from celery import Task
from sqlalchemy.exc import OperationalError

from worker import pipeline, runtime
from worker.celery_app import app

log = logging.getLogger("newsmon.tasks")


class NewsmonTask(Task):
    """Shared behaviour of every task, in one place: acks late (app config), retries with exponential
    backoff and jitter on transient infrastructure errors, and one log line per failure."""

    abstract = True
    autoretry_for = (OperationalError, ConnectionError, TimeoutError)
    retry_backoff = 2
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 8

    def on_failure(self, exc, task_id, args, kwargs, einfo):  # pragma: no cover - logging only
        log.error("task %s%s failed: %s", self.name, tuple(args), exc)

    def on_retry(self, exc, task_id, args, kwargs, einfo):  # pragma: no cover - logging only
        log.warning("task %s%s will retry: %s", self.name, tuple(args), exc)


def task(**opts):
    return app.task(base=NewsmonTask, **opts)


@task()
def dispatch_due_feeds() -> int:
    ids = pipeline.claim_due_feeds(runtime.settings())
    for feed_id in ids:
        poll_feed.delay(feed_id)
    return len(ids)


@task()
def poll_feed(feed_id: int) -> int:
    out = pipeline.poll_feed(
        runtime.settings(),
        feed_id,
        client=runtime.http_client(),
        rules=runtime.rules(),
        channel_names=set(runtime.channels()),
    )
    for article_id in out.articles:
        extract_article.delay(article_id)
    for delivery_id in out.deliveries:
        deliver_alert.delay(delivery_id)
    return len(out.articles)


@task()
def extract_article(article_id: int) -> bool:
    settings = runtime.settings()
    try:
        ok = pipeline.extract_article(settings, article_id, runtime.extractor())
    except (OperationalError, ConnectionError, TimeoutError):
        raise
    except Exception as exc:
        # Bad input must not be retried forever nor lost: it is recorded on the article for the
        # operator and picked up again by the sweeper a few times.
        log.exception("article %s: extraction failed", article_id)
        pipeline.record_failure(settings, article_id, f"{type(exc).__name__}: {exc}")
        return False
    if ok:
        link_article.delay(article_id)
    return ok


@task()
def link_article(article_id: int) -> int:
    out = pipeline.link_article(runtime.settings(), article_id, runtime.rules(), set(runtime.channels()))
    for delivery_id in out.deliveries:
        deliver_alert.delay(delivery_id)
    return len(out.deliveries)


@task()
def deliver_alert(delivery_id: int) -> str:
    out = pipeline.deliver(runtime.settings(), delivery_id, runtime.channels())
    if out.status in ("failed", "pending") and out.retry_in is not None:
        # A retry, or a digest waiting for its window. The schedule lives in the deliveries table; this
        # countdown is only the fast path, and the sweeper re-queues anything that slips through.
        deliver_alert.apply_async((delivery_id,), countdown=out.retry_in)
    return out.status


@task()
def sweep() -> dict:
    stale = pipeline.find_stale(runtime.settings())
    for article_id in stale.extract:
        extract_article.delay(article_id)
    for article_id in stale.link:
        link_article.delay(article_id)
    for delivery_id in stale.deliver:
        deliver_alert.delay(delivery_id)
    return {"extract": len(stale.extract), "link": len(stale.link), "deliver": len(stale.deliver)}
