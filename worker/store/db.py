"""Engine, sessions and migrations. The same code runs on SQLite (embedded) and PostgreSQL (distributed)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# One number for every advisory lock newsmon takes, so they never collide with another application's.
LOCK_NAMESPACE = 0x6E6D


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
            # pysqlite's own transaction handling defers BEGIN; take it over so "BEGIN IMMEDIATE" can
            # serialise writers (SQLite's answer to row locks) and readers never block them (WAL).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn) -> None:  # pragma: no cover - trivial
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    return make_engine(url)


def session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(engine_for(url), expire_on_commit=False)


@contextmanager
def transaction(url: str) -> Iterator[Session]:
    """A short unit of work: commit on success, roll back on error."""
    with session_factory(url)() as session, session.begin():
        yield session


def lock(session: Session, name: str) -> None:
    """Serialise a critical section across workers for the rest of the transaction.

    PostgreSQL: a transaction-level advisory lock. SQLite: the transaction already holds the
    database write lock (BEGIN IMMEDIATE), which serialises every writer.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:ns, hashtext(:name))"), {"ns": LOCK_NAMESPACE, "name": name}
        )


def try_lock(session: Session, name: str) -> bool:
    """Like :func:`lock` but gives up at once when another transaction holds it."""
    if session.get_bind().dialect.name == "postgresql":
        return bool(
            session.execute(
                text("SELECT pg_try_advisory_xact_lock(:ns, hashtext(:name))"),
                {"ns": LOCK_NAMESPACE, "name": name},
            ).scalar()
        )
    return True


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema to `revision`; safe to run from several processes at once on PostgreSQL."""
    from alembic import command

    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = engine_for(url)
    if engine.dialect.name == "postgresql":
        # Workers and beat may start together; one of them migrates, the others wait for it.
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:ns, 1)"), {"ns": LOCK_NAMESPACE})
            try:
                cfg = alembic_config(url)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                conn.commit()
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:ns, 1)"), {"ns": LOCK_NAMESPACE})
                conn.commit()
        return
    cfg = alembic_config(url)
    command.upgrade(cfg, revision)
