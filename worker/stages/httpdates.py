"""HTTP date headers (Retry-After, Expires, Date), shared by fetching and webhook delivery."""

from __future__ import annotations

import email.utils
import time
from datetime import UTC, datetime


def http_date(value: str | None) -> datetime | None:
    """An RFC 7231 date as an aware UTC datetime; None if absent or unreadable."""
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent/invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = http_date(value)
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
