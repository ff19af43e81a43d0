from datetime import UTC, datetime, timedelta

from worker.stages.health import feed_state, health_message, typical_gap

NOW = datetime(2026, 10, 20, 12, 0, tzinfo=UTC)
DAY = timedelta(hours=24)


def test_a_feed_failing_for_longer_than_the_limit_is_broken():
    assert (
        feed_state(
            now=NOW,
            first_error_at=NOW - 25 * timedelta(hours=1),
            last_new_entry_at=None,
            typical_gap_seconds=None,
            broken_after=DAY,
        )
        == "broken"
    )


def test_a_recent_failure_is_not_yet_worth_an_operator_alert():
    assert (
        feed_state(
            now=NOW,
            first_error_at=NOW - timedelta(hours=2),
            last_new_entry_at=None,
            typical_gap_seconds=None,
            broken_after=DAY,
        )
        is None
    )


def test_a_feed_quiet_for_many_times_its_rhythm_is_silent():
    state = feed_state(
        now=NOW,
        first_error_at=None,
        last_new_entry_at=NOW - timedelta(hours=10),
        typical_gap_seconds=1800,
        broken_after=DAY,
    )
    assert state == "silent"


def test_a_slow_feed_is_not_called_silent_too_soon():
    state = feed_state(
        now=NOW,
        first_error_at=None,
        last_new_entry_at=NOW - timedelta(hours=5),
        typical_gap_seconds=600,
        broken_after=DAY,
    )
    assert state is None, "at least six hours of silence before an alert"


def test_the_rhythm_is_the_median_gap_between_entries():
    times = [NOW - timedelta(hours=h) for h in (0, 1, 2, 3, 10)]
    assert typical_gap(times) == 3600
    assert typical_gap(times[:2]) is None


def test_a_health_message_names_the_feed_and_the_error():
    msg = health_message(
        state="broken",
        feed_name="Example feed",
        feed_url="https://example.org/rss",
        detail="failing since yesterday: http_5xx",
        error_streak=9,
        alert_id="msg_1",
        created_at=NOW,
    )
    assert msg.console_line().startswith("ALERT Feed broken: Example feed")
    body = msg.payload()
    assert body["type"] == "feed.unhealthy"
    assert body["data"]["feed"]["url"] == "https://example.org/rss"
    assert body["data"]["error_streak"] == 9
