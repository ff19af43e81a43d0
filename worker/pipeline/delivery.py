"""Delivery: claim a delivery, send it outside any transaction, record the attempt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from worker.pipeline.alerts import message_from_alert
from worker.pipeline.common import log, now
from worker.settings import Settings
from worker.stages import deliver as deliver_stage
from worker.store.db import transaction
from worker.store.models import (
    Delivery,
    DeliveryAttempt,
    DisabledEndpoint,
)


@dataclass
class DeliveryOutcome:
    delivery_id: int
    status: str
    retry_in: float | None = None
    detail: str | None = None


def deliver(settings: Settings, delivery_id: int, channels: dict[str, Any]) -> DeliveryOutcome:
    t = now()
    with transaction(settings.database_url) as s:
        d = s.get(Delivery, delivery_id, with_for_update=True)
        if d is None:
            return DeliveryOutcome(delivery_id, "missing")
        if d.status in ("sent", "dead"):
            return DeliveryOutcome(delivery_id, d.status)
        if d.next_attempt_at > t:
            return DeliveryOutcome(delivery_id, d.status, retry_in=(d.next_attempt_at - t).total_seconds())
        if d.status == "sending" and d.claimed_until and d.claimed_until > t:
            return DeliveryOutcome(delivery_id, "sending")
        if s.get(DisabledEndpoint, d.channel) is not None:
            d.status, d.last_error = "dead", "channel disabled by the receiver (410 Gone)"
            return DeliveryOutcome(delivery_id, "dead", detail=d.last_error)
        d.status, d.attempts = "sending", d.attempts + 1
        d.claimed_until = t + timedelta(seconds=settings.delivery_lease_seconds)
        attempt = d.attempts
        message = message_from_alert(d.alert)
        channel_name = d.channel
    channel = channels.get(channel_name)
    error: Exception | None = None
    detail = None
    try:
        if channel is None:
            raise deliver_stage.DeliveryError(
                f"no channel named {channel_name!r} in the alerts file", permanent=True
            )
        detail = channel.send(message)
    except deliver_stage.DeliveryError as exc:
        error = exc
    except Exception as exc:  # an unexpected failure is retried, not lost
        log.exception("delivery %s via %s", delivery_id, channel_name)
        error = deliver_stage.DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False)
    with transaction(settings.database_url) as s:
        d = s.get(Delivery, delivery_id, with_for_update=True)
        d.claimed_until = None
        if error is None:
            d.status, d.sent_at, d.detail, d.last_error = "sent", now(), detail, None
            s.add(DeliveryAttempt(delivery_id=d.id, attempt=attempt, ok=True, detail=detail))
            return DeliveryOutcome(delivery_id, "sent", detail=detail)
        d.last_error = str(error)[:2000]
        s.add(DeliveryAttempt(delivery_id=d.id, attempt=attempt, ok=False, detail=d.last_error))
        if getattr(error, "disable_endpoint", False) and s.get(DisabledEndpoint, channel_name) is None:
            s.add(DisabledEndpoint(channel=channel_name, reason=d.last_error))
        delay = (
            None
            if error.permanent
            else deliver_stage.retry_delay(attempt, getattr(error, "retry_after", None))
        )
        if delay is None:
            d.status = "dead"
            log.error("delivery %s via %s given up: %s", delivery_id, channel_name, error)
            return DeliveryOutcome(delivery_id, "dead", detail=d.last_error)
        d.status, d.next_attempt_at = "failed", now() + timedelta(seconds=delay)
        log.warning("delivery %s via %s failed, retry in %.0fs: %s", delivery_id, channel_name, delay, error)
        return DeliveryOutcome(delivery_id, "failed", retry_in=delay, detail=d.last_error)
