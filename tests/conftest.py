"""Shared fixtures: real SQLite, PostgreSQL and Redis.

A test that needs a service skips with the reason when the service is absent, and fails instead under
NEWSMON_REQUIRE_SERVICES=1 (which .ci/run sets), so CI can never go green by skipping.
"""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("NEWSMON_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PG_ADMIN_URL = os.environ.get("NEWSMON_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def require_services() -> bool:
    return os.environ.get("NEWSMON_REQUIRE_SERVICES", "") not in ("", "0", "false")


def service_missing(reason: str) -> None:
    if require_services():
        pytest.fail(f"{reason} (NEWSMON_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.ping()
    except Exception as exc:
        service_missing(f"Redis not reachable at {REDIS_URL}: {exc}")
    client.flushdb()
    return REDIS_URL


@pytest.fixture(scope="session")
def pg_server() -> str:
    from sqlalchemy import create_engine, text

    if not _port_open("127.0.0.1", 5432):
        service_missing("PostgreSQL not reachable at 127.0.0.1:5432")
    name = f"newsmon_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        service_missing(f"cannot create a PostgreSQL test database: {exc}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    from worker.store.db import engine_for

    engine_for(url).dispose()
    engine_for.cache_clear()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A migrated PostgreSQL database, emptied before each test."""
    from sqlalchemy import text

    from worker.store.db import engine_for, upgrade
    from worker.store.models import Base

    upgrade(pg_server)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine_for(pg_server).begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return pg_server


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    from worker.store.db import upgrade

    url = f"sqlite:///{tmp_path / 'newsmon.db'}"
    upgrade(url)
    return url


@pytest.fixture
def make_settings(tmp_path: Path):
    """Settings for a test: private networks allowed (the test servers are on loopback)."""
    from worker import runtime
    from worker.settings import load_settings

    def make(**overrides):
        overrides.setdefault("database_url", f"sqlite:///{tmp_path / 'newsmon.db'}")
        overrides.setdefault("allow_private_networks", True)
        overrides.setdefault("feeds_file", ROOT / "config" / "feeds.yaml")
        overrides.setdefault("alerts_file", ROOT / "config" / "alerts.yaml")
        settings = load_settings(**overrides)
        runtime.use(settings)
        return settings

    yield make
    runtime.use(None)
