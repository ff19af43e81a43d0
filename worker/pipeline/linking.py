"""Linking: duplicates, event grouping and the figure timeline, in one short locked transaction."""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from worker.pipeline.alerts import store_alert
from worker.pipeline.common import KINDS, now
from worker.settings import Settings
from worker.stages import alert as alert_stage
from worker.stages import link as link_stage
from worker.store.db import lock, transaction
from worker.store.models import (
    Article,
    ArticleBand,
    Event,
    EventFigure,
    EventKey,
    Feed,
)


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
        # A feed entry without a date was at least seen then; a replayed item without one has no date at all.
        published=a.published_at or (a.first_seen_at if a.feed_id else None),
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


# How many rows one key's lookup reads, and how many candidate events are scored: every lookup is an
# indexed equality read with a LIMIT, so linking costs the same with a long history (as link.InMemoryLinker).
PER_KEY_LIMIT = 50
MAX_CANDIDATES = 50


def _find_duplicate(s: Session, a: Article, threshold: float) -> Article | None:
    """The original this article copies: same canonical URL or fingerprint, else the most similar of the
    newest articles sharing an LSH band, at or above `threshold`."""
    same = [Article.fingerprint == a.fingerprint]
    if a.canonical_url:
        same.append(Article.canonical_url == a.canonical_url)
    exact = s.scalar(
        select(Article)
        .where(Article.id != a.id, Article.status == "linked", or_(*same))
        .order_by(Article.id)
        .limit(1)
    )
    if exact is not None:
        return exact
    best, best_sim = None, 0.0
    cand_ids: set[int] = set()
    for band in link_stage.lsh_bands(a.signature or [], threshold=threshold):
        cand_ids.update(
            s.scalars(
                select(ArticleBand.article_id)
                .where(ArticleBand.band == band, ArticleBand.article_id != a.id)
                .order_by(ArticleBand.article_id.desc())
                .limit(PER_KEY_LIMIT)
            )
        )
    for cand in s.scalars(select(Article).where(Article.id.in_(cand_ids), Article.status == "linked")):
        sim = link_stage.similarity(a.signature, cand.signature or [])
        if sim >= threshold and sim > best_sim:
            best, best_sim = cand, sim
    return best


def _candidate_events(s: Session, keys: list[str]) -> list[Event]:
    """Events that most recently used the article's keys, most shared keys first, capped."""
    hits: Counter[int] = Counter()
    for key in keys:
        hits.update(
            s.scalars(
                select(EventKey.event_id)
                .where(EventKey.key == key)
                .order_by(EventKey.seq.desc())
                .limit(PER_KEY_LIMIT)
            )
        )
    ranked = sorted(hits, key=lambda e: (-hits[e], e))[:MAX_CANDIDATES]
    events = {e.id: e for e in s.scalars(select(Event).where(Event.id.in_(ranked)))}
    return [events[e] for e in ranked if e in events]


def _index_keys(s: Session, keys: list[str], event_id: int) -> None:
    seq = (s.scalar(select(func.max(EventKey.seq))) or 0) + 1
    existing = {
        row.key: row
        for row in s.scalars(select(EventKey).where(EventKey.key.in_(keys), EventKey.event_id == event_id))
    }
    for key in keys:
        if key in existing:
            existing[key].seq = seq
        else:
            s.add(EventKey(key=key, event_id=event_id, seq=seq))


def _index_bands(s: Session, a: Article, threshold: float) -> None:
    known = set(s.scalars(select(ArticleBand.band).where(ArticleBand.article_id == a.id)))
    for band in link_stage.lsh_bands(a.signature or [], threshold=threshold):
        if band not in known:
            s.add(ArticleBand(band=band, article_id=a.id))


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
        feats = _features(a)
        seen_at = a.published_at or a.first_seen_at or now()
        _index_bands(s, a, settings.dedup_threshold)

        dup = None if a.event_id else _find_duplicate(s, a, settings.dedup_threshold)
        if dup is not None:
            # A copy is one more source of the same report: it joins the original's event and never
            # changes a figure or raises an alert.
            a.duplicate_of = dup.duplicate_of or dup.id
            a.event_id = dup.event_id
            ev = s.get(Event, dup.event_id) if dup.event_id else None
            if ev is not None:
                _store_summary(ev, link_stage.merge_into(_summary(ev), feats))
                _touch_sources(s, ev, a)
            a.status, a.linked_version = "linked", a.version
            out.event_id, out.duplicate_of = a.event_id, a.duplicate_of
            return out

        ev = s.get(Event, a.event_id) if a.event_id else None
        if ev is None:
            keys = link_stage.event_keys(feats)
            chosen = link_stage.choose_event(
                feats,
                [_summary(e) for e in _candidate_events(s, keys)],
                window_days=settings.event_window_days,
                threshold=settings.event_match_threshold,
                late_threshold=settings.event_late_threshold or None,
            )
            if chosen is not None:
                ev = s.get(Event, chosen)
                _store_summary(ev, link_stage.merge_into(_summary(ev), feats))
            else:
                ev = Event(title=link_stage.event_title(feats), first_seen=seen_at, last_seen=seen_at)
                s.add(ev)
                s.flush()
                _store_summary(ev, link_stage.new_event(feats, ev.id, now=seen_at))
            _index_keys(s, keys, ev.id)
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
    """The mention that states the article's total: a total with that count, and of several (headline and
    body often repeat it) the hedged one ("at least 120" over a bare "120"), then the earliest."""
    figs = [f for f in extraction.get("figures", []) if f.get("kind") == kind]
    matching = [f for f in figs if f.get("count") == value]
    ranked = sorted(
        matching,
        key=lambda f: (
            not f.get("total", True),
            (f.get("qualifier") or "exact") == "exact",
            f.get("start") or 0,
        ),
    )
    return ranked[0] if ranked else (figs[0] if figs else None)


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
            delivery_ids += store_alert(s, msg, key, ev.id, rule.channels, rule.digest_minutes)
    return delivery_ids
