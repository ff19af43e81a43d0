from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from worker.stages.schedule import next_check_delay

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def every(minutes: float, count: int = 10) -> list[datetime]:
    return [NOW - timedelta(minutes=minutes * i) for i in range(count)]


def test_a_busy_feed_is_polled_at_half_its_publishing_gap() -> None:
    assert next_check_delay(entry_times=every(30), now=NOW) == 15 * 60


def test_a_very_busy_feed_is_not_polled_more_often_than_the_minimum() -> None:
    assert next_check_delay(entry_times=every(1), now=NOW) == 300


def test_a_slow_feed_is_polled_at_least_once_per_maximum_interval() -> None:
    assert next_check_delay(entry_times=every(60 * 24 * 7), now=NOW) == 86400


def test_a_feed_without_dates_gets_a_middle_of_the_road_interval() -> None:
    assert next_check_delay(entry_times=[], now=NOW) == 3600
    assert next_check_delay(entry_times=[NOW], now=NOW) == 3600


def test_only_the_recent_rhythm_counts() -> None:
    old = [NOW - timedelta(days=30 + i) for i in range(50)]
    assert next_check_delay(entry_times=every(20, 30) + old, now=NOW) == 600


def test_future_and_duplicate_times_do_not_distort_the_rhythm() -> None:
    times = every(40) + every(40) + [NOW + timedelta(days=3)]
    assert next_check_delay(entry_times=times, now=NOW) == 20 * 60


def test_ttl_max_age_and_retry_after_raise_the_delay() -> None:
    busy = every(10)
    assert next_check_delay(entry_times=busy, now=NOW, ttl_minutes=60) == 3600
    assert next_check_delay(entry_times=busy, now=NOW, cache_max_age=7200) == 7200
    assert next_check_delay(entry_times=busy, now=NOW, retry_after=1800) == 1800


def test_hints_never_lower_the_delay() -> None:
    slow = every(240)
    assert (
        next_check_delay(entry_times=slow, now=NOW, ttl_minutes=1, cache_max_age=10, retry_after=5)
        == 120 * 60
    )


def test_hints_are_honoured_only_up_to_the_maximum_interval() -> None:
    assert next_check_delay(entry_times=[], now=NOW, retry_after=10 * 86400) == 86400


def test_errors_back_off_exponentially_with_jitter() -> None:
    rng = random.Random(1)
    delays = [next_check_delay(entry_times=[], now=NOW, error_streak=n, rng=rng) for n in range(1, 6)]
    for n, delay in enumerate(delays, start=1):
        base = 300 * 2 ** (n - 1)
        assert max(300, base * 0.8) <= delay <= base


def test_a_broken_feed_is_never_given_up() -> None:
    for streak in (20, 100, 10_000):
        delay = next_check_delay(entry_times=[], now=NOW, error_streak=streak)
        assert 86400 * 0.8 <= delay <= 86400


def test_retry_after_wins_over_a_shorter_backoff() -> None:
    assert next_check_delay(entry_times=[], now=NOW, error_streak=1, retry_after=3600) == 3600


def test_custom_bounds_are_respected() -> None:
    assert next_check_delay(entry_times=every(1), now=NOW, min_interval=60, max_interval=600) == 60
    assert next_check_delay(entry_times=every(600), now=NOW, min_interval=60, max_interval=600) == 600
