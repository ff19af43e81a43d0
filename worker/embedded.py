"""Embedded mode: the same pipeline functions as the Celery tasks, run in-process, one pass at a time."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from sqlalchemy import select

from worker import pipeline, runtime
from worker.settings import Settings
from worker.stages.fetch import make_client
from worker.store.db import transaction
from worker.store.models import Article

log = logging.getLogger("newsmon")


@dataclass
class PassReport:
    feeds: int = 0
    feed_errors: list[str] = field(default_factory=list)
    articles: int = 0
    extracted: int = 0
    failed: int = 0
    linked: int = 0
    alerts: int = 0
    deliveries: dict[str, int] = field(default_factory=dict)


def run_pass(settings: Settings, *, all_feeds: bool = False) -> PassReport:
    report = PassReport()
    pipeline.sync_feeds(settings)
    # Work a crashed earlier run left behind comes first: nothing is lost between runs.
    leftover = pipeline.find_stale(settings, older_than=0)
    feed_ids = pipeline.claim_due_feeds(settings, limit=1_000_000, all_feeds=all_feeds)
    report.feeds = len(feed_ids)
    articles: list[int] = list(leftover.extract)
    deliveries = list(leftover.deliver)
    rules, channels = runtime.rules(), runtime.channels()
    with make_client(pipeline.fetch_limits(settings)) as client:
        for feed_id in feed_ids:
            out = pipeline.poll_feed(
                settings, feed_id, client=client, rules=rules, channel_names=set(channels)
            )
            if out.error:
                report.feed_errors.append(f"feed {feed_id}: {out.error}")
            articles.extend(out.articles)
            deliveries.extend(out.deliveries)
    articles = list(dict.fromkeys(articles))
    report.articles = len(articles)
    to_link = list(leftover.link) + _extract_all(settings, articles, report)
    for article_id in _in_published_order(settings, to_link):
        out = pipeline.link_article(settings, article_id, rules, set(channels))
        report.linked += 1
        deliveries.extend(out.deliveries)
    report.alerts = len(deliveries)
    for delivery_id in dict.fromkeys(deliveries):
        status = pipeline.deliver(settings, delivery_id, channels).status
        report.deliveries[status] = report.deliveries.get(status, 0) + 1
    return report


def _extract_all(settings: Settings, article_ids: list[int], report: PassReport) -> list[int]:
    loaded = []
    for article_id in article_ids:
        item = pipeline.load_for_extraction(settings, article_id)
        if item is not None:
            loaded.append((article_id, item))
    if not loaded:
        return []
    extractor = runtime.extractor()
    done = []
    try:
        results = list(extractor.extract_many([(title, text) for _, (title, text, _) in loaded]))
    except Exception:
        # One bad article must not sink the batch: fall back to one at a time to find it.
        results = []
        for _, (title, text, _) in loaded:
            try:
                results.append(extractor.extract(text, title))
            except Exception as exc:
                results.append(exc)
    for (article_id, (_, _, version)), result in zip(loaded, results, strict=True):
        if isinstance(result, Exception):
            pipeline.record_failure(settings, article_id, f"{type(result).__name__}: {result}")
            report.failed += 1
            continue
        if pipeline.save_extraction(settings, article_id, version, result):
            done.append(article_id)
            report.extracted += 1
    return done


def _in_published_order(settings: Settings, article_ids: list[int]) -> list[int]:
    """Link in the order the reports were published, so figure timelines rise as the story did."""
    if not article_ids:
        return []
    with transaction(settings.database_url) as s:
        rows = s.execute(
            select(Article.id, Article.published_at, Article.first_seen_at).where(Article.id.in_(article_ids))
        ).all()
    return [r.id for r in sorted(rows, key=lambda r: (r.published_at or r.first_seen_at, r.id))]


def run_forever(settings: Settings, *, interval: float | None = None, stop=lambda: False) -> None:
    interval = interval or settings.poll_interval
    while not stop():
        started = time.monotonic()
        try:
            report = run_pass(settings)
            log.info("pass: %s", report)
        except Exception:
            # The loop never dies on one bad pass; the next pass retries whatever was left.
            log.exception("pass failed")
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
