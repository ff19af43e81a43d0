"""When to poll a feed next: adaptive to its publishing rhythm, polite to its caching hints, patient on
errors but never giving up (a feed silently abandoned after a few failures is the classic feed-reader
complaint)."""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from datetime import datetime

# Recent gaps describe the current rhythm better than a feed's whole history.
RECENT_ENTRIES = 20
# A feed with fewer than two dated entries gives no rhythm; an hour is a middle ground.
UNKNOWN_RHYTHM = 3600.0
# Backoff is randomised downward by up to this fraction so feeds that failed together (one host down)
# do not all come back in the same second.
JITTER = 0.2
_MAX_EXPONENT = 32


def next_check_delay(
    *,
    entry_times: Sequence[datetime],
    now: datetime,
    min_interval: float = 300,
    max_interval: float = 86400,
    ttl_minutes: int | None = None,
    cache_max_age: float | None = None,
    retry_after: float | None = None,
    error_streak: int = 0,
    rng: random.Random | None = None,
) -> float:
    """Seconds until the next poll.

    Success: half the median gap between the most recent entries, clamped to [min_interval, max_interval].
    Error (error_streak >= 1): min_interval * 2**(streak - 1), jittered, capped at max_interval - so a
    broken feed is still tried at least once per max_interval, forever.
    Either way the delay is then raised (never lowered) to honour the feed's <ttl>, Cache-Control max-age /
    Expires and Retry-After, each honoured up to max_interval.
    """
    min_interval = max(1.0, float(min_interval))
    max_interval = max(min_interval, float(max_interval))
    if error_streak > 0:
        base = min_interval * 2.0 ** min(error_streak - 1, _MAX_EXPONENT)
        delay = min(max_interval, base)
        delay *= 1.0 - JITTER * (rng or random).random()
        delay = max(min_interval, delay)
    else:
        delay = _rhythm_delay(entry_times, now)
        delay = min(max_interval, max(min_interval, delay))
    for hint in (
        ttl_minutes * 60.0 if ttl_minutes else None,
        cache_max_age,
        retry_after,
    ):
        if hint is not None and hint > delay:
            delay = min(max_interval, float(hint))
    return float(delay)


def _rhythm_delay(entry_times: Sequence[datetime], now: datetime) -> float:
    times = sorted({t for t in entry_times if t is not None and t <= now}, reverse=True)[: RECENT_ENTRIES + 1]
    if len(times) < 2:
        return UNKNOWN_RHYTHM
    gaps = [(a - b).total_seconds() for a, b in zip(times, times[1:], strict=False)]
    return statistics.median(gaps) / 2.0
