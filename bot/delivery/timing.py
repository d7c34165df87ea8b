"""When a delivery went, or when it will: one line for a post's report.

A send held back by a long rate limit is not lost but late; whoever reads the report
should see when it actually went ("went at 10:01 UTC, 61 min after it was due") or, while
it waits, until when and why ("waits until 10:00 UTC: rate limited ...").
"""

from __future__ import annotations

import datetime as dt

from storage.base import Delivery, DeliveryStatus

LATE = dt.timedelta(minutes=1)  # sent later than this after being queued is reported as late


def clock_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%H:%M UTC")


def describe_timing(delivery: Delivery, now: dt.datetime) -> str:
    """`<key>: went at 09:00 UTC`, `... 61 min after it was due`, `waits until ...`."""
    head = delivery.key
    if delivery.status is DeliveryStatus.SENT and delivery.sent_at is not None:
        late = delivery.sent_at - delivery.created
        if late >= LATE:
            minutes = int(late.total_seconds() // 60)
            return f"{head}: went at {clock_time(delivery.sent_at)}, {minutes} min after it was due"
        return f"{head}: went at {clock_time(delivery.sent_at)}"
    if delivery.status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING):
        if delivery.not_before is not None and delivery.not_before > now:
            reason = f": {delivery.error}" if delivery.error else ""
            return f"{head}: waits until {clock_time(delivery.not_before)}{reason}"
        return f"{head}: being sent"
    reason = delivery.error or "unknown reason"
    return f"{head}: not delivered ({delivery.status.value}): {reason}"
