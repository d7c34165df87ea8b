"""What `status` should say about deliveries: missed daily posts, failed sends, and
sends a long rate limit held back (when they went, or until when they wait).

`delivery_problems(store, channel_name=...)` returns short lines, newest first, for the
commands to show (bot/commands/status.py can append them to its reply).
"""

from __future__ import annotations

from bot.delivery.outcome import is_missed_record
from bot.delivery.timing import LATE, clock_time
from storage.base import Delivery, DeliveryKind, DeliveryStatus, Outbox

RECENT_SENDS = 50  # sent deliveries looked at for late ones


def describe_problem(delivery: Delivery) -> str:
    when = delivery.day.isoformat() if delivery.day else delivery.created.date().isoformat()
    if is_missed_record(delivery):
        return f"daily post of {when} missed: the bot was down past the grace window"
    what = "post" if delivery.kind is DeliveryKind.THREAD else delivery.kind.value
    paper = f" ({delivery.paper_id})" if delivery.paper_id else ""
    if delivery.status is DeliveryStatus.SENT and delivery.sent_at is not None:
        late = int((delivery.sent_at - delivery.created).total_seconds() // 60)
        return f"{what}{paper} of {when} went at {clock_time(delivery.sent_at)}, {late} min late"
    if delivery.status is DeliveryStatus.PENDING and delivery.not_before is not None:
        until = clock_time(delivery.not_before)
        return f"{what}{paper} of {when} waits until {until}: {delivery.error or 'retrying'}"
    reason = (delivery.error or "unknown reason").removeprefix("missed: ")
    return f"{what}{paper} of {when} not delivered after {delivery.attempts} attempt(s): {reason}"


def _held_back(delivery: Delivery) -> bool:
    """Sent late, or waiting for a rate limit to end (the sender notes why in `error`)."""
    if delivery.status is DeliveryStatus.SENT and delivery.sent_at is not None:
        return delivery.sent_at - delivery.created >= LATE
    return delivery.status is DeliveryStatus.PENDING and "rate limited" in (delivery.error or "")


async def delivery_problems(
    store: Outbox, *, channel_name: str | None = None, limit: int = 5
) -> list[str]:
    """Missed posts, failed sends, and sends held back by a rate limit (when they went or
    until when they wait), of one configured channel or all, newest first."""
    failed = await store.deliveries(
        status=DeliveryStatus.FAILED, channel_name=channel_name, limit=limit
    )
    missed = await store.deliveries(
        status=DeliveryStatus.MISSED, channel_name=channel_name, limit=limit
    )
    held = [
        d
        for status in (DeliveryStatus.PENDING, DeliveryStatus.SENT)
        for d in await store.deliveries(
            status=status, channel_name=channel_name, limit=RECENT_SENDS
        )
        if _held_back(d)
    ]
    rows = sorted([*failed, *missed, *held], key=lambda d: d.id, reverse=True)[:limit]
    return [describe_problem(d) for d in rows]
