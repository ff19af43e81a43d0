"""docker-compose.yml cannot be run here (no Docker engine), so its wiring is checked as data."""

from pathlib import Path

import yaml

COMPOSE = yaml.safe_load((Path(__file__).resolve().parent.parent / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_it_runs_redis_postgres_workers_and_one_beat():
    assert {"redis", "postgres", "worker", "beat"} <= set(SERVICES)


def test_every_long_running_service_has_a_healthcheck():
    for name in ("redis", "postgres", "worker", "beat"):
        check = SERVICES[name]["healthcheck"]
        assert check["test"], name
        assert check.get("interval"), name


def test_workers_and_beat_wait_for_healthy_services_and_migrations():
    for name in ("worker", "beat"):
        deps = SERVICES[name]["depends_on"]
        assert deps["redis"]["condition"] == "service_healthy"
        assert deps["postgres"]["condition"] == "service_healthy"
        assert deps["migrate"]["condition"] == "service_completed_successfully"


def test_worker_consumes_every_queue_and_beat_runs_beat():
    worker = " ".join(SERVICES["worker"]["command"])
    assert "celery -A worker.celery_app worker" in worker
    for queue in ("poll", "extract", "link", "notify"):
        assert queue in worker
    assert "celery -A worker.celery_app beat" in " ".join(SERVICES["beat"]["command"])


def test_worker_is_scalable():
    # A fixed container_name or host port would stop `--scale worker=N`.
    assert "container_name" not in SERVICES["worker"]
    assert "ports" not in SERVICES["worker"]


def test_services_share_one_database_and_broker():
    urls = {
        (SERVICES[n]["environment"]["NEWSMON_DATABASE_URL"], SERVICES[n]["environment"]["NEWSMON_BROKER_URL"])
        for n in ("worker", "beat", "migrate")
    }
    assert len(urls) == 1
    db_url, broker = urls.pop()
    assert "@postgres:5432/" in db_url and broker.startswith("redis://redis:6379")


def test_the_image_is_built_once_and_the_migration_runs_the_cli():
    assert SERVICES["migrate"]["build"] == "."
    assert SERVICES["migrate"]["command"] == ["newsmon", "db", "upgrade"]
    assert SERVICES["worker"]["image"] == SERVICES["beat"]["image"] == SERVICES["migrate"]["image"]
