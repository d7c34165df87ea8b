"""What the daily post of a channel came to, for a day: `PostOutcome`, which the CLI and
the scheduler report, and the outbox rows that record a missed post."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from storage.base import Delivery, DeliveryKind, DeliveryStatus


class PostStatus(StrEnum):
    """What `DailyPoster.post` did for a channel and day."""

    PLANNED = "planned"  # the day's post is in the outbox
    ALREADY = "already"  # that day was posted (or planned) before: nothing new
    EMPTY = "empty"  # nothing new: the empty-day note was posted
    SKIPPED = "skipped"  # nothing new and quiet_day = "skip": no post
    PAUSED = "paused"
    MISSED = "missed"  # that day's post was missed (past the grace window)


@dataclass(frozen=True)
class PostOutcome:
    """What `post` did, for `describe` to say."""

    channel: str
    day: dt.date
    status: PostStatus
    papers: tuple[str, ...] = ()
    sent: int = 0
    pending: int = 0

    def describe(self) -> str:
        day = self.day.isoformat()
        if self.status is PostStatus.PLANNED:
            return f"{self.channel}: posted {len(self.papers)} paper(s) for {day}"
        if self.status is PostStatus.ALREADY:
            extra = f", {self.pending} still to send" if self.pending else ""
            return (
                f"{self.channel}: already posted for {day} ({self.sent} sent{extra}); nothing new"
            )
        if self.status is PostStatus.EMPTY:
            return f"{self.channel}: nothing new for {day}; posted the empty-day note"
        if self.status is PostStatus.SKIPPED:
            return f'{self.channel}: nothing new for {day}; no post (quiet_day = "skip")'
        if self.status is PostStatus.MISSED:
            return f"{self.channel}: the post for {day} was missed (past the grace window)"
        return f"{self.channel}: paused; no post for {day}"


def is_missed_record(delivery: Delivery) -> bool:
    """A missed daily post's record: status MISSED (older stores: a FAILED row of kind
    "missed"). Not a send, so neither a failure nor something still to send."""
    return delivery.status is DeliveryStatus.MISSED or delivery.kind is DeliveryKind.MISSED


def already_outcome(name: str, day: dt.date, existing: list[Delivery]) -> PostOutcome:
    """What a second `post` for a planned (or missed) day says: what became of it."""
    if all(is_missed_record(d) for d in existing):
        return PostOutcome(name, day, PostStatus.MISSED)
    sent = sum(1 for d in existing if d.status is DeliveryStatus.SENT)
    pending = sum(
        1 for d in existing if d.status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING)
    )
    papers = tuple(d.paper_id for d in existing if d.paper_id)
    return PostOutcome(name, day, PostStatus.ALREADY, papers, sent=sent, pending=pending)
