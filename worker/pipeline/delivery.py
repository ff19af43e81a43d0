"""Delivery: claim a delivery, send it outside any transaction, record the attempt.

A delivery of a digest rule is sent together with every other due delivery of the same digest key
(rule, channel, window): whichever task runs first claims the whole group and sends one message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select

from worker.pipeline.alerts import message_from_alert
from worker.pipeline.common import log, now
from worker.settings import Settings
from worker.stages import alert as alert_stage
from worker.stages import deliver as deliver_stage
from worker.store.db import transaction
from worker.store.models import Delivery, DeliveryAttempt, DisabledEndpoint


@dataclass
class DeliveryOutcome:
    delivery_id: int
    status: str
    retry_in: float | None = None
    detail: str | None = None


def _claim(settings: Settings, delivery_id: int):
    """Take the delivery (and its digest group) for one attempt, or say why not."""
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
        group = [d]
        if d.digest_key:
            q = (
                select(Delivery)
                .where(Delivery.digest_key == d.digest_key, Delivery.id != d.id)
                .where(Delivery.status.in_(("pending", "failed", "sending")), Delivery.next_attempt_at <= t)
                .where(or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < t))
                .order_by(Delivery.id)
            )
            if s.get_bind().dialect.name == "postgresql":
                q = q.with_for_update(skip_locked=True)
            group += list(s.scalars(q))
        lease = t + timedelta(seconds=settings.delivery_lease_seconds)
        for member in group:
            member.status, member.attempts, member.claimed_until = "sending", member.attempts + 1, lease
        messages = [message_from_alert(m.alert) for m in group]
        if d.digest_key:
            message = alert_stage.digest_message(messages[0].rule, messages, t)
        else:
            message = messages[0]
        return [m.id for m in group], d.attempts, d.channel, message


def deliver(settings: Settings, delivery_id: int, channels: dict[str, Any]) -> DeliveryOutcome:
    claimed = _claim(settings, delivery_id)
    if isinstance(claimed, DeliveryOutcome):
        return claimed
    group, attempt, channel_name, message = claimed
    channel = channels.get(channel_name)
    error: deliver_stage.DeliveryError | None = None
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
    return _record(settings, delivery_id, group, attempt, channel_name, error, detail)


def _record(settings, delivery_id, group, attempt, channel_name, error, detail) -> DeliveryOutcome:
    with transaction(settings.database_url) as s:
        members = list(s.scalars(select(Delivery).where(Delivery.id.in_(group)).with_for_update()))
        for m in members:
            m.claimed_until = None
        if error is None:
            for m in members:
                m.status, m.sent_at, m.detail, m.last_error = "sent", now(), detail, None
                s.add(DeliveryAttempt(delivery_id=m.id, attempt=m.attempts, ok=True, detail=detail))
            return DeliveryOutcome(delivery_id, "sent", detail=detail)
        last_error = str(error)[:2000]
        for m in members:
            m.last_error = last_error
            s.add(DeliveryAttempt(delivery_id=m.id, attempt=m.attempts, ok=False, detail=last_error))
        if error.disable_endpoint and s.get(DisabledEndpoint, channel_name) is None:
            s.add(DisabledEndpoint(channel=channel_name, reason=last_error))
        delay = None if error.permanent else deliver_stage.retry_delay(attempt, error.retry_after)
        if delay is None:
            for m in members:
                m.status = "dead"
            log.error("delivery %s via %s given up: %s", delivery_id, channel_name, error)
            return DeliveryOutcome(delivery_id, "dead", detail=last_error)
        for m in members:
            m.status, m.next_attempt_at = "failed", now() + timedelta(seconds=delay)
        log.warning("delivery %s via %s failed, retry in %.0fs: %s", delivery_id, channel_name, delay, error)
        return DeliveryOutcome(delivery_id, "failed", retry_in=delay, detail=last_error)
