"""Feeds: sync from config, claim due feeds, poll one feed, record its health."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from worker import feeds_config
from worker.pipeline.alerts import store_alert
from worker.pipeline.common import fetch_limits, log, now
from worker.settings import Settings
from worker.stages import health, schedule
from worker.stages.fetch import FetchError, fetch_feed, fetch_page_text
from worker.stages.parse import FeedParseError, parse_feed
from worker.store.db import transaction
from worker.store.models import (
    Article,
    Feed,
)


def sync_feeds(settings: Settings) -> list[int]:
    """Make the feeds table match config/feeds.yaml (new feeds added, existing ones updated)."""
    specs = feeds_config.load_feeds(settings.feeds_file)
    ids = []
    with transaction(settings.database_url) as s:
        for spec in specs:
            feed = s.scalar(select(Feed).where(Feed.url == spec.url))
            if feed is None:
                feed = Feed(url=spec.url)
                s.add(feed)
            feed.name, feed.full_text, feed.enabled = spec.name, spec.full_text, spec.enabled
            feed.first_fetch_alerts = spec.first_fetch_alerts
            s.flush()
            ids.append(feed.id)
    return ids


def add_feed(settings: Settings, url: str, name: str | None = None, full_text: bool = True) -> int:
    url = feeds_config.resolve_url(url, Path.cwd())
    with transaction(settings.database_url) as s:
        feed = s.scalar(select(Feed).where(Feed.url == url))
        if feed is None:
            feed = Feed(url=url, name=name, full_text=full_text)
            s.add(feed)
            s.flush()
        return feed.id


def claim_due_feeds(settings: Settings, limit: int | None = None, *, all_feeds: bool = False) -> list[int]:
    """Claim feeds whose next check is due. A claim lasts a fetch timeout, so a second beat started by
    mistake, or two dispatchers racing, never poll the same feed twice: on PostgreSQL the rows are taken
    with FOR UPDATE SKIP LOCKED, on SQLite the write transaction is exclusive."""
    t = now()
    lease = timedelta(seconds=settings.fetch_timeout * 4 + 60)
    with transaction(settings.database_url) as s:
        q = select(Feed).where(Feed.enabled.is_(True))
        if not all_feeds:
            q = q.where(Feed.next_check_at <= t)
        q = q.where(or_(Feed.claimed_until.is_(None), Feed.claimed_until < t))
        q = q.order_by(Feed.next_check_at).limit(limit or settings.dispatch_batch)
        if s.get_bind().dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        feeds = list(s.scalars(q))
        for feed in feeds:
            feed.claimed_until = t + lease
        return [f.id for f in feeds]


@dataclass
class PollOutcome:
    feed_id: int
    articles: list[int] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    not_modified: bool = False
    error: str | None = None
    deliveries: list[int] = field(default_factory=list)


def poll_feed(
    settings: Settings,
    feed_id: int,
    client: Any = None,
    rules: list | None = None,
    channel_names: set[str] | None = None,
) -> PollOutcome:
    """Fetch one feed, store new and changed entries, schedule the next check. Never raises for a
    broken feed: the error is recorded on the feed row, where `newsmon feeds list` shows it."""
    out = PollOutcome(feed_id)
    with transaction(settings.database_url) as s:
        feed = s.get(Feed, feed_id)
        if feed is None:
            return out
        url, etag, last_modified = feed.url, feed.etag, feed.last_modified
        # No flood when a feed is added: its old entries are stored but raise no alerts.
        backlog_possible = feed.fetch_count == 0 and not feed.first_fetch_alerts
        full_text = feed.full_text
    limits = fetch_limits(settings)
    started = now()
    try:
        result = fetch_feed(url, etag=etag, last_modified=last_modified, limits=limits, client=client)
        parsed = (
            None
            if result.not_modified
            else parse_feed(result.content or b"", content_type=result.content_type, url=result.final_url)
        )
    except (FetchError, FeedParseError) as exc:
        out.error = f"{exc.kind}: {exc}"
        out.deliveries = _record_feed_error(settings, feed_id, exc, started, rules, channel_names)
        return out
    except Exception as exc:  # a bug or an unexpected input must not stop the other feeds
        log.exception("feed %s: unexpected error", url)
        exc.kind = "internal"  # type: ignore[attr-defined]
        out.error = f"internal: {exc}"
        out.deliveries = _record_feed_error(settings, feed_id, exc, started, rules, channel_names)
        return out

    if parsed is None:
        out.not_modified = True
        with transaction(settings.database_url) as s:
            feed = s.get(Feed, feed_id)
            _record_success(settings, feed, result, started, entry_times=[])
            out.deliveries = _check_health(s, settings, feed, started, rules, channel_names)
        return out

    with transaction(settings.database_url) as s:
        known = {
            key: h
            for key, h in s.execute(
                select(Article.entry_key, Article.content_hash).where(Article.feed_id == feed_id)
            )
        }
    changed = [e for e in parsed.entries if known.get(e.key) != e.content_hash]
    page_texts: dict[str, str] = {}
    if full_text and settings.full_text_min_chars > 0:
        for entry in changed:
            if entry.link and len(entry.text) < settings.full_text_min_chars:
                try:
                    text = fetch_page_text(entry.link, limits=limits, client=client)
                except Exception as exc:  # the summary is still worth keeping
                    log.info("page %s: %s", entry.link, exc)
                    text = None
                if text and len(text) > len(entry.text):
                    page_texts[entry.key] = text

    backlog_before = started - timedelta(hours=settings.backlog_age_hours)
    with transaction(settings.database_url) as s:
        feed = s.get(Feed, feed_id)
        for entry in changed:
            text = page_texts.get(entry.key, entry.text)
            article = s.scalar(
                select(Article).where(Article.feed_id == feed_id, Article.entry_key == entry.key)
            )
            if article is None:
                article = Article(
                    feed_id=feed_id,
                    entry_key=entry.key,
                    guid=entry.guid,
                    url=entry.link,
                    canonical_url=entry.canonical_link,
                    title=entry.title,
                    text=text,
                    content_hash=entry.content_hash,
                    published_at=entry.published,
                    entry_updated_at=entry.updated,
                    is_backlog=backlog_possible and (entry.published or started) < backlog_before,
                    status="new",
                )
                s.add(article)
                out.new += 1
            else:
                # A revised entry (death tolls are often updated in place) is the same article, queued again.
                article.title, article.text, article.content_hash = entry.title, text, entry.content_hash
                article.entry_updated_at = entry.updated
                article.url, article.canonical_url = entry.link, entry.canonical_link
                article.version += 1
                article.status, article.error, article.attempts = "new", None, 0
                article.updated_at = now()
                out.updated += 1
            s.flush()
            out.articles.append(article.id)
        entry_times = [e.published for e in parsed.entries if e.published]
        if parsed.title and not feed.title:
            feed.title = parsed.title[:500]
        if out.new:
            feed.last_new_entry_at = started
        _record_success(settings, feed, result, started, entry_times=entry_times, ttl=parsed.ttl_minutes)
        out.deliveries = _check_health(s, settings, feed, started, rules, channel_names)
    return out


def _record_success(settings, feed: Feed, result, started, *, entry_times, ttl=None) -> None:
    feed.etag, feed.last_modified = result.etag or feed.etag, result.last_modified or feed.last_modified
    feed.last_checked_at = feed.last_success_at = started
    feed.error_streak, feed.last_error, feed.last_error_kind, feed.first_error_at = 0, None, None, None
    if feed.health_alerted == "broken":
        feed.health_alerted = None
    gap = health.typical_gap(entry_times)
    if gap:
        feed.typical_gap_seconds = gap
    feed.fetch_count += 1
    _schedule(
        settings,
        feed,
        started,
        entry_times=entry_times,
        ttl_minutes=ttl,
        cache_max_age=result.cache_max_age,
        retry_after=result.retry_after,
    )


def _schedule(settings: Settings, feed: Feed, started: datetime, **hints) -> None:
    """Release the claim and set the next check from the feed's rhythm, its hints and its error streak."""
    feed.claimed_until = None
    delay = schedule.next_check_delay(
        now=started,
        min_interval=settings.poll_min_interval,
        max_interval=settings.poll_max_interval,
        error_streak=feed.error_streak,
        **{"entry_times": [], **hints},
    )
    feed.next_check_at = started + timedelta(seconds=delay)


