"""Recovery: find work whose message was lost, so it can be queued again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import or_, select, update

from worker.pipeline.common import now
from worker.settings import Settings
from worker.store.db import transaction
from worker.store.models import (
    Article,
    Delivery,
)


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
