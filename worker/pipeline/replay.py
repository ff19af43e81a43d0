"""Replay: store articles of a time-ordered stream as if a feed had delivered them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from worker.pipeline.common import now
from worker.settings import Settings
from worker.stages import link as link_stage
from worker.store.db import transaction
from worker.store.models import (
    Article,
)


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
