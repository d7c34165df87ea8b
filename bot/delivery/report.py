"""What `status` should say about deliveries: missed daily posts and failed sends.

`delivery_problems(store, channel_name=...)` returns short lines, newest first, for the
commands to show (bot/commands/status.py can append them to its reply).
"""

from __future__ import annotations

from bot.delivery.daily import is_missed_record
from storage.base import Delivery, DeliveryKind, DeliveryStatus, Outbox


def describe_problem(delivery: Delivery) -> str:
    when = delivery.day.isoformat() if delivery.day else delivery.created.date().isoformat()
    if is_missed_record(delivery):
        return f"daily post of {when} missed: the bot was down past the grace window"
    what = "post" if delivery.kind is DeliveryKind.THREAD else delivery.kind.value
    reason = (delivery.error or "unknown reason").removeprefix("missed: ")
    paper = f" ({delivery.paper_id})" if delivery.paper_id else ""
    return f"{what}{paper} of {when} not delivered after {delivery.attempts} attempt(s): {reason}"


async def delivery_problems(
    store: Outbox, *, channel_name: str | None = None, limit: int = 5
) -> list[str]:
    """Missed posts and failed sends (of one configured channel, or all), newest first."""
    failed = await store.deliveries(
        status=DeliveryStatus.FAILED, channel_name=channel_name, limit=limit
    )
    missed = await store.deliveries(
        status=DeliveryStatus.MISSED, channel_name=channel_name, limit=limit
    )
    rows = sorted([*failed, *missed], key=lambda d: d.id, reverse=True)[:limit]
    return [describe_problem(d) for d in rows]