def _record_feed_error(
    settings: Settings, feed_id: int, exc: Exception, started: datetime, rules, channel_names
) -> list[int]:
    kind = getattr(exc, "kind", "internal")
    log.warning("feed %s failed (%s): %s", feed_id, kind, exc)
    with transaction(settings.database_url) as s:
        feed = s.get(Feed, feed_id)
        feed.last_checked_at = started
        feed.last_error, feed.last_error_kind = str(exc)[:2000] or kind, kind
        feed.error_streak += 1
        feed.first_error_at = feed.first_error_at or started
        _schedule(settings, feed, started, retry_after=getattr(exc, "retry_after", None))
        return _check_health(s, settings, feed, started, rules, channel_names)


def _operator_channels(settings: Settings, channel_names: set[str] | None) -> list[str]:
    """Operator alerts go to NEWSMON_OPERATOR_CHANNELS, those the alerts file defines."""
    return [c for c in settings.operator_channel_names if channel_names is None or c in channel_names]


def _check_health(s: Session, settings: Settings, feed: Feed, t: datetime, rules, channel_names) -> list[int]:
    state = health.feed_state(
        now=t,
        first_error_at=feed.first_error_at,
        last_new_entry_at=feed.last_new_entry_at,
        typical_gap_seconds=feed.typical_gap_seconds,
        broken_after=timedelta(hours=settings.feed_broken_after_hours),
    )
    if state is None:
        if feed.health_alerted == "silent" and feed.last_new_entry_at and feed.last_new_entry_at >= t:
            feed.health_alerted = None
        return []
    if feed.health_alerted == state or rules is None:
        return []
    feed.health_alerted = state
    since = feed.first_error_at if state == "broken" else feed.last_new_entry_at
    key = f"feed-health:{feed.id}:{state}:{since.isoformat() if since else ''}"
    uid = "msg_" + uuid.uuid5(uuid.NAMESPACE_URL, "newsmon:" + key).hex
    name = feed.name or feed.title or feed.url
    if state == "broken":
        detail = (
            f"failing since {since:%Y-%m-%d %H:%M} UTC, {feed.error_streak} errors in a row; last error "
            f"({feed.last_error_kind}): {feed.last_error}; still retried, next check {feed.next_check_at:%Y-%m-%d %H:%M} UTC"
        )
    else:
        detail = f"no new entry since {since:%Y-%m-%d %H:%M} UTC, usually one every {feed.typical_gap_seconds / 3600:.1f} h"
    msg = health.health_message(
        state=state,
        feed_name=name,
        feed_url=feed.url,
        detail=detail,
        error_streak=feed.error_streak,
        alert_id=uid,
        created_at=t,
    )
    return store_alert(s, msg, key, None, _operator_channels(settings, channel_names))
