"""Feed health: when a feed has been broken, or silent, for long enough to tell an operator.

Feed readers are blamed for giving up on feeds silently; newsmon never stops polling (see schedule),
and says so out loud instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from worker.stages.alert import AlertMessage, clean_text


def typical_gap(entry_times: list[datetime], *, recent: int = 20) -> float | None:
    """Median seconds between consecutive entries: the feed's usual rhythm (None below 3 entries)."""
    times = sorted(t for t in entry_times if t)[-recent:]
    gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:], strict=False) if b > a]
    return median(gaps) if len(gaps) >= 2 else None


def feed_state(
    *,
    now: datetime,
    first_error_at: datetime | None,
    last_new_entry_at: datetime | None,
    typical_gap_seconds: float | None,
    broken_after: timedelta,
    silent_factor: float = 4.0,
    min_silence: timedelta = timedelta(hours=6),
) -> str | None:
    """'broken' (failing for longer than `broken_after`), 'silent' (no new entry for `silent_factor`
    times its usual rhythm, and at least `min_silence`), or None when healthy."""
    if first_error_at is not None and now - first_error_at >= broken_after:
        return "broken"
    if first_error_at is None and last_new_entry_at is not None and typical_gap_seconds:
        allowed = max(timedelta(seconds=typical_gap_seconds * silent_factor), min_silence)
        if now - last_new_entry_at >= allowed:
            return "silent"
    return None


@dataclass
class FeedHealthMessage(AlertMessage):
    """An operator alert about a feed, sent through the same channels as figure alerts."""

    def headline(self) -> str:
        return f"Feed {self.kind.removeprefix('feed_')}: {clean_text(self.event_title)}"

    def console_line(self) -> str:
        lines = [f"ALERT {self.headline()}"]
        if self.evidence:
            lines.append(f"  {self.evidence}")
        lines += [f"  {s.get('url')}" for s in self.sources if s.get("url")]
        return "\n".join(lines)

    def text(self) -> str:
        return "\n".join(x for x in (self.headline(), self.evidence or "") if x)

    def html(self) -> str:
        from html import escape

        return f"<p><strong>{escape(self.headline())}</strong></p><p>{escape(self.evidence or '')}</p>"

    def payload(self) -> dict:
        body = super().payload()
        body["type"] = "feed.unhealthy"
        body["data"] = {
            "alert_id": self.alert_id,
            "headline": self.headline(),
            "state": self.kind.removeprefix("feed_"),
            "feed": {"title": self.event_title, "url": (self.sources or [{}])[0].get("url")},
            "detail": self.evidence,
            "error_streak": self.new,
        }
        return body


def health_message(
    *,
    state: str,
    feed_name: str,
    feed_url: str,
    detail: str,
    error_streak: int,
    alert_id: str,
    created_at: datetime,
) -> FeedHealthMessage:
    return FeedHealthMessage(
        alert_id=alert_id,
        rule="feed-health",
        event_id=0,
        event_title=feed_name,
        event_type=None,
        place=None,
        country=None,
        kind=f"feed_{state}",
        old=None,
        new=error_streak,
        qualifier=None,
        old_qualifier=None,
        change="new",
        evidence=detail,
        sources=[{"url": feed_url, "title": feed_name}],
        entities=[],
        created_at=created_at,
    )
