"""The unit-of-work layer: load by id, call a stage, save — one short transaction each.

Celery tasks (worker/tasks.py) and the embedded loop (worker/embedded.py) both call these functions and
enqueue or run whatever comes next only after the function returned, i.e. after its commit. Slow work
(HTTP, NLP, sending) happens outside transactions; stateful decisions (dedup, event linking, figure
updates, alert decisions) happen inside one, under a lock, so concurrent workers cannot race.
"""

from worker.pipeline.alerts import message_from_alert, message_to_row, store_alert
from worker.pipeline.common import fetch_limits, now
from worker.pipeline.delivery import DeliveryOutcome, deliver
from worker.pipeline.extraction import extract_article, load_for_extraction, record_failure, save_extraction
from worker.pipeline.feeds import PollOutcome, add_feed, claim_due_feeds, poll_feed, sync_feeds
from worker.pipeline.linking import LinkOutcome, link_article
from worker.pipeline.recovery import Stale, find_stale
from worker.pipeline.replay import ingest_item

__all__ = [
    "DeliveryOutcome",
    "LinkOutcome",
    "PollOutcome",
    "Stale",
    "add_feed",
    "claim_due_feeds",
    "deliver",
    "extract_article",
    "fetch_limits",
    "find_stale",
    "ingest_item",
    "link_article",
    "load_for_extraction",
    "message_from_alert",
    "message_to_row",
    "now",
    "poll_feed",
    "record_failure",
    "save_extraction",
    "store_alert",
    "sync_feeds",
]
