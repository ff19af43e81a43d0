"""The same schema and locking code on SQLite and PostgreSQL."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, select

from worker import pipeline
from worker.store.db import engine_for, lock, transaction, upgrade
from worker.store.models import Feed

TABLES = {"feeds", "articles", "figures", "events", "event_figures", "alerts", "deliveries"}


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request):
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


def test_migrations_create_every_table(db_url):
    assert set(inspect(engine_for(db_url)).get_table_names()) >= TABLES


def test_upgrading_twice_is_harmless(db_url):
    upgrade(db_url)
    upgrade(db_url)


def test_datetimes_come_back_aware_in_utc(db_url):
    when = datetime(2026, 10, 16, 8, 0, tzinfo=UTC)
    with transaction(db_url) as s:
        s.add(Feed(url="https://example.org/a", next_check_at=when))
    with transaction(db_url) as s:
        assert s.scalar(select(Feed.next_check_at)) == when


def test_a_due_feed_is_claimed_by_one_dispatcher_only(db_url, make_settings):
    settings = make_settings(database_url=db_url)
    past = datetime.now(UTC) - timedelta(minutes=1)
    with transaction(db_url) as s:
        s.add_all(Feed(url=f"https://example.org/{i}", next_check_at=past) for i in range(40))
    claims: list[list[int]] = []
    barrier = threading.Barrier(4)

    def claim():
        barrier.wait()
        claims.append(pipeline.claim_due_feeds(settings, limit=40))

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    flat = [i for c in claims for i in c]
    assert len(flat) == len(set(flat)) == 40


def test_the_link_lock_serialises_transactions_on_postgresql(pg_url):
    order: list[str] = []
    inside = threading.Event()

    def first():
        with transaction(pg_url) as s:
            lock(s, "link")
            inside.set()
            order.append("first-start")
            threading.Event().wait(0.3)
            order.append("first-end")

    def second():
        inside.wait()
        with transaction(pg_url) as s:
            lock(s, "link")
            order.append("second")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert order == ["first-start", "first-end", "second"]


def test_the_migrations_build_exactly_the_models_schema(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from worker.store.models import Base

    with engine_for(db_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_a_database_made_by_the_first_migration_keeps_its_figures_when_upgraded(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    with engine_for(url).begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO articles (id, entry_key, title, text, content_hash, first_seen_at, updated_at,"
            " version, status, attempts, is_backlog) VALUES (1, 'k', 't', 'x', 'h', '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00', 1, 'extracted', 0, 0)"
        )
        conn.exec_driver_sql(
            "INSERT INTO figures (article_id, article_version, kind, count, is_total, created_at)"
            " VALUES (1, 1, 'killed', 7, 1, '2026-01-01 00:00:00')"
        )
    upgrade(url)
    with engine_for(url).connect() as conn:
        row = conn.exec_driver_sql("SELECT count, is_perpetrator FROM figures").one()
    assert tuple(row) == (7, 0)
