"""The unit-of-work layer: load by id, call a stage, save — one short transaction each.

Celery tasks (worker/tasks.py) and the embedded loop (worker/embedded.py) both call these functions and
enqueue or run whatever comes next only after the function returned, i.e. after its commit. Slow work
(HTTP, NLP, sending) happens outside transactions; stateful decisions (dedup, event linking, figure
updates, alert decisions) happen inside one, under a lock, so concurrent workers cannot race.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from worker import feeds_config
from worker.settings import Settings
from worker.stages import alert as alert_stage
from worker.stages import deliver as deliver_stage
from worker.stages import health, schedule
from worker.stages import link as link_stage
from worker.stages.fetch import FetchError, FetchLimits, fetch_feed, fetch_page_text
from worker.stages.parse import FeedParseError, parse_feed
from worker.store.db import lock, transaction
from worker.store.models import (
    Alert,
    Article,
    ArticleBand,
    Delivery,
    DeliveryAttempt,
    DisabledEndpoint,
    Event,
    EventFigure,
    EventKey,
    Feed,
    Figure,
)

log = logging.getLogger("newsmon")
KINDS = alert_stage.KINDS


def now() -> datetime:
    return datetime.now(UTC)


def fetch_limits(settings: Settings) -> FetchLimits:
    return FetchLimits(
        connect_timeout=settings.connect_timeout,
        total_timeout=settings.fetch_timeout,
        max_bytes=settings.max_feed_bytes,
        user_agent=settings.user_agent,
        allow_private_networks=settings.allow_private_networks,
    )


# --- feeds -----------------------------------------------------------------------------------------


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
    feed.claimed_until = None
    delay = schedule.next_check_delay(
        entry_times=entry_times,
        now=started,
        min_interval=settings.poll_min_interval,
        max_interval=settings.poll_max_interval,
        ttl_minutes=ttl,
        cache_max_age=result.cache_max_age,
        retry_after=result.retry_after,
        error_streak=0,
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
        feed.claimed_until = None
        delay = schedule.next_check_delay(
            entry_times=[],
            now=started,
            min_interval=settings.poll_min_interval,
            max_interval=settings.poll_max_interval,
            retry_after=getattr(exc, "retry_after", None),
            error_streak=feed.error_streak,
        )
        feed.next_check_at = started + timedelta(seconds=delay)
        return _check_health(s, settings, feed, started, rules, channel_names)


def _operator_channels(rules: list | None, channel_names: set[str] | None) -> list[str]:
    """Feed health alerts go to the channels of a rule named `feed-health`, else to `console`."""
    for rule in rules or []:
        if rule.name == "feed-health":
            return list(rule.channels)
    return ["console"] if channel_names and "console" in channel_names else []


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
    return _store_alert(s, msg, key, None, _operator_channels(rules, channel_names))


# --- extraction ------------------------------------------------------------------------------------


def load_for_extraction(settings: Settings, article_id: int) -> tuple[str | None, str, int] | None:
    with transaction(settings.database_url) as s:
        a = s.get(Article, article_id)
        if a is None or a.status not in ("new", "failed"):
            return None
        return a.title, a.text, a.version


def save_extraction(settings: Settings, article_id: int, version: int, result: dict) -> bool:
    """Store the figures of one article version. False when a newer version arrived meanwhile (it has
    its own extraction queued) — so a slow worker never overwrites fresher figures."""
    text_for_sig = None
    with transaction(settings.database_url) as s:
        a = s.get(Article, article_id)
        if a is None or a.version != version:
            return False
        text_for_sig = (a.title or "") + "\n" + (a.text or "")
        a.extraction = result
        a.fingerprint = link_stage.content_fingerprint(a.title or "", a.text or "")
        a.signature = link_stage.minhash_signature(text_for_sig)
        s.execute(delete(Figure).where(Figure.article_id == article_id))
        for f in result.get("figures", []):
            s.add(
                Figure(
                    article_id=article_id,
                    article_version=version,
                    kind=f["kind"],
                    count=int(f["count"]),
                    qualifier=f.get("qualifier"),
                    low=f.get("low"),
                    high=f.get("high"),
                    victims=(f.get("victims") or None) and str(f.get("victims"))[:200],
                    is_total=bool(f.get("total", True)),
                    attribution=(f.get("attribution") or None) and str(f.get("attribution"))[:300],
                    sentence=f.get("sentence"),
                    start=f.get("start"),
                    end=f.get("end"),
                )
            )
        a.status, a.error, a.updated_at = "extracted", None, now()
    return True


def record_failure(settings: Settings, article_id: int, error: str) -> None:
    with transaction(settings.database_url) as s:
        a = s.get(Article, article_id)
        if a is not None:
            a.status, a.error, a.attempts = "failed", error[:2000], a.attempts + 1
            a.updated_at = now()


def extract_article(settings: Settings, article_id: int, extractor) -> bool:
    loaded = load_for_extraction(settings, article_id)
    if loaded is None:
        return False
    title, text, version = loaded
    result = extractor.extract(text, title)
    return save_extraction(settings, article_id, version, result)


# --- linking: duplicates, events, figure timeline, alert decisions ----------------------------------


def _features(a: Article) -> link_stage.ArticleFeatures:
    ex = a.extraction or {}
    place = ex.get("place") or {}
    ents = []
    for e in ex.get("entities", []):
        name = e.get("canonical") or e.get("text")
        if name and e.get("label") in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"):
            ents.append(name)
    return link_stage.ArticleFeatures(
        article_id=a.id,
        published=a.published_at or a.first_seen_at,
        title=a.title or "",
        text=a.text or "",
        event_type=ex.get("event_type"),
        country=place.get("country"),
        place=place.get("city") or place.get("region"),
        entities=ents,
        totals=ex.get("totals") or {},
        url=a.url,
    )


# Summary fields kept in columns of their own; the rest of link_stage.EventSummary lives in the JSON.
_SUMMARY_COLUMNS = (
    "event_id",
    "title",
    "event_type",
    "country",
    "place",
    "first_seen",
    "last_seen",
    "article_count",
)


def _summary(ev: Event) -> link_stage.EventSummary:
    extra = {
        f.name: (ev.summary or {})[f.name]
        for f in dataclasses.fields(link_stage.EventSummary)
        if f.name not in _SUMMARY_COLUMNS and f.name in (ev.summary or {})
    }
    return link_stage.EventSummary(
        event_id=ev.id,
        title=ev.title,
        event_type=ev.event_type,
        country=ev.country,
        place=ev.place,
        first_seen=ev.first_seen,
        last_seen=ev.last_seen,
        article_count=ev.article_count,
        **{"entities": {}, "terms": {}, "totals": {}, **extra},
    )


def _store_summary(ev: Event, sm: link_stage.EventSummary) -> None:
    ev.title = sm.title or ev.title
    ev.event_type, ev.country, ev.place = sm.event_type, sm.country, sm.place
    ev.first_seen, ev.last_seen = sm.first_seen, sm.last_seen
    ev.article_count = sm.article_count
    ev.summary = {
        f.name: getattr(sm, f.name) for f in dataclasses.fields(sm) if f.name not in _SUMMARY_COLUMNS
    }


def _find_duplicate(s: Session, a: Article, threshold: float) -> Article | None:
    exact = s.scalar(
        select(Article)
        .where(Article.id != a.id, Article.status == "linked")
        .where(
            or_(
                Article.fingerprint == a.fingerprint,
                *([Article.canonical_url == a.canonical_url] if a.canonical_url else []),
            )
        )
        .order_by(Article.id)
        .limit(1)
    )
    if exact is not None:
        return exact
    if not a.signature:
        return None
    bands = link_stage.lsh_bands(a.signature, threshold=threshold)
    cand_ids = set(
        s.scalars(
            select(ArticleBand.article_id).where(ArticleBand.band.in_(bands), ArticleBand.article_id != a.id)
        )
    )
    best, best_sim = None, 0.0
    for cand in s.scalars(select(Article).where(Article.id.in_(cand_ids), Article.status == "linked")):
        if cand.duplicate_of is not None or not cand.signature:
            continue
        sim = link_stage.similarity(a.signature, cand.signature)
        if sim >= threshold and sim > best_sim:
            best, best_sim = cand, sim
    return best


@dataclass
class LinkOutcome:
    article_id: int
    event_id: int | None = None
    duplicate_of: int | None = None
    changes: list[alert_stage.FigureChange] = field(default_factory=list)
    deliveries: list[int] = field(default_factory=list)


def link_article(
    settings: Settings, article_id: int, rules: list, channel_names: set[str] | None = None
) -> LinkOutcome:
    out = LinkOutcome(article_id)
    with transaction(settings.database_url) as s:
        # One story's reports may arrive on several workers at once; serialising this short step is
        # what guarantees one event per story and no lost or doubled figure.
        lock(s, "link")
        a = s.get(Article, article_id)
        if a is None or a.status != "extracted" or a.linked_version == a.version:
            if a is not None:
                out.event_id, out.duplicate_of = a.event_id, a.duplicate_of
            return out
        t = now()
        feats = _features(a)
        seen_at = feats.published or t

        dup = None if a.event_id else _find_duplicate(s, a, settings.dedup_threshold)
        if dup is not None:
            a.duplicate_of = dup.duplicate_of or dup.id
            a.event_id = dup.event_id
            ev = s.get(Event, dup.event_id) if dup.event_id else None
            if ev is not None:
                _touch_sources(s, ev, a)
            a.status, a.linked_version = "linked", a.version
            out.event_id, out.duplicate_of = a.event_id, a.duplicate_of
            return out

        if a.signature and not a.duplicate_of:
            for band in link_stage.lsh_bands(a.signature, threshold=settings.dedup_threshold):
                if not s.scalar(
                    select(ArticleBand.id).where(ArticleBand.band == band, ArticleBand.article_id == a.id)
                ):
                    s.add(ArticleBand(band=band, article_id=a.id))

        ev = s.get(Event, a.event_id) if a.event_id else None
        if ev is None:
            keys = link_stage.event_keys(feats)
            since = seen_at - timedelta(days=settings.event_window_days)
            cand_ids = set(
                s.scalars(
                    select(EventKey.event_id).where(EventKey.key.in_(keys), EventKey.last_seen >= since)
                )
            )
            candidates = [_summary(e) for e in s.scalars(select(Event).where(Event.id.in_(cand_ids)))]
            chosen = link_stage.choose_event(
                feats,
                candidates,
                window_days=settings.event_window_days,
                threshold=settings.event_match_threshold,
            )
            if chosen is not None:
                ev = s.get(Event, chosen)
                _store_summary(ev, link_stage.merge_into(_summary(ev), feats))
            else:
                ev = Event(title=link_stage.event_title(feats), first_seen=seen_at, last_seen=seen_at)
                s.add(ev)
                s.flush()
                _store_summary(ev, link_stage.new_event(feats, ev.id))
            for key in keys:
                row = s.scalar(select(EventKey).where(EventKey.key == key, EventKey.event_id == ev.id))
                if row is None:
                    s.add(EventKey(key=key, event_id=ev.id, last_seen=seen_at))
                elif row.last_seen < seen_at:
                    row.last_seen = seen_at
            a.event_id = ev.id
        _touch_sources(s, ev, a)
        out.changes = _update_figures(s, ev, a, seen_at)
        a.status, a.linked_version = "linked", a.version
        out.event_id = ev.id
        if not a.is_backlog:
            out.deliveries = _decide_alerts(s, ev, a, out.changes, rules, channel_names)
    return out


def _sources(s: Session, ev: Event) -> list[dict]:
    rows = s.execute(
        select(Article.url, Article.title, Article.published_at, Article.first_seen_at, Feed.name, Feed.title)
        .outerjoin(Feed, Feed.id == Article.feed_id)
        .where(Article.event_id == ev.id)
        .order_by(Article.published_at, Article.id)
    )
    return [
        {
            "url": url,
            "title": title,
            "published": (pub or seen).isoformat() if (pub or seen) else None,
            "feed": fname or ftitle,
        }
        for url, title, pub, seen, fname, ftitle in rows
    ]


def _touch_sources(s: Session, ev: Event, a: Article) -> None:
    s.flush()
    ev.source_count = (
        len(
            set(
                s.scalars(
                    select(Article.feed_id).where(Article.event_id == ev.id, Article.duplicate_of.is_(None))
                )
            )
        )
        or 1
    )
    when = a.published_at or a.first_seen_at
    if when and when > ev.last_seen:
        ev.last_seen = when


def _update_figures(s: Session, ev: Event, a: Article, seen_at: datetime) -> list[alert_stage.FigureChange]:
    """Keep each kind's current figure: the highest credible report. A lower figure from another
    source is recorded but does not replace it; the same source revising its own figure downward is an
    explicit correction, recorded as one."""
    ex = a.extraction or {}
    totals = ex.get("totals") or {}
    current = dict(ev.current or {})
    changes = []
    for kind in KINDS:
        value = totals.get(kind)
        if value is None:
            continue
        value = int(value)
        fig = _best_figure(ex, kind, value)
        qualifier = fig.get("qualifier") if fig else None
        cur = current.get(kind)
        prev_value = cur["value"] if cur else None
        if cur is None:
            change = "new" if value > 0 else "report"
        elif value > prev_value:
            change = "rise"
        elif value < prev_value and cur.get("article_id") == a.id:
            change = "correction"
        else:
            change = "report"
        s.add(
            EventFigure(
                event_id=ev.id,
                kind=kind,
                value=value,
                previous=prev_value,
                qualifier=qualifier,
                change=change,
                article_id=a.id,
                source_url=a.url,
                sentence=fig.get("sentence") if fig else None,
                reported_at=seen_at,
            )
        )
        if change in ("new", "rise", "correction") or cur is None:
            current[kind] = {
                "value": value,
                "qualifier": qualifier,
                "article_id": a.id,
                "sentence": fig.get("sentence") if fig else None,
                "reported_at": seen_at.isoformat(),
            }
        if change in ("new", "rise", "correction"):
            changes.append(
                alert_stage.FigureChange(
                    event_id=ev.id,
                    event_title=ev.title,
                    event_type=ev.event_type,
                    country=ev.country,
                    place=ev.place,
                    entities=sorted(
                        (ev.summary or {}).get("entities", {}),
                        key=lambda k: -(ev.summary or {})["entities"][k],
                    )[:10],
                    keywords_text=f"{a.title}\n{fig.get('sentence') if fig else ''}",
                    kind=kind,
                    old=prev_value,
                    new=value,
                    old_qualifier=cur.get("qualifier") if cur else None,
                    qualifier=qualifier,
                    change=change,
                    sources=[],
                    evidence=fig.get("sentence") if fig else None,
                    is_backlog=a.is_backlog,
                )
            )
    ev.current = current
    return changes


def _best_figure(extraction: dict, kind: str, value: int) -> dict | None:
    figs = [f for f in extraction.get("figures", []) if f.get("kind") == kind]
    for f in figs:
        if f.get("count") == value and f.get("total", True):
            return f
    for f in figs:
        if f.get("count") == value:
            return f
    return figs[0] if figs else None


def _decide_alerts(s: Session, ev: Event, a: Article, changes, rules, channel_names) -> list[int]:
    if not changes or not rules:
        return []
    sources = _sources(s, ev)
    delivery_ids = []
    for change in changes:
        change.sources = sources
        change.event_title = ev.title
        for rule in alert_stage.decide(change, rules):
            key = alert_stage.alert_key(rule.name, ev.id, change.kind, change.new)
            uid = "msg_" + uuid.uuid5(uuid.NAMESPACE_URL, "newsmon:" + key).hex
            msg = alert_stage.message_for(change, rule, uid, now())
            delivery_ids += _store_alert(s, msg, key, ev.id, rule.channels)
    return delivery_ids


def _store_alert(
    s: Session, msg: alert_stage.AlertMessage, key: str, event_id: int | None, channels
) -> list[int]:
    """Record an alert once and queue one delivery per channel; an alert whose key exists is skipped."""
    if s.scalar(select(Alert.id).where(Alert.dedupe_key == key)) is not None:
        return []
    alert = Alert(
        dedupe_key=key,
        alert_uid=msg.alert_id,
        rule=msg.rule,
        event_id=event_id,
        kind=msg.kind,
        old_value=msg.old,
        new_value=msg.new,
        change=msg.change,
        headline=msg.headline(),
        message=message_to_row(msg),
    )
    try:
        with s.begin_nested():
            s.add(alert)
            s.flush()
    except IntegrityError:
        return []  # another transaction recorded the same alert first: exactly once
    ids = []
    for channel in channels:
        d = Delivery(alert_id=alert.id, channel=channel)
        s.add(d)
        s.flush()
        ids.append(d.id)
    return ids


# --- delivery --------------------------------------------------------------------------------------


@dataclass
class DeliveryOutcome:
    delivery_id: int
    status: str
    retry_in: float | None = None
    detail: str | None = None


MESSAGE_CLASSES = {"figure": alert_stage.AlertMessage, "feed_health": health.FeedHealthMessage}


def message_to_row(msg: alert_stage.AlertMessage) -> dict:
    fields = dataclasses.asdict(msg)
    fields["created_at"] = msg.created_at.isoformat()
    cls = next(k for k, v in MESSAGE_CLASSES.items() if type(msg) is v)
    return {"class": cls, "fields": fields, "payload": msg.payload()}


def message_from_alert(alert: Alert) -> alert_stage.AlertMessage:
    fields = dict(alert.message["fields"])
    fields["created_at"] = datetime.fromisoformat(fields["created_at"])
    return MESSAGE_CLASSES[alert.message.get("class", "figure")](**fields)


def deliver(settings: Settings, delivery_id: int, channels: dict[str, Any]) -> DeliveryOutcome:
    t = now()
    with transaction(settings.database_url) as s:
        d = s.get(Delivery, delivery_id, with_for_update=True)
        if d is None:
            return DeliveryOutcome(delivery_id, "missing")
        if d.status in ("sent", "dead"):
            return DeliveryOutcome(delivery_id, d.status)
        if d.next_attempt_at > t:
            return DeliveryOutcome(delivery_id, d.status, retry_in=(d.next_attempt_at - t).total_seconds())
        if d.status == "sending" and d.claimed_until and d.claimed_until > t:
            return DeliveryOutcome(delivery_id, "sending")
        if s.get(DisabledEndpoint, d.channel) is not None:
            d.status, d.last_error = "dead", "channel disabled by the receiver (410 Gone)"
            return DeliveryOutcome(delivery_id, "dead", detail=d.last_error)
        d.status, d.attempts = "sending", d.attempts + 1
        d.claimed_until = t + timedelta(seconds=settings.delivery_lease_seconds)
        attempt = d.attempts
        message = message_from_alert(d.alert)
        channel_name = d.channel
    channel = channels.get(channel_name)
    error: Exception | None = None
    detail = None
    try:
        if channel is None:
            raise deliver_stage.DeliveryError(
                f"no channel named {channel_name!r} in the alerts file", permanent=True
            )
        detail = channel.send(message)
    except deliver_stage.DeliveryError as exc:
        error = exc
    except Exception as exc:  # an unexpected failure is retried, not lost
        log.exception("delivery %s via %s", delivery_id, channel_name)
        error = deliver_stage.DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False)
    with transaction(settings.database_url) as s:
        d = s.get(Delivery, delivery_id, with_for_update=True)
        d.claimed_until = None
        if error is None:
            d.status, d.sent_at, d.detail, d.last_error = "sent", now(), detail, None
            s.add(DeliveryAttempt(delivery_id=d.id, attempt=attempt, ok=True, detail=detail))
            return DeliveryOutcome(delivery_id, "sent", detail=detail)
        d.last_error = str(error)[:2000]
        s.add(DeliveryAttempt(delivery_id=d.id, attempt=attempt, ok=False, detail=d.last_error))
        if getattr(error, "disable_endpoint", False) and s.get(DisabledEndpoint, channel_name) is None:
            s.add(DisabledEndpoint(channel=channel_name, reason=d.last_error))
        delay = (
            None
            if error.permanent
            else deliver_stage.retry_delay(attempt, getattr(error, "retry_after", None))
        )
        if delay is None:
            d.status = "dead"
            log.error("delivery %s via %s given up: %s", delivery_id, channel_name, error)
            return DeliveryOutcome(delivery_id, "dead", detail=d.last_error)
        d.status, d.next_attempt_at = "failed", now() + timedelta(seconds=delay)
        log.warning("delivery %s via %s failed, retry in %.0fs: %s", delivery_id, channel_name, delay, error)
        return DeliveryOutcome(delivery_id, "failed", retry_in=delay, detail=d.last_error)


# --- recovery --------------------------------------------------------------------------------------


@dataclass
class Stale:
    extract: list[int] = field(default_factory=list)
    link: list[int] = field(default_factory=list)
    deliver: list[int] = field(default_factory=list)


def find_stale(settings: Settings, *, older_than: float | None = None, limit: int = 500) -> Stale:
    """Work whose message was lost (broker restart, worker killed before acking): queued again. Tasks
    are idempotent, so queueing twice is harmless."""
    cutoff = now() - timedelta(seconds=settings.stale_after_seconds if older_than is None else older_than)
    t = now()
    with transaction(settings.database_url) as s:
        out = Stale()
        out.extract = list(
            s.scalars(
                select(Article.id)
                .where(or_(Article.status == "new", (Article.status == "failed") & (Article.attempts < 5)))
                .where(Article.updated_at <= cutoff)
                .order_by(Article.id)
                .limit(limit)
            )
        )
        out.link = list(
            s.scalars(
                select(Article.id)
                .where(Article.status == "extracted", Article.updated_at <= cutoff)
                .limit(limit)
            )
        )
        out.deliver = list(
            s.scalars(
                select(Delivery.id)
                .where(Delivery.status.in_(("pending", "failed", "sending")), Delivery.next_attempt_at <= t)
                .where(or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < t))
                .where(Delivery.created_at <= cutoff)
                .limit(limit)
            )
        )
        if out.extract or out.link:
            s.execute(update(Article).where(Article.id.in_(out.extract + out.link)).values(updated_at=t))
    return out


# --- replay ----------------------------------------------------------------------------------------


def ingest_item(settings: Settings, item: dict) -> int:
    """Store one article of a replayed stream (the extract input format plus `published`) as if a feed
    had delivered it; the same id twice updates the same article."""
    from worker.stages.parse import canonical_url

    key = f"replay:{item['id']}"
    published = _parse_date(item.get("published"))
    title, text = item.get("title") or "", item["text"]
    content_hash = link_stage.content_fingerprint(title, text)
    url = item.get("url")
    with transaction(settings.database_url) as s:
        a = s.scalar(select(Article).where(Article.feed_id.is_(None), Article.entry_key == key))
        if a is None:
            a = Article(
                entry_key=key,
                guid=str(item["id"]),
                title=title,
                text=text,
                content_hash=content_hash,
                url=url,
                canonical_url=canonical_url(url) if url else None,
                published_at=published,
                first_seen_at=published or now(),
                updated_at=published or now(),
                status="new",
            )
            s.add(a)
        elif a.content_hash != content_hash:
            a.title, a.text, a.content_hash = title, text, content_hash
            a.version += 1
            a.status = "new"
        s.flush()
        return a.id


def _parse_date(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
