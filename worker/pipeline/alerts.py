"""Alerts: record each alert once (unique key) with one delivery per channel."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from worker.stages import alert as alert_stage
from worker.stages import health
from worker.store.models import (
    Alert,
    Delivery,
)


def digest_window_end(t: datetime, minutes: int) -> datetime:
    """Windows are aligned to the clock, so every worker puts an alert in the same digest."""
    step = minutes * 60
    epoch = int(t.timestamp())
    return datetime.fromtimestamp((epoch // step + 1) * step, tz=UTC)


def store_alert(
    s: Session,
    msg: alert_stage.AlertMessage,
    key: str,
    event_id: int | None,
    channels,
    digest_minutes: int | None = None,
) -> list[int]:
    """Record an alert once and queue one delivery per channel; an alert whose key exists is skipped.
    With a digest window the deliveries wait for the window's end and go out together."""
    if s.scalar(select(Alert.id).where(Alert.dedupe_key == key)) is not None:
        return []
    alert = Alert(
        dedupe_key=key,
        alert_uid=msg.alert_id,
        rule=msg.rule,
        event_id=event_id,
        kind=msg.kind,
        old_value=msg.old,
        new_value=msg.new,
        change=msg.change,
        headline=msg.headline(),
        message=message_to_row(msg),
    )
    try:
        with s.begin_nested():
            s.add(alert)
            s.flush()
    except IntegrityError:
        return []  # another transaction recorded the same alert first: exactly once
    ids = []
    window_end = digest_window_end(msg.created_at, digest_minutes) if digest_minutes else None
    for channel in channels:
        d = Delivery(alert_id=alert.id, channel=channel)
        if window_end is not None:
            d.next_attempt_at = window_end
            d.digest_key = f"{msg.rule}|{channel}|{window_end.isoformat()}"
        s.add(d)
        s.flush()
        ids.append(d.id)
    return ids


# --- delivery --------------------------------------------------------------------------------------


MESSAGE_CLASSES = {"figure": alert_stage.AlertMessage, "feed_health": health.FeedHealthMessage}


def message_to_row(msg: alert_stage.AlertMessage) -> dict:
    fields = dataclasses.asdict(msg)
    fields["created_at"] = msg.created_at.isoformat()
    cls = next(k for k, v in MESSAGE_CLASSES.items() if type(msg) is v)
    return {"class": cls, "fields": fields, "payload": msg.payload()}


def message_from_alert(alert: Alert) -> alert_stage.AlertMessage:
    fields = dict(alert.message["fields"])
    fields["created_at"] = datetime.fromisoformat(fields["created_at"])
    return MESSAGE_CLASSES[alert.message.get("class", "figure")](**fields)
