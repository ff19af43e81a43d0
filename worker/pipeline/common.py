"""Helpers shared by the pipeline modules."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from worker.settings import Settings
from worker.stages import alert as alert_stage
from worker.stages.fetch import FetchLimits

log = logging.getLogger("newsmon")
KINDS = alert_stage.KINDS


def now() -> datetime:
    return datetime.now(UTC)


def fetch_limits(settings: Settings) -> FetchLimits:
    return FetchLimits(
        connect_timeout=settings.connect_timeout,
        total_timeout=settings.fetch_timeout,
        max_bytes=settings.max_feed_bytes,
        user_agent=settings.user_agent,
        allow_private_networks=settings.allow_private_networks,
    )
