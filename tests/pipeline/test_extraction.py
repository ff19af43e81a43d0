"""Extraction results stored on real databases (SQLite and PostgreSQL) with the real extractor."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from worker.pipeline.extraction import extract_article
from worker.stages.extract import Extractor
from worker.store.db import transaction
from worker.store.models import Article, Figure


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request):
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


def test_attackers_figures_are_stored_flagged_and_kept_out_of_the_totals(db_url, make_settings):
    settings = make_settings(database_url=db_url)
    with transaction(db_url) as s:
        article = Article(
            entry_key="k",
            content_hash="h",
            title="Hotel siege ends",
            text="Twelve guests and three attackers were killed in the siege of the hotel.",
        )
        s.add(article)
        s.flush()
        article_id = article.id
    assert extract_article(settings, article_id, Extractor(settings.nlp_model))
    with transaction(db_url) as s:
        figures = {(f.count, f.victims): f.is_perpetrator for f in s.scalars(select(Figure))}
        stored = s.get(Article, article_id).extraction
    assert figures == {(12, "guests"): False, (3, "attackers"): True}
    assert stored["totals"]["killed"] == 12 and stored["perpetrators"] == {"killed": 3}
