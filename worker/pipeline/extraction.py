"""Extraction: load an article version, run the extract stage, store its figures."""

from __future__ import annotations

from sqlalchemy import delete

from worker.pipeline.common import now
from worker.settings import Settings
from worker.stages import link as link_stage
from worker.store.db import transaction
from worker.store.models import (
    Article,
    Figure,
)


def load_for_extraction(settings: Settings, article_id: int) -> tuple[str | None, str, int] | None:
    with transaction(settings.database_url) as s:
        a = s.get(Article, article_id)
        if a is None or a.status not in ("new", "failed"):
            return None
        return a.title, a.text, a.version


def save_extraction(settings: Settings, article_id: int, version: int, result: dict) -> bool:
    """Store the figures of one article version. False when a newer version arrived meanwhile (it has
    its own extraction queued) — so a slow worker never overwrites fresher figures."""
    with transaction(settings.database_url) as s:
        a = s.get(Article, article_id)
        if a is None or a.version != version:
            return False
        a.extraction = result
        a.fingerprint = link_stage.content_fingerprint(a.title or "", a.text or "")
        a.signature = link_stage.minhash_signature(a.text or "")
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
                    is_perpetrator=bool(f.get("perpetrator", False)),
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
