from worker.celery_app import QUEUES, app
from worker.tasks import NewsmonTask


def test_tasks_are_acknowledged_late_and_given_back_when_a_worker_dies():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_ignore_result is True


def test_each_stage_has_its_own_queue():
    assert set(QUEUES) == {"poll", "extract", "link", "notify"}
    routes = app.conf.task_routes
    assert routes["worker.tasks.poll_feed"]["queue"] == "poll"
    assert routes["worker.tasks.extract_article"]["queue"] == "extract"
    assert routes["worker.tasks.link_article"]["queue"] == "link"
    assert routes["worker.tasks.deliver_alert"]["queue"] == "notify"


def test_beat_dispatches_due_feeds_and_sweeps_lost_work():
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert tasks == {"worker.tasks.dispatch_due_feeds", "worker.tasks.sweep"}


def test_every_task_shares_the_retry_policy():
    import worker.tasks  # noqa: F401  (registers the tasks)

    ours = [t for name, t in app.tasks.items() if name.startswith("worker.tasks.")]
    assert len(ours) == 6
    for task in ours:
        assert isinstance(task, NewsmonTask)
        assert task.retry_backoff and task.retry_jitter and task.max_retries
