"""The Celery application: queues, routes, beat schedule and task defaults, configured in one place.

celery -A worker.celery_app worker -Q poll,extract,link,notify
celery -A worker.celery_app beat
"""

from __future__ import annotations

from celery import Celery
from kombu import Queue

from worker.settings import Settings, get_settings

QUEUES = ("poll", "extract", "link", "notify")
ROUTES = {
    "worker.tasks.dispatch_due_feeds": {"queue": "poll"},
    "worker.tasks.poll_feed": {"queue": "poll"},
    "worker.tasks.sweep": {"queue": "poll"},
    "worker.tasks.extract_article": {"queue": "extract"},
    "worker.tasks.link_article": {"queue": "link"},
    "worker.tasks.deliver_alert": {"queue": "notify"},
}


def configure(app: Celery, settings: Settings) -> Celery:
    app.conf.update(
        broker_url=settings.broker_url or "redis://localhost:6379/0",
        task_queues=[Queue(q) for q in QUEUES],
        task_default_queue="poll",
        task_routes=ROUTES,
        # A task is acknowledged after it ran, and given back if its worker dies, so a crash never
        # loses an article; every task is idempotent, so running one twice is harmless.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": 3600},
        worker_hijack_root_logger=False,
        beat_schedule={
            "dispatch-due-feeds": {
                "task": "worker.tasks.dispatch_due_feeds",
                "schedule": settings.poll_interval,
            },
            "sweep-stale-work": {
                "task": "worker.tasks.sweep",
                "schedule": max(30.0, settings.stale_after_seconds / 4),
            },
        },
        timezone="UTC",
    )
    return app


app = Celery("newsmon", include=["worker.tasks"])
configure(app, get_settings())
